import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from './bytes.js';
import { MalformedMessageError } from './errors.js';
import {
  decodeTlv,
  encodeTlv,
  tlvBytes,
  tlvNested,
  tlvString,
  tlvU16,
  tlvU16List,
  tlvU32,
  tlvU64,
  tlvU8,
  tlvU8List,
  TlvReader,
  type TlvField,
} from './tlv.js';

describe('encodeTlv / decodeTlv', () => {
  it('pins a binary vector (§4: tag u8 | length u16 LE | value)', () => {
    const bytes = encodeTlv([tlvU8(0x01, 7), tlvU16(0x02, 0x1234), tlvBytes(0x90, fromHex('aabbcc'))]);
    expect(toHex(bytes)).toBe('010100' + '07' + '020200' + '3412' + '900300' + 'aabbcc');
    const fields = decodeTlv(bytes);
    expect(fields.map((f) => [f.tag, toHex(f.value)])).toEqual([
      [1, '07'],
      [2, '3412'],
      [0x90, 'aabbcc'],
    ]);
  });

  it('pins u32 and u64 little-endian layouts', () => {
    expect(toHex(encodeTlv([tlvU32(0x03, 0x01020304)]))).toBe('030400' + '04030201');
    const t = Date.UTC(2026, 0, 1);
    const bytes = encodeTlv([tlvU64(0x04, t)]);
    expect(bytes.length).toBe(11);
    expect(new TlvReader(bytes).u64(0x04)).toBe(t);
    expect(toHex(encodeTlv([tlvU64(0x04, Number.MAX_SAFE_INTEGER)]))).toBe('040800ffffffffffff1f00');
  });

  it('refuses truncated headers and values', () => {
    expect(() => decodeTlv(fromHex('0101'))).toThrow(/truncated header/);
    expect(() => decodeTlv(fromHex('010500aabb'))).toThrow(/declares 5 bytes but only 2 remain/);
  });

  it('refuses unknown critical tags and skips unknown optional ones', () => {
    const bytes = encodeTlv([tlvU8(0x01, 1), tlvU8(0x7f, 2), tlvU8(0x81, 3)]);
    expect(() => decodeTlv(bytes, { knownTags: [0x01] })).toThrow(/unknown critical tag 0x7f/);
    const ok = encodeTlv([tlvU8(0x01, 1), tlvU8(0x81, 3)]);
    expect(decodeTlv(ok, { knownTags: [0x01] }).map((f) => f.tag)).toEqual([0x01]);
  });

  it('refuses bad tags, out-of-range integers and overlong values when encoding', () => {
    expect(() => encodeTlv([{ tag: 256, value: new Uint8Array() }])).toThrow(MalformedMessageError);
    expect(() => tlvU8(1, 256)).toThrow(/0\.\.255/);
    expect(() => tlvU16(1, -1)).toThrow(MalformedMessageError);
    expect(() => tlvU64(1, 2 ** 53)).toThrow(MalformedMessageError);
    expect(() => tlvU8(1, 1.5)).toThrow(MalformedMessageError);
    expect(() => encodeTlv([tlvBytes(1, new Uint8Array(0x10000))])).toThrow(/exceeds 65535/);
  });

  it('round-trips any list of fields (property)', () => {
    const field = fc.record({
      tag: fc.integer({ min: 0, max: 255 }),
      value: fc.uint8Array({ maxLength: 300 }),
    });
    fc.assert(
      fc.property(fc.array(field, { maxLength: 20 }), (fields: TlvField[]) => {
        const decoded = decodeTlv(encodeTlv(fields));
        expect(decoded.map((f) => ({ tag: f.tag, value: [...f.value] }))).toEqual(
          fields.map((f) => ({ tag: f.tag, value: [...f.value] })),
        );
      }),
    );
  });

  it('never crashes on random bytes: decodes or throws MalformedMessageError (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          decodeTlv(bytes, { knownTags: [1, 2, 3] });
        } catch (e) {
          expect(e).toBeInstanceOf(MalformedMessageError);
        }
      }),
    );
  });
});

describe('TlvReader', () => {
  const names = { 0x01: 'version', 0x02: 'lock id', 0x03: 'time' };
  const opts = { knownTags: [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07], tagNames: names, context: 'TEST' };

  it('reads typed values and optional absences', () => {
    const bytes = encodeTlv([
      tlvU8(0x01, 1),
      tlvBytes(0x02, new Uint8Array(16).fill(9)),
      tlvU64(0x03, 1_767_225_600_123),
      tlvString(0x04, 'héllo'),
      tlvU8List(0x05, [1, 2, 3]),
      tlvU16List(0x06, [0, 513, 65535]),
      tlvNested(0x07, [tlvU32(0x01, 42)]),
    ]);
    const r = new TlvReader(bytes, opts);
    expect(r.u8(0x01)).toBe(1);
    expect(r.bytes(0x02, { length: 16 })).toEqual(new Uint8Array(16).fill(9));
    expect(r.u64(0x03)).toBe(1_767_225_600_123);
    expect(r.string(0x04)).toBe('héllo');
    expect(r.u8List(0x05)).toEqual([1, 2, 3]);
    expect(r.u16List(0x06)).toEqual([0, 513, 65535]);
    expect(r.nested(0x07).u32(0x01)).toBe(42);
    expect(r.optionalU16(0x10)).toBeUndefined();
    expect(r.tags()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('names the tag when a field is missing, duplicated or of the wrong length', () => {
    const dup = encodeTlv([tlvU8(0x01, 1), tlvU8(0x01, 2)]);
    expect(() => new TlvReader(dup, opts)).toThrow('TEST: tag 0x01 (version) appears more than once');
    const r = new TlvReader(encodeTlv([tlvU16(0x01, 1), tlvBytes(0x02, new Uint8Array(15))]), opts);
    expect(() => r.u8(0x01)).toThrow('TEST: tag 0x01 (version) must be 1 bytes, got 2');
    expect(() => r.bytes(0x02, { length: 16 })).toThrow('tag 0x02 (lock id) must be 16 bytes, got 15');
    expect(() => r.u64(0x03)).toThrow('TEST: tag 0x03 (time) is missing');
    expect(() => r.optionalBytes(0x02, { maxLength: 4 })).toThrow(/at most 4 bytes/);
  });

  it('refuses a u64 above 2^53 - 1, odd u16 lists and invalid UTF-8', () => {
    const r = new TlvReader(
      encodeTlv([
        tlvBytes(0x03, fromHex('0000000000002000')),
        tlvBytes(0x06, fromHex('010203')),
        tlvBytes(0x04, fromHex('ff')),
      ]),
      opts,
    );
    expect(() => r.u64(0x03)).toThrow(/exceeds 2\^53/);
    expect(() => r.u16List(0x06)).toThrow(/odd length 3/);
    expect(() => r.string(0x04)).toThrow(/not valid UTF-8/);
  });

  it('collects repeatable tags in order and still refuses other repeats', () => {
    const bytes = encodeTlv([tlvU8(0x01, 1), tlvBytes(0x05, fromHex('aa')), tlvBytes(0x05, fromHex('bbcc'))]);
    const r = new TlvReader(bytes, { ...opts, repeatableTags: [0x05] });
    expect(r.all(0x05)).toEqual([fromHex('aa'), fromHex('bbcc')]);
    expect(r.all(0x06)).toEqual([]);
    expect(r.has(0x05)).toBe(true);
    expect(r.tags()).toEqual([1, 5]);
    expect(() => new TlvReader(bytes, opts)).toThrow(/tag 0x05 appears more than once/);
  });

  it('round-trips u64 values (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (n) => {
        expect(new TlvReader(encodeTlv([tlvU64(0x03, n)])).u64(0x03)).toBe(n);
      }),
    );
  });
});
