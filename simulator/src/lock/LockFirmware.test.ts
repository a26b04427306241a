import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock, ResultCode, type CredentialDocument } from '@keyrig/protocol';
import { credentialFor, provisioningFor, silentLogger, T0 } from '../../test/lock/fixtures.js';
import { FaultSet, type FaultName } from './faults.js';
import { LockFirmware, type LockFirmwareOptions } from './LockFirmware.js';
import { FileStateStore } from './stateStore.js';

const UNLOCK = { op: 'unlock' } as const;

async function firmware(type: 'door' | 'elevator' | 'amenity', extra: Partial<LockFirmwareOptions> = {}) {
  const clock = new ManualClock(T0);
  const provisioning = await provisioningFor(type);
  const fw = new LockFirmware({ provisioning, clock, logger: silentLogger, ...extra });
  return { fw, clock, provisioning };
}

describe('LockFirmware (pure, no BLE)', () => {
  it('grants a valid credential and relocks the door after relockAfterMs', async () => {
    const { fw, clock, provisioning } = await firmware('door', { behaviour: { relockAfterMs: 3000 } });
    const d = fw.decide(credentialFor(provisioning), UNLOCK);
    expect(d.code).toBe(ResultCode.GRANTED);
    expect(d.relockTime).toBe(T0 + 3000);
    expect(fw.isUnlocked()).toBe(true);
    clock.advance(3000);
    fw.tick();
    expect(fw.isUnlocked()).toBe(false);
    expect(fw.auditRecords(1, 10).map((r) => r.resultCode)).toEqual([ResultCode.GRANTED]);
  });

  it('answers credential denials with their exact code', async () => {
    const { fw, provisioning: p } = await firmware('door', { behaviour: { lockoutThreshold: 100 } });
    const cases: [Partial<CredentialDocument>, number][] = [
      [{ entrances: ['00000000-0000-4000-8000-0000000000ff'] }, ResultCode.WRONG_LOCK],
      [{ notBefore: T0 + 1000 }, ResultCode.NOT_YET_VALID],
      [{ notAfter: T0 - 1 }, ResultCode.EXPIRED],
      [{ schedule: [{ days: 1, startMinute: 60, endMinute: 120 }] }, ResultCode.OUTSIDE_SCHEDULE],
    ];
    for (const [o, code] of cases) expect(fw.decide(credentialFor(p, o), UNLOCK).code, JSON.stringify(o)).toBe(code);
    const revoked = credentialFor(p).document.credentialId;
    expect(fw.acceptBlocklist({ version: 1, issuedAt: T0, revokedCredentialIds: [revoked], keyId: 'prov-1' })).toBe(ResultCode.GRANTED);
    expect(fw.acceptBlocklist({ version: 0, issuedAt: T0, revokedCredentialIds: [], keyId: 'prov-1' })).toBe(ResultCode.STALE_BLOB);
    expect(fw.decide(credentialFor(p), UNLOCK).code).toBe(ResultCode.REVOKED);
  });

  it('a higher key sequence supersedes older keys of the grant at this lock on first use', async () => {
    const { fw, provisioning: p } = await firmware('door');
    const seq = (n: number) => credentialFor(p, { keySequences: { [p.lock_id]: n } });
    expect(fw.decide(seq(1), UNLOCK).code).toBe(ResultCode.GRANTED);
    expect(fw.decide(seq(1), UNLOCK).code).toBe(ResultCode.GRANTED);
    expect(fw.decide(seq(2), UNLOCK).code).toBe(ResultCode.GRANTED);
    expect(fw.decide(seq(1), UNLOCK).code).toBe(ResultCode.SUPERSEDED);
  });

  it('elevator releases credential ∩ requested ∩ the floors it serves', async () => {
    const { fw, provisioning: p } = await firmware('elevator'); // serves 1..4
    expect(fw.decide(credentialFor(p, { floors: [2, 3, 9] }), { op: 'selectFloors', floors: [3, 4, 9] }).grantedFloors).toEqual([3]);
    expect(fw.decide(credentialFor(p, { floors: [2, 3] }), UNLOCK).grantedFloors).toEqual([2, 3]);
    expect(fw.decide(credentialFor(p, { floors: [9] }), { op: 'selectFloors', floors: [9] }).code).toBe(ResultCode.FLOOR_NOT_PERMITTED);
    expect(fw.decide(credentialFor(p, { floors: [2] }), { op: 'selectFloors', floors: [4] }).code).toBe(ResultCode.FLOOR_NOT_PERMITTED);
  });

  it('amenity: opening hours and max uses a day (lock setting and credential)', async () => {
    const { fw, clock, provisioning: p } = await firmware('amenity', { behaviour: { maxUsesPerDay: 2 } });
    expect(fw.decide(credentialFor(p), UNLOCK).code).toBe(ResultCode.GRANTED);
    expect(fw.decide(credentialFor(p), UNLOCK).code).toBe(ResultCode.GRANTED);
    expect(fw.decide(credentialFor(p), UNLOCK).code).toBe(ResultCode.DAILY_LIMIT_REACHED);
    clock.advance(12 * 3_600_000); // 00:00 local: closed (06:00-22:00)
    expect(fw.decide(credentialFor(p), UNLOCK).code).toBe(ResultCode.OUTSIDE_SCHEDULE);
    clock.advance(8 * 3_600_000); // 08:00 next day: open, new day
    expect(fw.decide(credentialFor(p, { maxUsesPerDay: 1 }), UNLOCK).code).toBe(ResultCode.GRANTED);
    expect(fw.decide(credentialFor(p, { maxUsesPerDay: 1 }), UNLOCK).code).toBe(ResultCode.DAILY_LIMIT_REACHED);
  });

  it('anti-passback refuses the same credential within the window', async () => {
    const { fw, clock, provisioning: p } = await firmware('door', { behaviour: { antiPassbackMs: 60_000 } });
    expect(fw.decide(credentialFor(p), UNLOCK).code).toBe(ResultCode.GRANTED);
    expect(fw.decide(credentialFor(p), UNLOCK).code).toBe(ResultCode.ANTI_PASSBACK);
    clock.advance(60_000);
    expect(fw.decide(credentialFor(p), UNLOCK).code).toBe(ResultCode.GRANTED);
  });

  it('wandering intruder: N invalid attempts lock out, even a valid key, until the lockout ends', async () => {
    const { fw, clock, provisioning: p } = await firmware('door', { behaviour: { lockoutThreshold: 3, lockoutDurationMs: 10_000 } });
    for (let i = 0; i < 3; i++) fw.recordAttempt({ code: ResultCode.BAD_SIGNATURE, reason: 'test', time: clock.now() });
    expect(fw.flags().lockout).toBe(true);
    expect(fw.decide(credentialFor(p), UNLOCK).code).toBe(ResultCode.LOCKOUT);
    clock.advance(10_000);
    expect(fw.flags().lockout).toBe(false);
    expect(fw.decide(credentialFor(p), UNLOCK).code).toBe(ResultCode.GRANTED);
  });

  it('battery, jam and unset clock refuse whatever the credential', async () => {
    const { fw, provisioning: p } = await firmware('door', { behaviour: { clockUnset: true } });
    expect(fw.decide(credentialFor(p), UNLOCK).code).toBe(ResultCode.CLOCK_UNSET);
    expect(fw.auditRecords(1, 1)[0]?.time).toBe(0); // §10: time 0 while the clock is unset
    expect(fw.flags().clockUnset).toBe(true);
    expect(fw.acceptTimeSync({ time: T0, keyId: 'prov-1' })).toBe(ResultCode.GRANTED);
    fw.setBattery(15);
    expect(fw.flags().batteryLow).toBe(true);
    expect(fw.decide(credentialFor(p), UNLOCK).code).toBe(ResultCode.GRANTED);
    fw.setBattery(3);
    expect(fw.decide(credentialFor(p), UNLOCK).code).toBe(ResultCode.BATTERY_CRITICAL);
    fw.setBattery(90);
    fw.setJammed(true);
    expect(fw.decide(credentialFor(p), UNLOCK).code).toBe(ResultCode.JAMMED);
  });

  it('each actuation drains the battery until the low flag and then BATTERY_CRITICAL', async () => {
    const { fw, provisioning: p } = await firmware('door', { behaviour: { batteryPercent: 22, batteryPerUnlockPercent: 6 } });
    expect(fw.decide(credentialFor(p), UNLOCK).code).toBe(ResultCode.GRANTED); // 16 %
    expect(fw.flags().batteryLow).toBe(true);
    expect(fw.decide(credentialFor(p), UNLOCK).code).toBe(ResultCode.GRANTED); // 10 %
    expect(fw.decide(credentialFor(p), UNLOCK).code).toBe(ResultCode.GRANTED); // 4 %
    expect(fw.decide(credentialFor(p), UNLOCK).code).toBe(ResultCode.BATTERY_CRITICAL);
  });

  it('busy: the port of a connection without a slot reports busy', async () => {
    const { fw } = await firmware('door', { behaviour: { maxSessions: 1 } });
    const a = fw.openSession();
    expect(a).toBeDefined();
    expect(fw.openSession()).toBeUndefined();
    expect(fw.flags().busy).toBe(true);
    expect(await fw.portFor(undefined).condition()).toMatchObject({ busy: true });
    a!.release();
    expect(fw.flags().busy).toBe(false);
  });

  it('RTC drifts and a time sync corrects it; old syncs and other locks\' syncs are refused', async () => {
    const { fw, clock } = await firmware('door', { behaviour: { clockDriftPpm: 1000 } });
    clock.advance(1_000_000);
    expect(fw.rtc.errorMs()).toBe(1000);
    expect(fw.acceptTimeSync({ time: clock.now(), keyId: 'prov-1' })).toBe(ResultCode.GRANTED);
    expect(fw.rtc.errorMs()).toBe(0);
    expect(fw.acceptTimeSync({ time: clock.now() - 1, keyId: 'prov-1' })).toBe(ResultCode.STALE_BLOB);
    expect(fw.acceptTimeSync({ time: clock.now() + 5, lockId: '00000000-0000-4000-8000-0000000000ff', keyId: 'prov-1' })).toBe(ResultCode.WRONG_LOCK);
  });

  it('state survives a restart (file store)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyrig-lock-'));
    const clock = new ManualClock(T0);
    const p = await provisioningFor('door');
    const open = () => new LockFirmware({ provisioning: p, clock, logger: silentLogger, store: new FileStateStore(dir, p.lock_id), behaviour: { clockDriftPpm: 500 } });
    const a = open();
    a.decide(credentialFor(p, { keySequences: { [p.lock_id]: 5 } }), UNLOCK);
    a.acceptBlocklist({ version: 7, issuedAt: T0, revokedCredentialIds: ['dddddddd-0000-4000-8000-000000000001'], keyId: 'prov-1' });
    clock.advance(2_000_000);
    const error = a.rtc.errorMs();
    const high = a.auditHighWater();
    const b = open();
    expect(b.blocklistVersion).toBe(7);
    expect(b.auditHighWater()).toBe(high);
    expect(b.rtc.errorMs()).toBe(error);
    expect(b.status().counters).toMatchObject({ boots: 2, grants: 1 });
    expect(b.decide(credentialFor(p, { keySequences: { [p.lock_id]: 4 } }), UNLOCK).code).toBe(ResultCode.SUPERSEDED);
    expect(b.decide(credentialFor(p, { credentialId: 'dddddddd-0000-4000-8000-000000000001', keySequences: { [p.lock_id]: 9 } }), UNLOCK).code).toBe(ResultCode.REVOKED);
    expect(b.auditRecords(high + 1, 10).map((r) => r.sequence)).toEqual([high + 1, high + 2]);
  });

  const ruleFaults: [FaultName, Partial<CredentialDocument>][] = [
    ['ignores-expiry', { notAfter: T0 - 1 }],
    ['ignores-schedule', { schedule: [{ days: 1, startMinute: 0, endMinute: 1 }] }],
    ['ignores-scope', { entrances: ['00000000-0000-4000-8000-0000000000ff'] }],
  ];
  for (const [fault, bad] of ruleFaults) {
    it(`fault ${fault}: the bad credential is denied without it and granted with it`, async () => {
      const healthy = await firmware('door');
      expect(healthy.fw.decide(credentialFor(healthy.provisioning, bad), UNLOCK).code).not.toBe(ResultCode.GRANTED);
      const buggy = await firmware('door', { faults: new FaultSet({ names: [fault] }) });
      expect(buggy.fw.decide(credentialFor(buggy.provisioning, bad), UNLOCK).code).toBe(ResultCode.GRANTED);
    });
  }

  it('fault profiles can strike at a seeded rate', () => {
    const hits = (seed: number) => {
      const f = new FaultSet({ names: ['ignores-expiry'], rate: 0.5, seed });
      return Array.from({ length: 64 }, () => f.fires('ignores-expiry'));
    };
    expect(hits(7)).toEqual(hits(7));
    expect(hits(7).filter(Boolean).length).toBeGreaterThan(10);
    expect(hits(7).filter(Boolean).length).toBeLessThan(54);
  });

  it('unknown fault names are a config error', () => {
    expect(() => new FaultSet({ names: ['nope'] })).toThrow(/unknown fault profile/);
  });
});
