import { describe, expect, it } from 'vitest';
import { demoHotelProperty } from './demoHotel.js';
import { parsePropertyFile, resolveEntrances } from './propertyFile.js';
import { LockProvisioningSchema } from './provisioning.js';
import { describeSchedule } from './schedule.js';

describe('property file', () => {
  it('validates the demo hotel and derives stable ids', () => {
    const a = resolveEntrances(demoHotelProperty());
    const b = resolveEntrances(demoHotelProperty());
    expect(a.map((e) => e.acs_entrance_id)).toEqual(b.map((e) => e.acs_entrance_id));
    expect(new Set(a.flatMap((e) => e.locks.map((l) => l.lock_id))).size).toBe(a.length);
    const elevator = a.find((e) => e.type === 'elevator')!;
    expect(elevator.floors).toEqual([1, 2, 3, 4, 5]);
    expect(describeSchedule(a.find((e) => e.key === 'gym')!.hours!)).toBe('daily 06:00-22:00');
  });

  it('says what is wrong with a bad file', () => {
    const bad = {
      version: 1,
      name: 'x',
      time_zone: 'Mars/Olympus',
      entrances: [
        { key: 'lift', display_name: 'Lift', type: 'elevator' },
        { key: 'lift', display_name: 'Gym', type: 'amenity', hours: [{ from: '25:00', to: '22:00' }] },
      ],
    };
    expect(() => parsePropertyFile(bad)).toThrow(/time_zone: must be an IANA time zone/);
    expect(() => parsePropertyFile(bad)).toThrow(/entrances\.0\.floors: an elevator entrance needs "floors"/);
    expect(() => parsePropertyFile(bad)).toThrow(/entrances\.1\.hours\.0\.from: must be a wall-clock time/);
  });

  it('rejects a provisioning file with a private key missing', () => {
    const r = LockProvisioningSchema.safeParse({ version: 1 });
    expect(r.success).toBe(false);
  });
});
