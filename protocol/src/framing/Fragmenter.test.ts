import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../bytes.js';
import { KeyrigError } from '../errors.js';
import { maxMessageSizeForMtu } from './constants.js';
import { FragmentError } from './FragmentError.js';
import { Fragmenter } from './Fragmenter.js';

const seq = (n: number) => Uint8Array.from({ length: n }, (_, i) => i & 0xff);

describe('Fragmenter (§3)', () => {
  it('pins the fragments of a 40-byte message at ATT_MTU 23', () => {
    const f = new Fragmenter({ mtu: 23 });
    const frags = f.fragment(seq(40)).map(toHex);
    // 20 bytes per value: first = 4-byte header + 16, then 2-byte header + 18, then the last 6.
    expect(frags).toEqual([
      '00002800' + '000102030405060708090a0b0c0d0e0f',
      '0001' + '101112131415161718191a1b1c1d1e1f2021',
      '0002' + '222324252627',
    ]);
    expect(f.nextMessageId).toBe(1);
    expect(f.fragment(Uint8Array.of(0x7f)).map(toHex)).toEqual(['010001007f']);
  });

  it('pins the §3.4 HELLO example: one fragment at ATT_MTU 23', () => {
    const hello = fromHex('010101000102040000000000');
    expect(new Fragmenter({ mtu: 23 }).fragment(hello).map(toHex)).toEqual(['00000c00010101000102040000000000']);
  });

  it('sizes fragments as min(ATT_MTU - 3, 512)', () => {
    for (const [mtu, cap] of [
      [23, 20],
      [185, 182],
      [247, 244],
      [517, 512],
    ] as const) {
      const frags = new Fragmenter({ mtu, maxMessageSize: 4000 }).fragment(seq(3000));
      expect(Math.max(...frags.map((x) => x.length))).toBe(cap);
    }
  });

  it('wraps message ids after 255 and restarts at 0 on reset', () => {
    const f = new Fragmenter();
    for (let i = 0; i < 256; i++) expect(f.fragment(seq(1))[0]![0]).toBe(i);
    expect(f.fragment(seq(1))[0]![0]).toBe(0);
    f.reset();
    expect(f.nextMessageId).toBe(0);
  });

  it('refuses empty, too-large and more-than-256-fragment messages without consuming an id', () => {
    const f = new Fragmenter({ mtu: 23, maxMessageSize: 0xffff });
    expect(() => f.fragment(new Uint8Array())).toThrow(FragmentError);
    expect(maxMessageSizeForMtu(23)).toBe(4606);
    expect(f.fragment(seq(4606)).length).toBe(256);
    expect(() => f.fragment(seq(4607))).toThrow(/needs 257 fragments/);
    const small = new Fragmenter({ maxMessageSize: 100 });
    try {
      small.fragment(seq(101));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(FragmentError);
      expect((e as FragmentError).reason).toBe('overlong');
    }
    expect(small.nextMessageId).toBe(0);
  });

  it('refuses a bad MTU or max message size as a config error', () => {
    expect(() => new Fragmenter({ mtu: 22 })).toThrow(KeyrigError);
    expect(() => new Fragmenter().setMtu(23.5)).toThrow(/ATT_MTU/);
    expect(() => new Fragmenter({ maxMessageSize: 63 })).toThrow(/max message size/);
  });
});
