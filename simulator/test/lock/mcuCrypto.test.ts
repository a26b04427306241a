/**
 * The lock's MCU crypto charging over an in-memory link (no BLE): which replies hold the lock's
 * clock, and until when (arrival of the request + the public-key work done for it).
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '@keyrig/protocol';
import { LockFirmware } from '../../src/lock/LockFirmware.js';
import { NRF52840_CRYPTO, resolveMcu, type McuCharging } from '../../src/lock/mcuCrypto.js';
import { loadLockKeys } from '../../src/lock/session/lockKeys.js';
import { silentLogger, T0 } from './fixtures.js';
import { connectMemoryPhone } from './memoryPhone.js';
import { blocklistBlob, issueKey, makeProvider, provisionLock, timeSyncBlob } from './world.js';

/** A lock controller clock standing at `arrival` that records every hold. */
function recordingMcu(arrival: number): McuCharging & { holds: number[] } {
  const holds: number[] = [];
  return { profile: NRF52840_CRYPTO, now: () => arrival, holdUntil: (t) => holds.push(t), holds };
}

async function handshake(blobs: boolean) {
  const clock = new ManualClock(T0);
  const provider = await makeProvider();
  const provisioning = await provisionLock(provider, 'door');
  const firmware = new LockFirmware({ provisioning, clock, logger: silentLogger });
  const keys = await loadLockKeys(provisioning);
  const key = await issueKey(provider, [provisioning.lock_id]);
  const mcu = recordingMcu(1000);
  const m = connectMemoryPhone({
    firmware,
    keys,
    key,
    providerKeys: provider.keys,
    clock,
    mcu,
    ...(blobs ? { blocklist: await blocklistBlob(provider, 5, []), timeSync: await timeSyncBlob(provider, T0 + 60_000) } : {}),
  });
  expect((await m.handshake).ok).toBe(true);
  const afterHandshake = [...mcu.holds];
  expect((await m.phone.unlock()).codeName).toBe('GRANTED');
  return { afterHandshake, afterUnlock: mcu.holds };
}

describe('lock MCU crypto charging (in memory)', () => {
  it('holds before LOCK_AUTH (key pair + signature) and SESSION_READY (ECDH + 2 verifies), not before RESULT', async () => {
    const { afterHandshake, afterUnlock } = await handshake(false);
    const p = NRF52840_CRYPTO;
    expect(afterHandshake).toEqual([1000 + p.keygenMs + p.signMs, 1000 + p.ecdhMs + 2 * p.verifyMs]);
    expect(afterUnlock).toEqual(afterHandshake);
  });

  it('charges one more verify per blob the phone carries (blocklist, time sync)', async () => {
    const { afterHandshake } = await handshake(true);
    const p = NRF52840_CRYPTO;
    expect(afterHandshake).toEqual([1000 + p.keygenMs + p.signMs, 1000 + p.ecdhMs + 4 * p.verifyMs]);
  });

  it('resolves named profiles and refuses bad figures', () => {
    expect(resolveMcu()).toEqual(NRF52840_CRYPTO);
    expect(resolveMcu('none')).toBeUndefined();
    expect(resolveMcu({ verifyMs: 1, ecdhMs: 2, signMs: 3, keygenMs: 4 })).toEqual({ verifyMs: 1, ecdhMs: 2, signMs: 3, keygenMs: 4 });
    expect(() => resolveMcu('esp32' as 'none')).toThrow(/mcu must be one of/);
    expect(() => resolveMcu({ verifyMs: -1, ecdhMs: 2, signMs: 3, keygenMs: 4 })).toThrow(/verifyMs/);
  });
});
