import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock, ResultCode } from '@keyrig/protocol';
import { credentialFor, provisioningFor, silentLogger, T0 } from '../../test/lock/fixtures.js';
import { FaultSet, type FaultName } from './faults.js';
import { LockFirmware, type LockFirmwareOptions } from './LockFirmware.js';
import { FileStateStore } from './stateStore.js';

async function firmware(type: 'door' | 'elevator' | 'amenity', extra: Partial<LockFirmwareOptions> = {}) {
  const clock = new ManualClock(T0);
  const provisioning = await provisioningFor(type);
  const fw = new LockFirmware({ provisioning, clock, logger: silentLogger, ...extra });
  return { fw, clock, provisioning };
}

describe('LockFirmware rules (pure, no BLE)', () => {
  it('grants a valid credential and relocks the door after relockAfterMs', async () => {
    const { fw, clock, provisioning } = await firmware('door', { behaviour: { relockAfterMs: 3000 } });
    const d = fw.decide(credentialFor(provisioning));
    expect(d.result).toBe(ResultCode.GRANTED);
    expect(fw.isUnlocked()).toBe(true);
    clock.advance(3000);
    fw.tick();
    expect(fw.isUnlocked()).toBe(false);
  });

  it('answers each denial with its exact code', async () => {
    const { fw, provisioning: p } = await firmware('door', { behaviour: { lockoutThreshold: 100 } });
    const cases: [Partial<Parameters<typeof credentialFor>[1]>, number][] = [
      [{ signature: 'bad' }, ResultCode.BAD_SIGNATURE],
      [{ signature: 'unknown-key' }, ResultCode.UNKNOWN_PROVIDER_KEY],
      [{ scope: ['someone-else'] }, ResultCode.WRONG_LOCK],
      [{ endpointBound: false }, ResultCode.ENDPOINT_MISMATCH],
      [{ notBefore: T0 + 1000 }, ResultCode.NOT_YET_VALID],
      [{ notAfter: T0 - 1 }, ResultCode.EXPIRED],
      [{ schedule: [{ days: ['sun'], from: '01:00', to: '02:00' }] }, ResultCode.OUTSIDE_SCHEDULE],
    ];
    for (const [o, code] of cases) expect(fw.decide(credentialFor(p, o)).result, JSON.stringify(o)).toBe(code);
    expect(fw.applyBlocklist(1, ['c0ffee01'])).toBe(ResultCode.GRANTED);
    expect(fw.applyBlocklist(1, [])).toBe(ResultCode.STALE_BLOB);
    expect(fw.decide(credentialFor(p)).result).toBe(ResultCode.REVOKED);
  });

  it('a higher key sequence supersedes older keys of the series on first use', async () => {
    const { fw, provisioning: p } = await firmware('door');
    expect(fw.decide(credentialFor(p, { credentialId: 'aa', keySequence: 1 })).result).toBe(ResultCode.GRANTED);
    expect(fw.decide(credentialFor(p, { credentialId: 'bb', keySequence: 2 })).result).toBe(ResultCode.GRANTED);
    expect(fw.decide(credentialFor(p, { credentialId: 'aa', keySequence: 1 })).result).toBe(ResultCode.SUPERSEDED);
  });

  it('elevator releases credential ∩ requested ∩ lock floors', async () => {
    const { fw, provisioning: p } = await firmware('elevator');
    expect(fw.decide(credentialFor(p, { floors: [2, 3, 9] }), { floors: [3, 4] }).floors).toEqual([3]);
    expect(fw.decide(credentialFor(p, { floors: [2, 3] }), {}).floors).toEqual([2, 3]);
    expect(fw.decide(credentialFor(p, { floors: [2] }), { floors: [4] }).result).toBe(ResultCode.FLOOR_NOT_PERMITTED);
  });

  it('amenity: opening hours and max uses a day', async () => {
    const { fw, clock, provisioning: p } = await firmware('amenity', { behaviour: { maxUsesPerDay: 2 } });
    expect(fw.decide(credentialFor(p)).result).toBe(ResultCode.GRANTED);
    expect(fw.decide(credentialFor(p)).result).toBe(ResultCode.GRANTED);
    expect(fw.decide(credentialFor(p)).result).toBe(ResultCode.DAILY_LIMIT_REACHED);
    clock.advance(12 * 3_600_000); // 00:00 local: closed
    expect(fw.decide(credentialFor(p)).result).toBe(ResultCode.OUTSIDE_SCHEDULE);
    clock.advance(8 * 3_600_000); // 08:00 next day: open, new day
    expect(fw.decide(credentialFor(p)).result).toBe(ResultCode.GRANTED);
  });

  it('anti-passback refuses the same credential within the window', async () => {
    const { fw, clock, provisioning: p } = await firmware('door', { behaviour: { antiPassbackMs: 60_000 } });
    expect(fw.decide(credentialFor(p)).result).toBe(ResultCode.GRANTED);
    expect(fw.decide(credentialFor(p)).result).toBe(ResultCode.ANTI_PASSBACK);
    clock.advance(60_000);
    expect(fw.decide(credentialFor(p)).result).toBe(ResultCode.GRANTED);
  });

  it('wandering intruder: N invalid attempts lock out, even a valid key, until the lockout ends', async () => {
    const { fw, clock, provisioning: p } = await firmware('door', { behaviour: { lockoutThreshold: 3, lockoutDurationMs: 10_000 } });
    for (let i = 0; i < 3; i++) fw.decide(credentialFor(p, { signature: 'bad' }));
    expect(fw.flags().lockout).toBe(true);
    expect(fw.decide(credentialFor(p)).result).toBe(ResultCode.LOCKOUT);
    clock.advance(10_000);
    expect(fw.decide(credentialFor(p)).result).toBe(ResultCode.GRANTED);
  });

  it('battery, jam and unset clock refuse before the credential is read', async () => {
    const { fw, provisioning: p } = await firmware('door', { behaviour: { clockUnset: true } });
    expect(fw.decide(credentialFor(p)).result).toBe(ResultCode.CLOCK_UNSET);
    expect(fw.flags().clockUnset).toBe(true);
    fw.applyTimeSync(T0, T0);
    fw.setBattery(15);
    expect(fw.flags().batteryLow).toBe(true);
    expect(fw.decide(credentialFor(p)).result).toBe(ResultCode.GRANTED);
    fw.setBattery(3);
    expect(fw.decide(credentialFor(p)).result).toBe(ResultCode.BATTERY_CRITICAL);
    fw.setBattery(90);
    fw.setJammed(true);
    expect(fw.decide(credentialFor(p)).result).toBe(ResultCode.JAMMED);
  });

  it('RTC drifts and a time sync corrects it; stale syncs are refused', async () => {
    const { fw, clock } = await firmware('door', { behaviour: { clockDriftPpm: 1000 } });
    clock.advance(1_000_000);
    expect(fw.rtc.errorMs()).toBe(1000);
    expect(fw.applyTimeSync(clock.now(), clock.now())).toBe(ResultCode.GRANTED);
    expect(fw.rtc.errorMs()).toBe(0);
    expect(fw.applyTimeSync(clock.now() - 1, clock.now())).toBe(ResultCode.STALE_BLOB);
  });

  it('state survives a restart (file store)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyrig-lock-'));
    const clock = new ManualClock(T0);
    const p = await provisioningFor('door');
    const a = new LockFirmware({ provisioning: p, clock, logger: silentLogger, store: new FileStateStore(dir, p.lock_id) });
    a.decide(credentialFor(p, { credentialId: 'aa', keySequence: 5 }));
    a.applyBlocklist(7, ['dd']);
    const seq = a.auditSeq;
    const b = new LockFirmware({ provisioning: p, clock, logger: silentLogger, store: new FileStateStore(dir, p.lock_id) });
    expect(b.blocklistVersion).toBe(7);
    expect(b.auditSeq).toBe(seq + 1); // + the boot record
    expect(b.status().counters.boots).toBe(2);
    expect(b.decide(credentialFor(p, { credentialId: 'aa', keySequence: 4 })).result).toBe(ResultCode.SUPERSEDED);
    expect(b.decide(credentialFor(p, { credentialId: 'dd', keySequence: 9 })).result).toBe(ResultCode.REVOKED);
  });

  const ruleFaults: [FaultName, Parameters<typeof credentialFor>[1]][] = [
    ['ignores-expiry', { notAfter: T0 - 1 }],
    ['ignores-schedule', { schedule: [] }],
    ['ignores-scope', { scope: ['elsewhere'] }],
    ['ignores-endpoint-binding', { endpointBound: false }],
    ['skips-doc-signature', { signature: 'bad' }],
  ];
  for (const [fault, bad] of ruleFaults) {
    it(`fault ${fault}: the bad credential is denied without it and granted with it`, async () => {
      const healthy = await firmware('door');
      expect(healthy.fw.decide(credentialFor(healthy.provisioning, bad)).result).not.toBe(ResultCode.GRANTED);
      const buggy = await firmware('door', { faults: new FaultSet({ names: [fault] }) });
      expect(buggy.fw.decide(credentialFor(buggy.provisioning, bad)).result).toBe(ResultCode.GRANTED);
    });
  }

  it('unknown fault names are a config error', () => {
    expect(() => new FaultSet({ names: ['nope'] })).toThrow(/unknown fault profile/);
  });
});
