import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../bytes.js';
import { MalformedMessageError } from '../errors.js';
import { LockType } from '../gatt/LockType.js';
import { decodeManufacturerData, encodeManufacturerData, type KeyrigAdvertisement } from './manufacturerData.js';
import { decodeStatusFlags, normalLockStatus } from './statusFlags.js';

const sample: KeyrigAdvertisement = {
  version: 1,
  lockType: LockType.door,
  status: { ...normalLockStatus, batteryLow: true, busy: true },
  securityRevision: 3,
  lockId: '00112233-4455-6677-8899-aabbccddeeff',
};
const PAYLOAD_HEX = '4b' + '01' + '01' + '05' + '03' + '00112233445566778899aabbccddeeff';

describe('manufacturer data (§1)', () => {
  it('pins binary vectors with and without the company id', () => {
    expect(toHex(encodeManufacturerData(sample))).toBe('ffff' + PAYLOAD_HEX);
    expect(toHex(encodeManufacturerData(sample, { companyId: false }))).toBe(PAYLOAD_HEX);
    expect(decodeManufacturerData(fromHex('ffff' + PAYLOAD_HEX))).toEqual(sample);
    expect(decodeManufacturerData(fromHex(PAYLOAD_HEX))).toEqual(sample);
  });

  it('accepts trailing bytes from a later version', () => {
    expect(decodeManufacturerData(fromHex(PAYLOAD_HEX + 'abcd'))).toEqual(sample);
  });

  it('refuses other companies, bad magic, short data and bad fields with a clear reason', () => {
    expect(() => decodeManufacturerData(fromHex('4c00' + PAYLOAD_HEX))).toThrow(/company 0x004c/);
    expect(() => decodeManufacturerData(fromHex('ffff4a01'))).toThrow(/magic 0x4a/);
    expect(() => decodeManufacturerData(fromHex('ff'))).toThrow(/too short/);
    expect(() => decodeManufacturerData(new Uint8Array())).toThrow(/too short/);
    expect(() => decodeManufacturerData(fromHex(PAYLOAD_HEX.slice(0, 30)))).toThrow(/expected at least 21/);
    expect(() => decodeManufacturerData(fromHex('4b0001' + PAYLOAD_HEX.slice(6)))).toThrow(/version 0/);
    expect(() => decodeManufacturerData(fromHex('4b0107' + PAYLOAD_HEX.slice(6)))).toThrow(/lock type 7/);
    expect(() => encodeManufacturerData({ ...sample, securityRevision: 300 })).toThrow(MalformedMessageError);
    expect(() => encodeManufacturerData({ ...sample, version: 0 })).toThrow(MalformedMessageError);
  });

  const adv = fc.record({
    version: fc.integer({ min: 1, max: 255 }),
    lockType: fc.constantFrom(LockType.door, LockType.elevator, LockType.amenity),
    status: fc.integer({ min: 0, max: 0x1f }).map(decodeStatusFlags),
    securityRevision: fc.integer({ min: 0, max: 255 }),
    lockId: fc.uuid(),
  });

  it('round-trips both forms (property)', () => {
    fc.assert(
      fc.property(adv, fc.boolean(), (a, companyId) => {
        expect(decodeManufacturerData(encodeManufacturerData(a, { companyId }))).toEqual(a);
      }),
    );
  });

  it('decodes or refuses random bytes, never crashing (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 30 }), (b) => {
        try {
          decodeManufacturerData(b);
        } catch (e) {
          expect(e).toBeInstanceOf(MalformedMessageError);
        }
      }),
    );
  });
});
