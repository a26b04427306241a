/**
 * A door lock on the virtual air answers every situation with its exact result code (PROTOCOL.md
 * §8), observed by a real noble phone running protocol's PhoneSession.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  decodeClearError,
  MessageType,
  ResultCode,
  type ResultCodeName,
} from '@keyrig/protocol';
import { MemoryStateStore } from '../../src/lock/stateStore.js';
import { T0 } from './fixtures.js';
import { waitUntil } from '@keyrig/testkit';
import { startRig, type Rig } from './rig.js';
import { blocklistBlob, issueKey, makeProvider, timeSyncBlob } from './world.js';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const OTHER_LOCK = '00000000-0000-4000-8000-0000000000ff';

async function unlockWith(r: Rig, overrides: Parameters<Rig['key']>[0] = {}): Promise<ResultCodeName> {
  const phone = await r.phone(await r.key(overrides));
  const hs = await phone.handshake;
  if (!hs.ok) return hs.codeName;
  const out = await phone.session.unlock();
  await phone.disconnect();
  return out.codeName;
}

/** The code of the last audit record the lock wrote. */
function lastAudit(r: Rig): ResultCodeName | undefined {
  const fw = r.lock.firmware;
  const rec = fw.auditRecords(fw.auditHighWater(), 1)[0];
  return (Object.entries(ResultCode).find(([, v]) => v === rec?.resultCode)?.[0] as ResultCodeName | undefined);
}

describe('door lock: result codes over the virtual air', () => {
  it('credential rules: GRANTED, WRONG_LOCK, NOT_YET_VALID, EXPIRED, OUTSIDE_SCHEDULE, SUPERSEDED, REVOKED', async () => {
    rig = await startRig('door', { behaviour: { lockoutThreshold: 100 } });
    const id = rig.provisioning.lock_id;
    expect(await unlockWith(rig)).toBe('GRANTED');
    expect(await unlockWith(rig, { entrances: [OTHER_LOCK] })).toBe('WRONG_LOCK');
    expect(await unlockWith(rig, { notBefore: T0 + 60_000 })).toBe('NOT_YET_VALID');
    expect(await unlockWith(rig, { notAfter: T0 - 1 })).toBe('EXPIRED');
    expect(await unlockWith(rig, { schedule: [{ days: 0b0000001, startMinute: 0, endMinute: 60 }] })).toBe('OUTSIDE_SCHEDULE');
    // Key sequence (§6, per lock): the next guest's key (sequence 2) supersedes the previous
    // guest's (sequence 1) at this lock on first use; a joiner's equal sequence and a key without
    // a sequence for this lock (staff) still open.
    expect(await unlockWith(rig, { accessGrantId: 'guest-a', keySequences: { [id]: 1 } })).toBe('GRANTED');
    expect(await unlockWith(rig, { accessGrantId: 'guest-b', keySequences: { [id]: 2 } })).toBe('GRANTED');
    expect(await unlockWith(rig, { accessGrantId: 'guest-a', keySequences: { [id]: 1 } })).toBe('SUPERSEDED');
    expect(await unlockWith(rig, { accessGrantId: 'joiner-c', keySequences: { [id]: 2 } })).toBe('GRANTED');
    expect(await unlockWith(rig, { accessGrantId: 'staff', keySequences: {} })).toBe('GRANTED');
    // Blocklist carried by a phone, then a revoked key.
    const victim = await rig.key();
    const carrier = await rig.phone(await rig.key(), { blocklist: await blocklistBlob(rig.provider, 1, [victim.credential.document.credentialId]) });
    expect((await carrier.handshake).ok).toBe(true);
    await carrier.disconnect();
    expect(rig.lock.status().blocklistVersion).toBe(1);
    const p = await rig.phone(victim);
    expect((await p.handshake).ok).toBe(true);
    expect((await p.session.unlock()).codeName).toBe('REVOKED');
  });

  it('signatures and binding: BAD_SIGNATURE, UNKNOWN_PROVIDER_KEY, ENDPOINT_MISMATCH, LOCK_AUTH_FAILED', async () => {
    rig = await startRig('door', { behaviour: { lockoutThreshold: 100 } });
    const lockId = rig.provisioning.lock_id;
    const codeOf = async (p: Awaited<ReturnType<Rig['phone']>>) => {
      const hs = await p.handshake;
      await p.disconnect();
      return hs.ok ? 'ok' : hs.codeName;
    };
    // Signed by a key that claims the provider's key id but is not the provider's.
    const impostor = await makeProvider('prov-1');
    expect(await codeOf(await rig.phone(await issueKey(impostor, [lockId])))).toBe('BAD_SIGNATURE');
    expect(await codeOf(await rig.phone(await issueKey(await makeProvider('prov-9'), [lockId])))).toBe('UNKNOWN_PROVIDER_KEY');
    // A copied document presented by a phone holding another endpoint key.
    const genuine = await rig.key();
    const thief = await rig.key();
    expect(await codeOf(await rig.phone({ credential: genuine.credential, endpointKey: thief.endpointKey }))).toBe('ENDPOINT_MISMATCH');
    // A phone that trusts another provider cannot verify the lock's certificate.
    expect(await codeOf(await rig.phone(undefined, { providerKeys: impostor.keys }))).toBe('LOCK_AUTH_FAILED');
    expect(lastAudit(rig)).toBe('ENDPOINT_MISMATCH'); // LOCK_AUTH_FAILED is the phone's verdict, not an attempt at the lock
  });

  it('protocol errors: UNSUPPORTED_VERSION, MALFORMED, UNEXPECTED_MESSAGE, FRAGMENT_ERROR, REPLAY, DECRYPT_FAILED, DEADLINE_EXCEEDED', async () => {
    rig = await startRig('door', { behaviour: { lockoutThreshold: 100 } });
    const v2 = await (await rig.phone(undefined, { versions: [2] })).handshake;
    expect(v2.ok ? 'ok' : v2.codeName).toBe('UNSUPPORTED_VERSION');

    const errorOf = async (send: (p: Awaited<ReturnType<Rig['phone']>>) => Promise<void>): Promise<ResultCodeName | undefined> => {
      const p = await rig!.phone(undefined, { start: false });
      await send(p);
      await waitUntil(() => p.received.length > 0, 'an answer from the lock');
      const m = p.received[0]!;
      expect(m[0]).toBe(MessageType.ERROR);
      const code = decodeClearError(m).code;
      await p.disconnect();
      return Object.entries(ResultCode).find(([, v]) => v === code)?.[0] as ResultCodeName;
    };
    expect(await errorOf((p) => p.inject(Uint8Array.of(MessageType.HELLO, 0x01, 0xff, 0xff)))).toBe('MALFORMED');
    expect(await errorOf((p) => p.inject(Uint8Array.of(MessageType.COMMAND, 0, 0, 0, 1, ...new Uint8Array(20))))).toBe('UNEXPECTED_MESSAGE');
    expect(await errorOf((p) => p.writeFragment(Uint8Array.of(0, 1, 0xaa, 0xbb)))).toBe('FRAGMENT_ERROR');

    // REPLAY: a COMMAND sent again in the same session.
    const p = await rig.phone();
    expect((await p.handshake).ok).toBe(true);
    expect((await p.session.unlock()).codeName).toBe('GRANTED');
    await p.inject(p.sent.at(-1)!);
    await waitUntil(() => lastAudit(rig!) === 'REPLAY', 'the lock to refuse the replay');
    await p.disconnect();

    // DECRYPT_FAILED: a COMMAND that does not authenticate.
    const q = await rig.phone();
    expect((await q.handshake).ok).toBe(true);
    await q.inject(Uint8Array.of(MessageType.COMMAND, 0, 0, 0, 9, ...new Uint8Array(24)));
    await waitUntil(() => lastAudit(rig!) === 'DECRYPT_FAILED', 'the lock to refuse the forged command');
    await q.disconnect();

    // DEADLINE_EXCEEDED: PHONE_AUTH reaches the lock 3 s after LOCK_AUTH (a relay).
    const clock = rig.clock;
    const slow = await rig.phone(undefined, { beforeSend: (m) => m[0] === MessageType.PHONE_AUTH && clock.advance(3000) });
    const hs = await slow.handshake;
    expect(hs.ok ? 'ok' : hs.codeName).toBe('DEADLINE_EXCEEDED');
  });

  it('lock condition: BUSY (flag advertised), BATTERY_CRITICAL, JAMMED, LOCKOUT, CLOCK_UNSET, a stale blocklist ignored, INTERNAL_ERROR', async () => {
    rig = await startRig('door', {
      behaviour: { maxSessions: 1, lockoutThreshold: 2, lockoutDurationMs: 60_000, clockUnset: true },
      provisionedBlocklist: { version: 5, revoked: [] },
    });
    // CLOCK_UNSET until a provider-signed time sync arrives.
    expect(await unlockWith(rig)).toBe('CLOCK_UNSET');
    const syncing = await rig.phone(undefined, { timeSync: await timeSyncBlob(rig.provider, T0, rig.provisioning.lock_id) });
    expect((await syncing.handshake).ok).toBe(true);
    expect((await syncing.session.unlock()).codeName).toBe('GRANTED');

    // BUSY: the one slot is held by `syncing`; the flag shows in the advertisement.
    await waitUntil(() => rig!.lock.firmware.flags().busy, 'busy flag');
    const second = await rig.phone();
    const busy = await second.handshake;
    expect(busy.ok ? 'ok' : busy.codeName).toBe('BUSY');
    await second.disconnect();
    await syncing.disconnect();
    await waitUntil(() => !rig!.lock.firmware.flags().busy, 'slot freed on disconnect');

    // A phone carries blocklist v3, the lock holds v5 (from provisioning): ignored, not refused
    // (§9, formerly STALE_BLOB); the session goes on and the lock keeps v5.
    const stale = await rig.phone(undefined, { blocklist: await blocklistBlob(rig.provider, 3, []) });
    const st = await stale.handshake;
    expect(st.ok ? 'ok' : st.codeName).toBe('ok');
    expect((await stale.session.unlock()).codeName).toBe('GRANTED');
    await stale.disconnect();
    expect(rig.lock.firmware.blocklistVersion).toBe(5);
    await waitUntil(() => !rig!.lock.firmware.flags().busy, 'slot freed on disconnect');

    rig.lock.firmware.setBattery(3);
    expect(await unlockWith(rig)).toBe('BATTERY_CRITICAL');
    rig.lock.firmware.setBattery(80);
    rig.lock.firmware.setJammed(true);
    expect(await unlockWith(rig)).toBe('JAMMED');
    rig.lock.firmware.setJammed(false);

    // LOCKOUT after 2 invalid attempts (wandering intruder), announced in the advertisement.
    expect(await unlockWith(rig, { entrances: [OTHER_LOCK] })).toBe('WRONG_LOCK');
    expect(await unlockWith(rig, { entrances: [OTHER_LOCK] })).toBe('WRONG_LOCK');
    expect(rig.lock.firmware.flags().lockout).toBe(true);
    expect(await unlockWith(rig)).toBe('LOCKOUT');
    rig.clock.advance(60_000);
    expect(await unlockWith(rig)).toBe('GRANTED');
  });

  it('INTERNAL_ERROR when the firmware fails (flash write error), without crashing the lock', async () => {
    let failing = false;
    const store = new MemoryStateStore();
    const flaky = { load: () => store.load(), save: (st: Parameters<MemoryStateStore['save']>[0]) => {
      if (failing) throw new Error('flash write failed');
      store.save(st);
    } };
    rig = await startRig('door', { store: flaky });
    failing = true;
    expect(await unlockWith(rig)).toBe('INTERNAL_ERROR');
    failing = false;
    expect(await unlockWith(rig)).toBe('GRANTED');
  });
});
