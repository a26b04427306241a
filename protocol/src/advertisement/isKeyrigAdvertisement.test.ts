import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex } from '../bytes.js';
import { LockType } from '../gatt/LockType.js';
import { KeyrigUuids, KeyrigUuidsNoDash } from '../gatt/uuids.js';
import { buildAdvertisingData, buildScanResponseData } from './advertisingData.js';
import { findKeyrigAdvertisement, isKeyrigAdvertisement } from './isKeyrigAdvertisement.js';
import { encodeManufacturerData, type KeyrigAdvertisement } from './manufacturerData.js';
import { normalLockStatus } from './statusFlags.js';

const adv: KeyrigAdvertisement = {
  version: 1,
  lockType: LockType.door,
  status: { ...normalLockStatus, jammed: true },
  securityRevision: 1,
  lockId: '11111111-2222-4333-8444-555555555555',
};

describe('isKeyrigAdvertisement / findKeyrigAdvertisement', () => {
  it('matches noble-style views (no-dash UUIDs, data with company id)', () => {
    expect(isKeyrigAdvertisement({ serviceUuids: [KeyrigUuidsNoDash.service] })).toBe(true);
    const view = { serviceUuids: [], manufacturerData: encodeManufacturerData(adv) };
    expect(isKeyrigAdvertisement(view)).toBe(true);
    expect(findKeyrigAdvertisement(view)).toEqual(adv);
  });

  it('matches Web-Bluetooth-style views (dashed UUIDs, data without company id)', () => {
    expect(isKeyrigAdvertisement({ serviceUuids: [KeyrigUuids.service.toUpperCase()] })).toBe(true);
    const data = encodeManufacturerData(adv, { companyId: false });
    expect(findKeyrigAdvertisement({ manufacturerData: data })).toEqual(adv);
  });

  it('matches raw AD bytes of ADV_IND and of SCAN_RSP', () => {
    expect(isKeyrigAdvertisement(buildAdvertisingData())).toBe(true);
    expect(findKeyrigAdvertisement(buildAdvertisingData())).toBeUndefined();
    expect(findKeyrigAdvertisement(buildScanResponseData(adv))).toEqual(adv);
  });

  it('says no to other devices and garbage without throwing', () => {
    expect(isKeyrigAdvertisement({ serviceUuids: ['180f'], manufacturerData: fromHex('4c000215') })).toBe(false);
    expect(isKeyrigAdvertisement({ manufacturerData: fromHex('ffff4a') })).toBe(false);
    expect(isKeyrigAdvertisement(fromHex('ff01'))).toBe(false);
    expect(isKeyrigAdvertisement({})).toBe(false);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 31 }), (b) => {
        expect(typeof isKeyrigAdvertisement(b)).toBe('boolean');
      }),
    );
  });
});
