import { describe, expect, it } from 'vitest';
import { fromHex } from '../bytes.js';
import { ManualClock } from '../clock.js';
import { KeyrigError } from '../errors.js';
import { FragmentError } from './FragmentError.js';
import { FramedChannel } from './FramedChannel.js';

const seq = (n: number, k = 1) => Uint8Array.from({ length: n }, (_, i) => (i * k) & 0xff);

/** A lock-side and a phone-side channel wired back to back, with an asynchronous "air". */
function pair(mtu = 23) {
  const toLock: Uint8Array[] = [];
  const atLock: Uint8Array[] = [];
  const atPhone: Uint8Array[] = [];
  const errors: FragmentError[] = [];
  let lock: FramedChannel;
  const phone = new FramedChannel({
    mtu,
    sendFragment: async (f) => {
      toLock.push(f);
      await new Promise((r) => setTimeout(r, 1));
      lock.receive(f);
    },
    onMessage: (m) => atPhone.push(m),
    onError: (e) => errors.push(e),
  });
  lock = new FramedChannel({
    mtu,
    sendFragment: (f) => phone.receive(f),
    onMessage: (m) => atLock.push(m),
    onError: (e) => errors.push(e),
  });
  return { phone, lock, toLock, atLock, atPhone, errors };
}

describe('FramedChannel', () => {
  it('carries messages both ways and keeps concurrent sends in order, unmixed', async () => {
    const { phone, lock, atLock, atPhone, errors } = pair();
    await Promise.all([phone.send(seq(100, 3)), phone.send(seq(5)), phone.send(seq(2048, 7))]);
    expect(atLock).toEqual([seq(100, 3), seq(5), seq(2048, 7)]);
    await lock.send(seq(300, 11));
    expect(atPhone).toEqual([seq(300, 11)]);
    expect(errors).toEqual([]);
  });

  it('cuts fragments for the MTU set with setMtu', async () => {
    const { phone, toLock, atLock } = pair();
    phone.setMtu(185);
    expect(phone.mtu).toBe(185);
    await phone.send(seq(400));
    expect(toLock.map((f) => f.length)).toEqual([182, 182, 44]);
    expect(atLock).toEqual([seq(400)]);
  });

  it('reports a broken stream through onError and then resynchronises', () => {
    const errors: FragmentError[] = [];
    const messages: Uint8Array[] = [];
    const ch = new FramedChannel({ sendFragment: () => {}, onMessage: (m) => messages.push(m), onError: (e) => errors.push(e) });
    ch.receive(fromHex('0005aa'));
    ch.receive(new Uint8Array());
    expect(errors.map((e) => e.reason)).toEqual(['no-first-fragment', 'too-short']);
    ch.receive(fromHex('07000100ab'));
    expect(messages).toEqual([fromHex('ab')]);
  });

  it('reports a reassembly timeout from checkTimeout using the injected clock', () => {
    const clock = new ManualClock();
    const errors: FragmentError[] = [];
    const ch = new FramedChannel({ clock, sendFragment: () => {}, onMessage: () => {}, onError: (e) => errors.push(e) });
    ch.receive(fromHex('00000a00aabb'));
    expect(ch.receiving).toBe(true);
    clock.advance(1999);
    ch.checkTimeout();
    expect(errors).toEqual([]);
    clock.advance(2);
    ch.checkTimeout();
    expect(errors.map((e) => e.reason)).toEqual(['timeout']);
    expect(ch.receiving).toBe(false);
  });

  it('applies the max message size to both directions', async () => {
    const errors: FragmentError[] = [];
    const ch = new FramedChannel({ sendFragment: () => {}, onMessage: () => {}, onError: (e) => errors.push(e) });
    ch.setMaxMessageSize(100);
    await expect(ch.send(seq(101))).rejects.toMatchObject({ reason: 'overlong' });
    ch.receive(fromHex('00006500'));
    expect(errors.map((e) => e.reason)).toEqual(['overlong']);
  });

  it('rejects a send whose sendFragment failed, and later sends still go out', async () => {
    const sent: Uint8Array[] = [];
    let fail = true;
    const ch = new FramedChannel({
      sendFragment: (f) => {
        if (fail) throw new KeyrigError('io', 'link down');
        sent.push(f);
      },
      onMessage: () => {},
      onError: () => {},
    });
    await expect(ch.send(seq(3))).rejects.toThrow('link down');
    fail = false;
    await ch.send(seq(3));
    expect(sent.length).toBe(1);
    expect(sent[0]![0]).toBe(1); // the failed message consumed id 0
  });

  it('reset() restarts ids and fails messages not yet sent', async () => {
    const sent: Uint8Array[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const ch = new FramedChannel({
      sendFragment: async (f) => {
        sent.push(f);
        await gate;
      },
      onMessage: () => {},
      onError: () => {},
    });
    const first = ch.send(seq(40)); // 3 fragments; blocks on the first
    const second = ch.send(seq(1));
    await new Promise((r) => setTimeout(r, 0)); // let the first fragment go out
    expect(sent.length).toBe(1);
    ch.reset();
    release();
    await expect(first).rejects.toMatchObject({ code: 'state' });
    await expect(second).rejects.toMatchObject({ code: 'state' });
    expect(sent.length).toBe(1);
    await ch.send(seq(1));
    expect(sent.at(-1)![0]).toBe(0);
  });
});
