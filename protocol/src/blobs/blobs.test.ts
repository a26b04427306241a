import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyIdArb, timeArb, u32Arb, uuidArb } from '../../test/arbitraries.js';
import { generateSigningKeyPair } from '../crypto/keys.js';
import { ResultCode } from '../resultCodes.js';
import { decodeBlocklistBody, decodeTimeSyncBody, encodeBlocklistBody, encodeTimeSyncBody } from './blobCodec.js';
import { checkBlocklistFreshness, checkTimeSyncFreshness, MAX_CLOCK_TIME_MS, MAX_TIME_SYNC_BACKWARD_MS } from './blobFreshness.js';
import { signBlocklist, signTimeSync, verifyBlocklist, verifyTimeSync } from './signBlobs.js';

describe('blobs', () => {
  it('blocklist and time sync bodies round-trip (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.record({ version: u32Arb, issuedAt: timeArb, revokedCredentialIds: fc.array(uuidArb, { maxLength: 10 }), keyId: keyIdArb }),
        (b) => {
          expect(decodeBlocklistBody(encodeBlocklistBody(b))).toEqual(b);
        },
      ),
    );
    fc.assert(
      fc.property(fc.record({ time: timeArb, keyId: keyIdArb }), fc.option(uuidArb, { nil: undefined }), (t, lockId) => {
        const ts = lockId === undefined ? t : { ...t, lockId };
        expect(decodeTimeSyncBody(encodeTimeSyncBody(ts))).toEqual(ts);
      }),
    );
  });

  it('signs and verifies; a blocklist signature does not verify as a time sync', async () => {
    const p = await generateSigningKeyPair(false);
    const signer = { keyId: 'p', privateKey: p.privateKey };
    const keys = new Map([['p', p.publicKey]]);
    const bl = await signBlocklist({ version: 3, issuedAt: 5, revokedCredentialIds: ['aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee'] }, signer);
    expect(await verifyBlocklist(bl, keys)).toMatchObject({ ok: true, value: { version: 3 } });
    const ts = await signTimeSync({ time: 1234 }, signer);
    expect(await verifyTimeSync(ts, keys)).toMatchObject({ ok: true, value: { time: 1234 } });
    expect(await verifyTimeSync(bl, keys)).toMatchObject({ ok: false, code: ResultCode.MALFORMED });
    expect(await verifyBlocklist(ts, new Map())).toMatchObject({ ok: false, code: ResultCode.MALFORMED });
  });

  it('freshness rules', () => {
    const b = { version: 3, issuedAt: 0, revokedCredentialIds: [], keyId: 'p' };
    expect(checkBlocklistFreshness(b, undefined)).toBe(ResultCode.GRANTED);
    expect(checkBlocklistFreshness(b, 3)).toBe(ResultCode.GRANTED);
    expect(checkBlocklistFreshness(b, 4)).toBe(ResultCode.STALE_BLOB); // older: ignored (§9), not a refusal
    expect(checkBlocklistFreshness({ ...b, version: 0 }, undefined)).toBe(ResultCode.GRANTED); // holding none: any version
    const lock = '0b7e1d2c-3a4f-4b5c-8d6e-7f8091a2b3c4';
    expect(checkTimeSyncFreshness({ time: 10, keyId: 'p' }, lock, 9)).toBe(ResultCode.GRANTED);
    expect(checkTimeSyncFreshness({ time: 10, keyId: 'p' }, lock, 10)).toBe(ResultCode.STALE_BLOB);
    expect(checkTimeSyncFreshness({ time: 10, lockId: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee', keyId: 'p' }, lock, undefined)).toBe(ResultCode.WRONG_LOCK);
  });

  it('time sync: a set clock is never turned back by more than 5 minutes; forward is free; an unset clock takes any', () => {
    const lock = '0b7e1d2c-3a4f-4b5c-8d6e-7f8091a2b3c4';
    const now = Date.UTC(2026, 0, 8, 12, 0);
    const at = (time: number) => ({ time, keyId: 'p' });
    expect(MAX_TIME_SYNC_BACKWARD_MS).toBe(5 * 60_000);
    // The check-in sync after checkout, on a lock that never accepted one: a replay.
    expect(checkTimeSyncFreshness(at(now - 86_400_000), lock, undefined, now)).toBe(ResultCode.STALE_BLOB);
    expect(checkTimeSyncFreshness(at(now - MAX_TIME_SYNC_BACKWARD_MS - 1), lock, undefined, now)).toBe(ResultCode.STALE_BLOB);
    expect(checkTimeSyncFreshness(at(now - MAX_TIME_SYNC_BACKWARD_MS), lock, undefined, now)).toBe(ResultCode.GRANTED); // drift
    expect(checkTimeSyncFreshness(at(now - 120_000), lock, now - 3_600_000, now)).toBe(ResultCode.GRANTED);
    expect(checkTimeSyncFreshness(at(now + 365 * 86_400_000), lock, now, now)).toBe(ResultCode.GRANTED);
    expect(checkTimeSyncFreshness(at(now - 1000), lock, now - 500, now)).toBe(ResultCode.STALE_BLOB); // not newer than the last
    expect(checkTimeSyncFreshness(at(now - 10_000), lock, undefined, now, 5_000)).toBe(ResultCode.STALE_BLOB);
    // Unset clock (lockNow undefined): the first sync cannot be checked offline.
    expect(checkTimeSyncFreshness(at(now - 86_400_000), lock, undefined, undefined)).toBe(ResultCode.GRANTED);
    // Order: another lock and an impossible time before staleness.
    expect(checkTimeSyncFreshness({ time: 0, lockId: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee', keyId: 'p' }, lock, 5, now)).toBe(ResultCode.WRONG_LOCK);
    expect(checkTimeSyncFreshness(at(MAX_CLOCK_TIME_MS + 1), lock, undefined, now)).toBe(ResultCode.MALFORMED);
  });
});
