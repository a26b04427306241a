/**
 * Every fault profile changes behaviour a phone can observe: the same stimulus against a healthy
 * lock and against a lock started with the fault, over the virtual air with a real noble phone.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { decodeAuditRecord, decodeLockInfo, decodeTlv, importPublicKey, jwkToPublicKeyRaw, LOCK_INFO_LENGTH, toHex, uuidToBytes, verifySealedAuditSignature } from '@keyrig/protocol';
import { FAULT_PROFILES, type FaultName } from '../../src/lock/faults.js';
import { T0 } from './fixtures.js';
import { waitUntil } from '@keyrig/testkit';
import { startRig, type Rig, type RigOptions } from './rig.js';
import { blocklistBlob, issueKey, makeProvider, timeSyncBlob } from './world.js';

const rigs: Rig[] = [];
afterEach(async () => {
  for (const r of rigs.splice(0)) await r.close();
});

const OTHER_LOCK = '00000000-0000-4000-8000-0000000000ff';
/** A credential revoked before the lock was provisioned (its provisioning file's blocklist names it). */
const REVOKED_BEFORE = 'bbbbbbbb-0000-4000-8000-000000000016';

/** Handshake then unlock: the code the phone ends up with. */
async function attempt(r: Rig, key?: Awaited<ReturnType<Rig['key']>>, options: Parameters<Rig['phone']>[1] = {}): Promise<string> {
  const p = await r.phone(key, options);
  const hs = await p.handshake;
  const code = hs.ok ? (await p.session.unlock()).codeName : hs.codeName;
  await p.disconnect();
  return code;
}

/** Runs `stimulus` on a healthy lock and on a lock with `fault`; returns both observations. */
async function compare(fault: FaultName, options: RigOptions, stimulus: (r: Rig) => Promise<unknown>): Promise<[unknown, unknown]> {
  const out: unknown[] = [];
  for (const faults of [[], [fault]]) {
    const r = await startRig('door', { ...options, faults, behaviour: { lockoutThreshold: 100, ...options.behaviour } });
    rigs.push(r);
    out.push(await stimulus(r));
  }
  return [out[0], out[1]];
}

const cases: Record<FaultName, () => Promise<[unknown, unknown]>> = {
  'ignores-expiry': () => compare('ignores-expiry', {}, async (r) => attempt(r, await r.key({ notAfter: T0 - 1 }))),
  'ignores-schedule': () =>
    compare('ignores-schedule', {}, async (r) => attempt(r, await r.key({ schedule: [{ days: 0b0000001, startMinute: 0, endMinute: 60 }] }))),
  'ignores-scope': () => compare('ignores-scope', {}, async (r) => attempt(r, await r.key({ entrances: [OTHER_LOCK] }))),
  'skips-blocklist': () =>
    compare('skips-blocklist', {}, async (r) => {
      const victim = await r.key();
      await attempt(r, undefined, { blocklist: await blocklistBlob(r.provider, 1, [victim.credential.document.credentialId]) });
      return attempt(r, victim);
    }),
  'ignores-key-sequence': () =>
    compare('ignores-key-sequence', {}, async (r) => {
      const id = r.provisioning.lock_id;
      // The next guest's key (another grant, sequence 2) was used: the previous guest's is superseded.
      await attempt(r, await r.key({ accessGrantId: 'guest-b', keySequences: { [id]: 2 } }));
      return attempt(r, await r.key({ accessGrantId: 'guest-a', keySequences: { [id]: 1 } }));
    }),
  'accepts-replay': () =>
    compare('accepts-replay', {}, async (r) => {
      const p = await r.phone();
      await p.handshake;
      await p.session.unlock();
      await p.inject(p.sent.at(-1)!);
      const fw = r.lock.firmware;
      await waitUntil(() => fw.auditHighWater() >= 2, 'the lock to act on the replay');
      const codes = fw.auditRecords(1, 10).map((x) => x.resultCode);
      await p.disconnect();
      return codes; // healthy: [GRANTED, REPLAY]; buggy: [GRANTED, GRANTED]
    }),
  'skips-lock-signature': () => compare('skips-lock-signature', {}, (r) => attempt(r)),
  'skips-doc-signature': () =>
    compare('skips-doc-signature', {}, async (r) => attempt(r, await issueKey(await makeProvider('prov-1'), [r.provisioning.lock_id]))),
  'ignores-endpoint-binding': () =>
    compare('ignores-endpoint-binding', {}, async (r) => {
      const genuine = await r.key();
      const thief = await r.key();
      return attempt(r, { credential: genuine.credential, endpointKey: thief.endpointKey });
    }),
  'clock-drift-uncorrected': () =>
    // The lock's RTC runs two days behind; the phone brings a provider-signed time sync (a fast
    // clock could not show the fault: a step back of more than 5 minutes is ignored, §9).
    compare('clock-drift-uncorrected', { behaviour: { clockOffsetMs: -2 * 86_400_000 } }, async (r) =>
      attempt(r, undefined, { timeSync: await timeSyncBlob(r.provider, T0, r.provisioning.lock_id) }),
    ),
  'bad-reassembly-at-mtu-23': () =>
    compare('bad-reassembly-at-mtu-23', { maxMtu: 23 }, async (r) => {
      const p = await r.phone();
      expect(p.mtu).toBe(23);
      // The 25-byte info value needs a long read (Read Blob) at this MTU; the lock serves offsets.
      expect(decodeLockInfo(new Uint8Array(p.info)).lockId).toBe(r.provisioning.lock_id);
      const hs = await p.handshake;
      const code = hs.ok ? (await p.session.unlock()).codeName : hs.codeName;
      await p.disconnect();
      return code;
    }),
  'refuses-stale-blocklist': () =>
    compare('refuses-stale-blocklist', {}, async (r) => {
      await attempt(r, undefined, { blocklist: await blocklistBlob(r.provider, 5, []) });
      return attempt(r, undefined, { blocklist: await blocklistBlob(r.provider, 3, []) }); // an offline phone's older list
    }),
  'forgets-provisioned-blocklist': () =>
    compare('forgets-provisioned-blocklist', { provisionedBlocklist: { version: 6, revoked: [REVOKED_BEFORE] } }, async (r) =>
      attempt(r, await r.key({ credentialId: REVOKED_BEFORE })),
    ),
  'time-sync-to-signing-time': () =>
    // A correct lock clock; the phone got the sync 2 minutes ago and presents it with its age. A
    // key created a minute ago must open: going back to the signing time would make it NOT_YET_VALID.
    compare('time-sync-to-signing-time', {}, async (r) => {
      const now = r.clock.now();
      const key = await r.key({ notBefore: now - 60_000 });
      return attempt(r, key, { timeSync: await timeSyncBlob(r.provider, now - 120_000, r.provisioning.lock_id), timeSyncReceivedAt: now - 120_000 });
    }),
  'leaks-audit': () =>
    compare('leaks-audit', {}, async (r) => {
      await attempt(r); // leaves an audit record
      const p = await r.phone(undefined, { start: false });
      const extra = p.info.subarray(LOCK_INFO_LENGTH);
      await p.disconnect();
      return decodeTlv(new Uint8Array(extra)).map((f) => decodeAuditRecord(f.value).resultCode);
    }),
  'unsigned-audit': () =>
    compare('unsigned-audit', {}, async (r) => {
      const p = await r.phone();
      expect((await p.handshake).ok).toBe(true);
      await p.session.unlock();
      const fetched = await p.session.fetchAudit(1);
      await p.disconnect();
      // Does each record verify under the lock's key (the one its certificate names)?
      const lockKey = await importPublicKey(jwkToPublicKeyRaw(r.provisioning.lock_key.public_jwk), 'ecdsa');
      return Promise.all((fetched.auditRecords ?? []).map((s) => verifySealedAuditSignature(s.sealed, lockKey)));
    }),
  'audit-in-clear': () =>
    compare('audit-in-clear', {}, async (r) => {
      const key = await r.key();
      const p = await r.phone(key);
      expect((await p.handshake).ok).toBe(true);
      await p.session.unlock();
      const fetched = await p.session.fetchAudit(1);
      await p.disconnect();
      // Is the credential id readable in what the phone holds?
      const id = toHex(uuidToBytes(key.credential.document.credentialId));
      return (fetched.auditRecords ?? []).map((s) => toHex(s.sealed).includes(id));
    }),
};

describe('fault profiles change observable behaviour', () => {
  it('there is a test for every profile', () => {
    expect(Object.keys(cases).sort()).toEqual(FAULT_PROFILES.map((f) => f.name).sort());
  });

  it.each(Object.keys(cases) as FaultName[])('%s', async (fault) => {
    const [healthy, buggy] = await cases[fault]();
    expect(buggy).not.toEqual(healthy);
    const expected: Record<FaultName, [unknown, unknown]> = {
      'ignores-expiry': ['EXPIRED', 'GRANTED'],
      'ignores-schedule': ['OUTSIDE_SCHEDULE', 'GRANTED'],
      'ignores-scope': ['WRONG_LOCK', 'GRANTED'],
      'skips-blocklist': ['REVOKED', 'GRANTED'],
      'ignores-key-sequence': ['SUPERSEDED', 'GRANTED'],
      'accepts-replay': [[0x00, 0x09], [0x00, 0x00]],
      'skips-lock-signature': ['GRANTED', 'LOCK_AUTH_FAILED'],
      'skips-doc-signature': ['BAD_SIGNATURE', 'GRANTED'],
      'ignores-endpoint-binding': ['ENDPOINT_MISMATCH', 'GRANTED'],
      'clock-drift-uncorrected': ['GRANTED', 'NOT_YET_VALID'],
      // The corrupted multi-fragment message no longer decodes.
      'bad-reassembly-at-mtu-23': ['GRANTED', 'MALFORMED'],
      'leaks-audit': [[], [0x00]],
      'unsigned-audit': [[true], [false]],
      'audit-in-clear': [[false], [true]],
      'refuses-stale-blocklist': ['GRANTED', 'STALE_BLOB'],
      'forgets-provisioned-blocklist': ['REVOKED', 'GRANTED'],
      'time-sync-to-signing-time': ['GRANTED', 'NOT_YET_VALID'],
    };
    expect([healthy, buggy]).toEqual(expected[fault]);
  });
});
