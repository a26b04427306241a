import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

  it('hotel model: a new guest\'s key (override) supersedes the previous guest\'s at the door on first use; a joiner shares it; common areas carry no sequence', async () => {
    const clock = new ManualClock(T0);
    const boot = async (type: 'door' | 'elevator' | 'amenity') =>
      new LockFirmware({ provisioning: await provisioningFor(type), clock, logger: silentLogger, behaviour: { lockoutThreshold: 100 } });
    const room101 = await boot('door');
    const elevator = await boot('elevator');
    const gym = await boot('amenity');
    // What the cloud issues: the door's sequence in the room's document, none for the common areas.
    let n = 0;
    const guest = (grant: string, roomSequence: number) => {
      const key = (fw: LockFirmware, sequence?: number) =>
        credentialFor(fw.provisioning, {
          credentialId: `c0ffee00-0000-4000-8000-${String(++n).padStart(12, '0')}`,
          accessGrantId: grant,
          keySequences: sequence === undefined ? {} : { [fw.lockId]: sequence },
        });
      return { room: key(room101, roomSequence), elevator: key(elevator), gym: key(gym) };
    };
    const a = guest('grant-a', 1); // guest A checks in (override: the door's counter 0 -> 1)
    expect(room101.decide(a.room, UNLOCK).code).toBe(ResultCode.GRANTED);
    expect(room101.keySequence).toBe(1);
    const b = guest('grant-b', 2); // guest B checks in to room 101 (override: 1 -> 2)
    expect(room101.decide(a.room, UNLOCK).code).toBe(ResultCode.GRANTED); // B's key not used here yet
    expect(room101.decide(b.room, UNLOCK).code).toBe(ResultCode.GRANTED); // first use: supersedes A
    expect(room101.keySequence).toBe(2);
    expect(room101.decide(a.room, UNLOCK).code).toBe(ResultCode.SUPERSEDED);
    expect(elevator.decide(a.elevator, UNLOCK).code).toBe(ResultCode.GRANTED); // A still rides the elevator ...
    expect(gym.decide(a.gym, UNLOCK).code).toBe(ResultCode.GRANTED); // ... and opens the gym
    expect(elevator.keySequence).toBeUndefined();
    expect(gym.keySequence).toBeUndefined();
    const c = guest('grant-c', 2); // joiner C on B's stay: the door's current sequence, no bump
    expect(room101.decide(c.room, UNLOCK).code).toBe(ResultCode.GRANTED);
    expect(room101.decide(b.room, UNLOCK).code).toBe(ResultCode.GRANTED);
    expect(room101.decide(a.room, UNLOCK).code).toBe(ResultCode.SUPERSEDED);
    expect(room101.keySequence).toBe(2);
    // A document without a sequence for the door (a staff key) is never superseded.
    expect(room101.decide(credentialFor(room101.provisioning, { accessGrantId: 'staff', keySequences: {} }), UNLOCK).code).toBe(ResultCode.GRANTED);
    expect(room101.keySequence).toBe(2);
  });

  it('fault ignores-key-sequence: a superseded key is granted, and does not lower the stored sequence', async () => {
    const { fw, provisioning: p } = await firmware('door', { faults: new FaultSet({ names: ['ignores-key-sequence'] }) });
    const seq = (grant: string, n: number) => credentialFor(p, { accessGrantId: grant, keySequences: { [p.lock_id]: n } });
    expect(fw.decide(seq('grant-b', 2), UNLOCK).code).toBe(ResultCode.GRANTED);
    expect(fw.decide(seq('grant-a', 1), UNLOCK).code).toBe(ResultCode.GRANTED);
    expect(fw.keySequence).toBe(2);
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

  describe('time sync (§9): an old sync never turns a set clock back', () => {
    const CHECK_IN = T0 - 3_600_000; // credentialFor: valid from check-in to checkout
    const CHECKOUT = T0 + 86_400_000;

    it('the check-in time sync presented after checkout is ignored: clock unchanged, the key EXPIRED', async () => {
      const { fw, clock, provisioning: p } = await firmware('door');
      clock.set(CHECKOUT + 3_600_000); // this lock never accepted a time sync
      const before = fw.rtc.now();
      expect(fw.acceptTimeSync({ time: CHECK_IN, lockId: p.lock_id, keyId: 'prov-1' })).toBe(ResultCode.STALE_BLOB);
      expect(fw.rtc.now()).toBe(before);
      expect(fw.decide(credentialFor(p), UNLOCK).code).toBe(ResultCode.EXPIRED);
    });

    it('a time sync 2 minutes behind a fast clock is applied (drift correction)', async () => {
      const { fw, clock } = await firmware('door', { behaviour: { clockOffsetMs: 2 * 60_000 } });
      expect(fw.acceptTimeSync({ time: clock.now(), keyId: 'prov-1' })).toBe(ResultCode.GRANTED);
      expect(fw.rtc.errorMs()).toBe(0);
    });

    it('a day-old time sync is ignored and the valid key still opens', async () => {
      const { fw, clock, provisioning: p } = await firmware('door');
      expect(fw.acceptTimeSync({ time: clock.now() - 86_400_000, keyId: 'prov-1' })).toBe(ResultCode.STALE_BLOB);
      expect(fw.rtc.errorMs()).toBe(0);
      expect(fw.decide(credentialFor(p), UNLOCK).code).toBe(ResultCode.GRANTED);
    });

    it('a slow clock is set forward by any amount', async () => {
      const { fw, clock, provisioning: p } = await firmware('door', { behaviour: { clockOffsetMs: -2 * 86_400_000 } });
      expect(fw.decide(credentialFor(p), UNLOCK).code).toBe(ResultCode.NOT_YET_VALID);
      expect(fw.acceptTimeSync({ time: clock.now(), keyId: 'prov-1' })).toBe(ResultCode.GRANTED);
      expect(fw.decide(credentialFor(p), UNLOCK).code).toBe(ResultCode.GRANTED);
    });

    it('limitation: an UNSET clock accepts any valid sync (nothing to check the first one against offline)', async () => {
      const { fw, clock, provisioning: p } = await firmware('door', { behaviour: { clockUnset: true } });
      clock.set(CHECKOUT + 3_600_000);
      expect(fw.acceptTimeSync({ time: CHECK_IN, keyId: 'prov-1' })).toBe(ResultCode.GRANTED);
      expect(fw.rtc.now()).toBe(CHECK_IN);
      expect(fw.decide(credentialFor(p), UNLOCK).code).toBe(ResultCode.GRANTED);
    });

    it('with the age the phone claims: a correct RTC stays right, a fast one is corrected to the true time', async () => {
      const { fw, clock } = await firmware('door');
      expect(fw.acceptTimeSync({ time: clock.now() - 60_000, keyId: 'prov-1' }, 60_000)).toBe(ResultCode.GRANTED);
      expect(fw.rtc.errorMs()).toBe(0);
      const fast = await firmware('door', { behaviour: { clockOffsetMs: 3 * 60_000 } });
      expect(fast.fw.acceptTimeSync({ time: fast.clock.now() - 60_000, keyId: 'prov-1' }, 60_000)).toBe(ResultCode.GRANTED);
      expect(fast.fw.rtc.errorMs()).toBe(0);
    });

    it('fault clock-drift-uncorrected: the sync is acknowledged but the RTC keeps its error', async () => {
      const { fw, clock } = await firmware('door', { behaviour: { clockOffsetMs: -86_400_000 }, faults: new FaultSet({ names: ['clock-drift-uncorrected'] }) });
      expect(fw.acceptTimeSync({ time: clock.now(), keyId: 'prov-1' })).toBe(ResultCode.GRANTED);
      expect(fw.rtc.errorMs()).toBe(-86_400_000);
    });
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
    expect(JSON.parse(readFileSync(join(dir, `lock-${p.lock_id}.json`), 'utf8')).keySequences).toEqual({ [p.lock_id]: 5 });
  });

  it('a state file from before per-lock key sequences boots with its per-grant entries dropped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyrig-lock-'));
    const clock = new ManualClock(T0);
    const p = await provisioningFor('door');
    const open = () => new LockFirmware({ provisioning: p, clock, logger: silentLogger, store: new FileStateStore(dir, p.lock_id) });
    open().decide(credentialFor(p, { keySequences: { [p.lock_id]: 3 } }), UNLOCK);
    const file = join(dir, `lock-${p.lock_id}.json`);
    const old = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...old, keySequences: { 'grant-1': 7, 'grant-2': 2 } })); // as the per-grant firmware wrote it
    const fw = open();
    expect(fw.keySequence).toBeUndefined();
    expect(fw.status().counters.grants).toBe(1); // the rest of the state is kept
    expect(fw.decide(credentialFor(p, { keySequences: { [p.lock_id]: 1 } }), UNLOCK).code).toBe(ResultCode.GRANTED);
    expect(JSON.parse(readFileSync(file, 'utf8')).keySequences).toEqual({ [p.lock_id]: 1 });
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
