import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../bytes.js';
import { MalformedMessageError } from '../errors.js';
import {
  adBytesToUuid128,
  encodeAdStructures,
  parseAdStructures,
  readAdvertisingData,
  uuid128ToAdBytes,
} from './adStructures.js';

describe('AD structures (Core Vol 3 Part C §11)', () => {
  it('pins a vector and parses it back', () => {
    const bytes = encodeAdStructures([
      { type: 0x01, data: Uint8Array.of(0x06) },
      { type: 0x09, data: fromHex('6b72') },
    ]);
    expect(toHex(bytes)).toBe('020106' + '03096b72');
    expect(parseAdStructures(bytes).map((s) => [s.type, toHex(s.data)])).toEqual([
      [0x01, '06'],
      [0x09, '6b72'],
    ]);
  });

  it('stops at a zero length (padding) and refuses an overrun', () => {
    expect(parseAdStructures(fromHex('020106000000')).length).toBe(1);
    expect(() => parseAdStructures(fromHex('0501aabb'))).toThrow(/declares 5 bytes but only 3 remain/);
    expect(() => encodeAdStructures([{ type: 1, data: new Uint8Array(255) }])).toThrow(/255 bytes > 254/);
  });

  it('puts 128-bit UUIDs in little-endian order', () => {
    const u = '6b657972-6967-4b52-8000-000000000001';
    expect(toHex(uuid128ToAdBytes(u))).toBe('010000000000008052' + '4b67697279656b');
    expect(adBytesToUuid128(uuid128ToAdBytes(u))).toBe(u);
  });

  it('reads UUIDs of every width, manufacturer data and name', () => {
    const view = readAdvertisingData(
      fromHex('03030f18' + '05050d0c0b0a'),
      fromHex('05ff4c000102' + '0408616263'),
    );
    expect(view.serviceUuids).toEqual(['180f', '0a0b0c0d']);
    expect(toHex(view.manufacturerData!)).toBe('4c000102');
    expect(view.localName).toBe('abc');
    expect(() => readAdvertisingData(fromHex('040700000000'))).toThrow(/not a multiple of 16/);
  });

  it('round-trips any list of structures (property)', () => {
    const s = fc.record({ type: fc.integer({ min: 0, max: 255 }), data: fc.uint8Array({ maxLength: 254 }) });
    fc.assert(
      fc.property(fc.array(s, { maxLength: 8 }), (list) => {
        const back = parseAdStructures(encodeAdStructures(list));
        expect(back.map((x) => [x.type, [...x.data]])).toEqual(list.map((x) => [x.type, [...x.data]]));
      }),
    );
  });

  it('parses or refuses random bytes, never crashing (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 62 }), (b) => {
        try {
          readAdvertisingData(b);
        } catch (e) {
          expect(e).toBeInstanceOf(MalformedMessageError);
        }
      }),
    );
  });
});
