import { describe, expect, it } from 'vitest';
import { fromHex } from '../bytes.js';
import { KeyrigError } from '../errors.js';
import { FramedChannel } from '../framing/FramedChannel.js';
import { ResponseQueue } from './ResponseQueue.js';

describe('ResponseQueue (§2 read-pull)', () => {
  it('queues without a subscriber; each read takes one fragment, then reads are empty', () => {
    const q = new ResponseQueue();
    q.push(fromHex('000001aa'));
    q.push(fromHex('0001bb'));
    expect(q.pending).toBe(2);
    expect(q.read()).toEqual(fromHex('000001aa'));
    expect(q.read()).toEqual(fromHex('0001bb'));
    expect(q.read().length).toBe(0);
  });

  it('notifies while subscribed, flushing the queue in order on subscribe', () => {
    const q = new ResponseQueue();
    const got: Uint8Array[] = [];
    q.push(fromHex('01'));
    q.subscribe((f) => got.push(f));
    q.push(fromHex('02'));
    q.unsubscribe();
    q.push(fromHex('03'));
    expect(got).toEqual([fromHex('01'), fromHex('02')]);
    expect(q.read()).toEqual(fromHex('03'));
    q.push(fromHex('04'));
    q.clear();
    expect(q.read().length).toBe(0);
    expect(q.subscribed).toBe(false);
  });

  it('refuses to grow past its capacity', () => {
    const q = new ResponseQueue({ capacity: 2 });
    q.push(fromHex('01'));
    q.push(fromHex('02'));
    expect(() => q.push(fromHex('03'))).toThrow(KeyrigError);
  });

  it('carries a whole message to a phone that only pulls', async () => {
    const q = new ResponseQueue();
    const lock = new FramedChannel({ sendFragment: (f) => q.push(f), onMessage: () => {}, onError: () => {} });
    const got: Uint8Array[] = [];
    const phone = new FramedChannel({ sendFragment: () => {}, onMessage: (m) => got.push(m), onError: (e) => { throw e; } });
    const message = Uint8Array.from({ length: 100 }, (_, i) => i);
    await lock.send(message);
    for (let v = q.read(); v.length > 0; v = q.read()) phone.receive(v);
    expect(got).toEqual([message]);
  });
});
