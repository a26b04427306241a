/**
 * Found by the signed-input fuzz (signedInputFuzz.test.ts): a provider-signed time sync with a
 * time past the last date JavaScript can hold (8.64e15 ms) was accepted, after which every command
 * at that lock was INTERNAL_ERROR — for good, since a lock only accepts newer time syncs. Only a
 * buggy or compromised provider can sign one, but it bricked the lock. Times after
 * 9999-12-31T23:59:59.999Z are now refused (MALFORMED) and the lock keeps working.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock, MAX_CLOCK_TIME_MS } from '@keyrig/protocol';
import { LockFirmware } from '../../src/lock/LockFirmware.js';
import { loadLockKeys } from '../../src/lock/session/lockKeys.js';
import { silentLogger, T0 } from '../lock/fixtures.js';
import { issueKey, makeProvider, provisionLock, timeSyncBlob } from '../lock/world.js';
import { connectThrough } from './attacks/attackRig.js';

describe('a time sync at the end of time', () => {
  for (const [time, expected] of [[MAX_CLOCK_TIME_MS, 'accepted'], [MAX_CLOCK_TIME_MS + 1, 'MALFORMED'], [8.64e15 + 5, 'MALFORMED'], [2 ** 53 - 1, 'MALFORMED']] as const) {
    it(`${new Date(Math.min(time, 8.64e15)).toISOString().slice(0, 10)}${time > 8.64e15 ? '+' : ''} (${time} ms): ${expected}, and the lock still answers every later command`, async () => {
      const provider = await makeProvider();
      const provisioning = await provisionLock(provider, 'elevator');
      const clock = new ManualClock(T0);
      const firmware = new LockFirmware({ provisioning, clock, logger: silentLogger });
      const lock = { clock, provider, provisioning, firmware, keys: await loadLockKeys(provisioning), key: () => issueKey(provider, [provisioning.lock_id], { notAfter: 2 ** 53 - 1 }), auditSince: () => [] };
      const c = connectThrough(lock, await lock.key(), {}, { timeSync: await timeSyncBlob(provider, time, provisioning.lock_id) });
      const hs = await c.handshake;
      expect(hs.ok ? 'accepted' : hs.codeName).toBe(expected);
      c.close();
      const next = connectThrough(lock, await lock.key());
      expect((await next.handshake).ok).toBe(true);
      expect((await next.phone.unlock()).codeName).toBe('GRANTED');
      next.close();
    });
  }
});
