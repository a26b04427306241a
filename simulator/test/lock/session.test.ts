/** The lock's protocol session over an in-memory link (no BLE): handshake, commands, faults. */
import { describe, expect, it, vi } from 'vitest';
import { ManualClock, ResultCode } from '@keyrig/protocol';
import { LockFirmware } from '../../src/lock/LockFirmware.js';
import { FaultSet, type FaultName } from '../../src/lock/faults.js';
import { loadLockKeys } from '../../src/lock/session/lockKeys.js';
import { silentLogger, T0 } from './fixtures.js';
import { connectMemoryPhone } from './memoryPhone.js';
import { issueKey, makeProvider, provisionLock } from './world.js';

async function setup(faults: FaultName[] = []) {
  const clock = new ManualClock(T0);
  const provider = await makeProvider();
  const provisioning = await provisionLock(provider, 'door');
  const firmware = new LockFirmware({ provisioning, clock, logger: silentLogger, faults: new FaultSet({ names: faults }) });
  const keys = await loadLockKeys(provisioning);
  return { clock, provider, provisioning, firmware, keys };
}

describe('lock session (in memory)', () => {
  it('handshake + unlock: GRANTED and the door opens', async () => {
    const s = await setup();
    const key = await issueKey(s.provider, [s.provisioning.lock_id]);
    const m = connectMemoryPhone({ ...s, key, providerKeys: s.provider.keys });
    const hs = await m.handshake;
    expect(hs.ok).toBe(true);
    const r = await m.phone.unlock();
    expect(r.codeName).toBe('GRANTED');
    expect(s.firmware.isUnlocked()).toBe(true);
  });

  it('a replayed COMMAND is refused (REPLAY) by a healthy lock and executed by accepts-replay', async () => {
    for (const faulty of [false, true]) {
      const s = await setup(faulty ? ['accepts-replay'] : []);
      const key = await issueKey(s.provider, [s.provisioning.lock_id]);
      const m = connectMemoryPhone({ ...s, key, providerKeys: s.provider.keys });
      await m.handshake;
      await m.phone.unlock();
      const command = m.sent.at(-1)!;
      const before = s.firmware.status().counters.grants;
      const audited = s.firmware.auditHighWater();
      await m.inject(command);
      // Either lock audits the replay (REPLAY, or the second GRANTED): wait for that record, not
      // a fixed 50 ms, which a loaded machine can overrun.
      await vi.waitFor(() => expect(s.firmware.auditHighWater()).toBeGreaterThan(audited));
      const records = s.firmware.auditRecords(1, 50);
      if (faulty) {
        expect(s.firmware.status().counters.grants).toBe(before + 1);
      } else {
        expect(records.at(-1)?.resultCode).toBe(ResultCode.REPLAY);
        expect(s.firmware.status().counters.grants).toBe(before);
      }
    }
  });

  // FirmwareSession gives LockSession the faulty checks: each profile turns its refusal around.
  it.each([
    ['skips-lock-signature', 'genuine', 'GRANTED', 'LOCK_AUTH_FAILED'],
    ['skips-doc-signature', 'forged', 'BAD_SIGNATURE', 'GRANTED'],
    ['ignores-endpoint-binding', 'copied', 'ENDPOINT_MISMATCH', 'GRANTED'],
  ] as const)('%s: a %s key ends %s on a healthy lock, %s on the faulty one', async (fault, keyKind, healthy, buggy) => {
    const outcomes: string[] = [];
    for (const faults of [[], [fault]] as FaultName[][]) {
      const s = await setup(faults);
      const genuine = await issueKey(s.provider, [s.provisioning.lock_id]);
      const key =
        keyKind === 'forged'
          ? await issueKey(await makeProvider(), [s.provisioning.lock_id])
          : keyKind === 'copied'
            ? { credential: genuine.credential, endpointKey: (await issueKey(s.provider, [s.provisioning.lock_id])).endpointKey }
            : genuine;
      const m = connectMemoryPhone({ ...s, key, providerKeys: s.provider.keys });
      const hs = await m.handshake;
      outcomes.push(hs.ok ? (await m.phone.unlock()).codeName : hs.codeName);
    }
    expect(outcomes).toEqual([healthy, buggy]);
  });
});
