/** Elevator and amenity locks on the virtual air, with a real noble phone. */
import { afterEach, describe, expect, it } from 'vitest';
import { startRig, type Rig } from './rig.js';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('elevator lock', () => {
  it('releases only floors in the credential ∩ requested ∩ served; FLOOR_NOT_PERMITTED otherwise', async () => {
    rig = await startRig('elevator'); // serves floors 1..4
    const released: number[][] = [];
    rig.lock.firmware.on('floors', (f: number[]) => released.push(f));
    const phone = await rig.phone(await rig.key({ floors: [2, 3, 7] }));
    expect((await phone.handshake).ok).toBe(true);
    const a = await phone.session.selectFloors([3, 4, 7]);
    expect(a.codeName).toBe('GRANTED');
    expect(a.grantedFloors).toEqual([3]);
    const b = await phone.session.selectFloors([4]);
    expect(b.codeName).toBe('FLOOR_NOT_PERMITTED');
    expect(b.grantedFloors).toEqual([]);
    await phone.disconnect();
    // A plain unlock asks for every floor the credential allows that this car serves.
    const p2 = await rig.phone(await rig.key({ floors: [2, 3, 7] }));
    expect((await p2.handshake).ok).toBe(true);
    expect((await p2.session.unlock()).grantedFloors).toEqual([2, 3]);
    expect(released).toEqual([[3], [2, 3]]);
    const audit = rig.lock.firmware.auditRecords(1, 10);
    expect(audit.map((r) => [r.resultCode, [...r.floors]])).toEqual([[0, [3]], [0x13, []], [0, [2, 3]]]);
  });
});

describe('amenity lock', () => {
  it('opening hours (OUTSIDE_SCHEDULE), max uses a day (DAILY_LIMIT_REACHED), anti-passback (ANTI_PASSBACK)', async () => {
    rig = await startRig('amenity', { behaviour: { maxUsesPerDay: 2, antiPassbackMs: 30_000 } }); // open 06:00-22:00 Berlin
    const key = await rig.key();
    const use = async () => {
      const p = await rig!.phone(key);
      const hs = await p.handshake;
      const code = hs.ok ? (await p.session.unlock()).codeName : hs.codeName;
      await p.disconnect();
      return code;
    };
    expect(await use()).toBe('GRANTED'); // 12:00 local
    expect(await use()).toBe('ANTI_PASSBACK');
    rig.clock.advance(30_000);
    expect(await use()).toBe('GRANTED');
    rig.clock.advance(30_000);
    expect(await use()).toBe('DAILY_LIMIT_REACHED');
    rig.clock.advance(11 * 3_600_000); // 23:01 local: closed
    expect(await use()).toBe('OUTSIDE_SCHEDULE');
    rig.clock.advance(8 * 3_600_000); // 07:01 next day: open, a new day's uses
    expect(await use()).toBe('GRANTED');
  });
});
