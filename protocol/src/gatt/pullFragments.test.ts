import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { KeyrigError } from '../errors.js';
import { FramedChannel } from '../framing/FramedChannel.js';
import { pullFragments } from './pullFragments.js';
import { ResponseQueue } from './ResponseQueue.js';

describe('pullFragments (§2 read-pull, phone side)', () => {
  it('reads through empty values until the message is complete', async () => {
    const clock = new ManualClock();
    const queue = new ResponseQueue();
    const lock = new FramedChannel({ sendFragment: (f) => queue.push(f), onMessage: () => {}, onError: () => {} });
    const got: Uint8Array[] = [];
    const phone = new FramedChannel({ sendFragment: () => {}, onMessage: (m) => got.push(m), onError: (e) => { throw e; } });
    const message = Uint8Array.from({ length: 50 }, (_, i) => 255 - i);
    let reads = 0;
    const n = await pullFragments({
      clock,
      timeoutMs: 2000,
      sleep: async (ms) => {
        clock.advance(ms);
        if (clock.now() - Date.UTC(2026, 0, 1) === 60) await lock.send(message); // the lock answers late
      },
      read: async () => {
        reads++;
        return queue.read();
      },
      deliver: (f) => phone.receive(f),
      done: () => got.length > 0,
    });
    expect(got).toEqual([message]);
    expect(n).toBe(3); // 50 bytes at MTU 23: 16 + 18 + 16
    expect(reads).toBe(6); // three empty reads (20, 40, 60 ms) then three fragments
  });

  it('gives up with a timeout error when nothing arrives', async () => {
    const clock = new ManualClock();
    const err = await pullFragments({
      clock,
      timeoutMs: 100,
      sleep: async (ms) => clock.advance(ms),
      read: async () => new Uint8Array(),
      deliver: () => {},
      done: () => false,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeyrigError);
    expect(err).toMatchObject({ code: 'timeout' });
  });

  it('stops when aborted', async () => {
    const ac = new AbortController();
    const err = await pullFragments({
      timeoutMs: 10_000,
      sleep: async () => ac.abort(),
      read: async () => new Uint8Array(),
      deliver: () => {},
      done: () => false,
      signal: ac.signal,
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'state' });
  });
});
