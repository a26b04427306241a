/**
 * Attacks on a lock, each refused with its code AND audited by the lock with that code (what a
 * property manager later sees uploaded): replay (in session and of a whole recorded session),
 * relay delay past the handshake deadline, wrong lock, forged and altered credential documents,
 * a copied document on the wrong endpoint key, and downgrade by a man in the middle.
 * Session-level versions of several live in protocol/test (everyResultCode, downgrade); these
 * run the lock simulator's firmware, audit ring and connection handler.
 */
import { describe, expect, it } from 'vitest';
import {
  CommandOp,
  decodeClearError,
  encodeHello,
  MessageType,
  NO_CREDENTIAL_ID,
  resultCodeName,
  signCredentialDocument,
} from '@keyrig/protocol';
import { makeProvider } from '../lock/world.js';
import { waitUntil } from '@keyrig/testkit';
import { attackLock, connectThrough } from './attacks/attackRig.js';

const HANDSHAKE = CommandOp.HANDSHAKE;

describe('attacks at the lock are refused and audited with their code', () => {
  it('replay of a COMMAND in the same session: REPLAY, audited against the credential, the door opens once', async () => {
    const lock = await attackLock();
    const key = await lock.key();
    const c = connectThrough(lock, key);
    expect((await c.handshake).ok).toBe(true);
    expect((await c.phone.unlock()).codeName).toBe('GRANTED');
    const from = lock.firmware.auditHighWater() + 1;
    await c.inject(c.fromPhone.at(-1)!);
    await waitUntil(() => lock.firmware.auditHighWater() >= from, 'the replay to be audited');
    expect(lock.auditSince(from)).toEqual([{ code: 'REPLAY', op: HANDSHAKE, credentialId: key.credential.document.credentialId }]);
    expect(lock.firmware.status().counters.grants).toBe(1);
    c.close();
  });

  it('replay of a whole recorded session on a new connection: DECRYPT_FAILED, audited, nothing granted', async () => {
    const lock = await attackLock();
    const recorded = connectThrough(lock, await lock.key());
    expect((await recorded.handshake).ok).toBe(true);
    expect((await recorded.phone.unlock()).codeName).toBe('GRANTED');
    recorded.close();
    const [hello, phoneAuth, command] = recorded.fromPhone;
    const from = lock.firmware.auditHighWater() + 1;
    // The attacker plays the recording to the lock: the lock's fresh ephemeral key and
    // transaction id make the old PHONE_AUTH undecryptable.
    const replay = connectThrough(lock, await lock.key(), {}, { start: false });
    await replay.inject(hello!);
    await waitUntil(() => replay.fromLock.length === 1, 'LOCK_AUTH');
    await replay.inject(phoneAuth!);
    await replay.inject(command!);
    await waitUntil(() => lock.firmware.auditHighWater() >= from, 'the replay to be audited');
    await replay.settle();
    expect(lock.auditSince(from)).toEqual([{ code: 'DECRYPT_FAILED', op: HANDSHAKE, credentialId: NO_CREDENTIAL_ID }]);
    expect(decodeClearError(replay.fromLock.at(-1)!).code).toBe(0x17);
    expect(lock.firmware.status().counters.grants).toBe(1);
    replay.close();
  });

  it('relay delay: PHONE_AUTH 2001 ms after LOCK_AUTH is DEADLINE_EXCEEDED and audited; 2000 ms is still in time', async () => {
    for (const delay of [2000, 2001]) {
      const lock = await attackLock();
      let held: Uint8Array | undefined;
      const c = connectThrough(lock, await lock.key(), { toLock: (m) => (m[0] === MessageType.PHONE_AUTH && !held ? ((held = m), undefined) : m) });
      await waitUntil(() => held !== undefined, 'the relay to hold PHONE_AUTH');
      lock.clock.advance(delay);
      await c.inject(held!);
      const hs = await c.handshake;
      if (delay === 2000) {
        expect(hs.ok).toBe(true);
        expect(lock.auditSince(1)).toEqual([]);
      } else {
        expect(hs.ok ? 'ok' : hs.codeName).toBe('DEADLINE_EXCEEDED');
        expect(lock.auditSince(1)).toEqual([{ code: 'DEADLINE_EXCEEDED', op: HANDSHAKE, credentialId: NO_CREDENTIAL_ID }]);
      }
      c.close();
    }
  });

  it('wrong lock: a key for another door is WRONG_LOCK, audited with the credential; a phone relayed to the wrong lock refuses it', async () => {
    const lock = await attackLock('00000000-0000-4000-8000-00000000aaaa');
    const other = '00000000-0000-4000-8000-00000000bbbb';
    const key = await lock.key({ entrances: [other], keySequences: { [other]: 1 } });
    const c = connectThrough(lock, key);
    expect((await c.handshake).ok).toBe(true);
    expect((await c.phone.unlock()).codeName).toBe('WRONG_LOCK');
    expect(lock.auditSince(1)).toEqual([{ code: 'WRONG_LOCK', op: CommandOp.UNLOCK, credentialId: key.credential.document.credentialId }]);
    c.close();
    // The guest meant door B; a relay connects the phone to door A: the lock proves A, the phone stops.
    const relayed = connectThrough(lock, key, {}, { expectedLockId: other });
    const hs = await relayed.handshake;
    expect(hs.ok ? 'ok' : hs.codeName).toBe('LOCK_AUTH_FAILED');
    expect(relayed.fromPhone.map((m) => m[0])).not.toContain(MessageType.PHONE_AUTH);
    expect(lock.firmware.status().counters.grants).toBe(0);
    relayed.close();
  });

  it('forged documents: impostor signature, altered signed body, unknown key id — refused and audited, no credential id trusted', async () => {
    const lock = await attackLock();
    const lockId = lock.provisioning.lock_id;
    const genuine = await lock.key();
    // 1. Signed by a key that claims the provider's key id.
    const impostor = await makeProvider(lock.provider.signer.keyId);
    const forged = { ...genuine, credential: { ...genuine.credential, bytes: await signCredentialDocument({ ...genuine.credential.document }, impostor.signer) } };
    // 2. The genuine envelope with one byte of the signed body changed (e.g. validity stretched).
    const altered = genuine.credential.bytes.slice();
    altered[40]! ^= 0x01;
    // 3. A key id the lock was never given.
    const stranger = await makeProvider('pk-unknown');
    const unknown = { ...genuine, credential: { ...genuine.credential, bytes: await signCredentialDocument({ ...genuine.credential.document }, stranger.signer) } };
    const cases = [
      [forged, 'BAD_SIGNATURE'],
      [{ ...genuine, credential: { ...genuine.credential, bytes: altered } }, 'BAD_SIGNATURE'],
      [unknown, 'UNKNOWN_PROVIDER_KEY'],
    ] as const;
    for (const [key, code] of cases) {
      const from = lock.firmware.auditHighWater() + 1;
      const c = connectThrough(lock, key);
      const hs = await c.handshake;
      expect(hs.ok ? 'ok' : hs.codeName).toBe(code);
      expect(lock.auditSince(from)).toEqual([{ code, op: HANDSHAKE, credentialId: NO_CREDENTIAL_ID }]);
      c.close();
    }
    expect(lock.firmware.status().counters.grants).toBe(0);
    expect(lockId).toBe(genuine.credential.document.entrances[0]);
  });

  it('a copied document on another phone (wrong endpoint key): ENDPOINT_MISMATCH, audited', async () => {
    const lock = await attackLock();
    const victim = await lock.key();
    const thief = await lock.key();
    const c = connectThrough(lock, { credential: victim.credential, endpointKey: thief.endpointKey });
    const hs = await c.handshake;
    expect(hs.ok ? 'ok' : hs.codeName).toBe('ENDPOINT_MISMATCH');
    const audit = lock.auditSince(1);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ code: 'ENDPOINT_MISMATCH', op: HANDSHAKE });
    expect(lock.firmware.status().counters.grants).toBe(0);
    c.close();
  });

  it('downgrade: versions the lock does not speak are UNSUPPORTED_VERSION (audited); a man in the middle altering HELLO or LOCK_AUTH is caught by the phone', async () => {
    const lock = await attackLock();
    const c = connectThrough(lock, await lock.key(), {}, { start: false });
    await c.inject(encodeHello({ versions: [2, 3], features: 0 }));
    await waitUntil(() => c.fromLock.length === 1, 'the refusal');
    expect(resultCodeName(decodeClearError(c.fromLock[0]!).code)).toBe('UNSUPPORTED_VERSION');
    expect(lock.auditSince(1)).toEqual([{ code: 'UNSUPPORTED_VERSION', op: HANDSHAKE, credentialId: NO_CREDENTIAL_ID }]);
    c.close();

    // HELLO altered in flight (a phone offering [1, 2] stripped to [1]): the lock signs the HELLO it got.
    const stripped = connectThrough(lock, await lock.key(), { toLock: (m) => (m[0] === MessageType.HELLO ? encodeHello({ versions: [1], features: 0 }) : m) }, { versions: [1, 2] });
    const hs1 = await stripped.handshake;
    expect(hs1.ok ? 'ok' : hs1.codeName).toBe('LOCK_AUTH_FAILED');
    stripped.close();
    // LOCK_AUTH altered in flight (any signed byte, here the lock time): the signature breaks.
    const bent = connectThrough(lock, await lock.key(), { toPhone: (m) => (m[0] === MessageType.LOCK_AUTH ? flipNear(m, m.length - 80) : m) });
    const hs2 = await bent.handshake;
    expect(hs2.ok ? 'ok' : hs2.codeName).toMatch(/LOCK_AUTH_FAILED|MALFORMED/);
    bent.close();
    expect(lock.firmware.status().counters.grants).toBe(0);
  });
});

function flipNear(m: Uint8Array, at: number): Uint8Array {
  const out = m.slice();
  out[at]! ^= 0x01;
  return out;
}
