/**
 * Found by the signed-input fuzz (signedInputFuzz.test.ts): a lock whose clock was behind by more
 * than the idle timeout (10 s) accepted the time sync a phone carried in PHONE_AUTH, its clock
 * jumped forward, and the same session's first COMMAND was refused as "session idle timeout"
 * (DEADLINE_EXCEEDED): the phone that fixed the clock could not unlock. PROTOCOL.md §9: the
 * correction applies to the commands that follow in the same session.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock, MAX_TIME_SYNC_BACKWARD_MS } from '@keyrig/protocol';
import { LockFirmware } from '../../src/lock/LockFirmware.js';
import { loadLockKeys } from '../../src/lock/session/lockKeys.js';
import { silentLogger, T0 } from '../lock/fixtures.js';
import { issueKey, makeProvider, provisionLock, timeSyncBlob } from '../lock/world.js';
import { connectThrough } from './attacks/attackRig.js';

describe('a time sync that moves the lock clock', () => {
  // Slow clocks are set forward by any amount; a fast one back by at most MAX_TIME_SYNC_BACKWARD_MS
  // (5 min, protocol/src/blobs/blobFreshness.ts) — a larger step back is ignored, the session goes on.
  for (const offsetMs of [-5_000, -11_000, -3_600_000, -30 * 86_400_000, 4 * 60_000, 3_600_000]) {
    const corrected = offsetMs <= MAX_TIME_SYNC_BACKWARD_MS;
    it(`lock clock ${offsetMs / 1000} s off: ${corrected ? 'corrected' : 'kept (too far back)'}, and the same session unlocks`, async () => {
      const provider = await makeProvider();
      const provisioning = await provisionLock(provider, 'door');
      const clock = new ManualClock(T0);
      const firmware = new LockFirmware({ provisioning, clock, logger: silentLogger, behaviour: { clockOffsetMs: offsetMs } });
      const lock = { clock, provider, provisioning, firmware, keys: await loadLockKeys(provisioning), key: () => issueKey(provider, [provisioning.lock_id]), auditSince: () => [] };
      const c = connectThrough(lock, await lock.key(), {}, { timeSync: await timeSyncBlob(provider, T0, provisioning.lock_id) });
      expect((await c.handshake).ok).toBe(true);
      expect(firmware.status().clockErrorMs).toBe(corrected ? 0 : offsetMs);
      const r = await c.phone.unlock();
      expect(r.codeName, r.reason).toBe('GRANTED');
      c.close();
    });
  }
});
