import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from '../bytes.js';
import { LockType } from '../gatt/LockType.js';
import { KEYRIG_SERVICE_UUID } from '../gatt/uuids.js';
import { readAdvertisingData } from './adStructures.js';
import { buildAdvertisingData, buildScanResponseData } from './advertisingData.js';
import { decodeManufacturerData, type KeyrigAdvertisement } from './manufacturerData.js';
import { normalLockStatus } from './statusFlags.js';

const adv: KeyrigAdvertisement = {
  version: 1,
  lockType: LockType.amenity,
  status: normalLockStatus,
  securityRevision: 0,
  lockId: '6b657972-0000-4000-8000-00000000abcd',
};

describe('advertising and scan response data (§1)', () => {
  it('pins the ADV_IND bytes', () => {
    expect(toHex(buildAdvertisingData())).toBe(
      '020106' + '1107' + '0100000000000080524b67697279656b',
    );
  });

  it('pins the SCAN_RSP bytes', () => {
    expect(toHex(buildScanResponseData(adv))).toBe(
      '18ff' + 'ffff' + '4b' + '01' + '03' + '00' + '00' + '6b65797200004000800000000000abcd',
    );
  });

  it('fits a short name completely and shortens a long one at a character boundary', () => {
    const short = readAdvertisingData(buildAdvertisingData({ localName: 'Door 12' }));
    expect(short.localName).toBe('Door 12');
    const long = buildAdvertisingData({ localName: 'Zimmer 101 Süd' });
    expect(long.length).toBeLessThanOrEqual(31);
    expect(long[22]).toBe(0x08); // shortened local name
    expect(readAdvertisingData(long).localName).toBe('Zimmer 1');
    const multi = buildAdvertisingData({ localName: 'Tür€€€€' }); // 'T' 'ü'(2) 'r' '€'(3)...
    expect(readAdvertisingData(multi).localName).toBe('Tür€');
  });

  it('round-trips through parsing for any advertisement and name (property)', () => {
    const arb = fc.record({
      version: fc.integer({ min: 1, max: 255 }),
      lockType: fc.constantFrom(LockType.door, LockType.elevator, LockType.amenity),
      status: fc.constant(normalLockStatus),
      securityRevision: fc.integer({ min: 0, max: 255 }),
      lockId: fc.uuid(),
    });
    fc.assert(
      fc.property(arb, fc.string({ maxLength: 40 }), (a, name) => {
        const ad = buildAdvertisingData({ localName: name });
        const rsp = buildScanResponseData(a);
        expect(ad.length).toBeLessThanOrEqual(31);
        expect(rsp.length).toBeLessThanOrEqual(31);
        const view = readAdvertisingData(ad, rsp);
        expect(view.serviceUuids).toEqual([KEYRIG_SERVICE_UUID]);
        expect(decodeManufacturerData(view.manufacturerData!)).toEqual(a);
        if (name !== '') expect(name.startsWith(view.localName ?? '\u0000')).toBe(true);
      }),
    );
  });
});
