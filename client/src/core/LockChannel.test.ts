import { ManualClock } from '@keyrig/protocol';
import { describe, expect, it } from 'vitest';
import { LoopbackLink } from '../../test/support/loopbackLink.js';
import { LockChannel } from './LockChannel.js';

/** A lock that answers every message with the message reversed. */
const reverse = (m: Uint8Array) => Uint8Array.from(m).reverse();
const big = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff);

function nextMessage(channel: LockChannel): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    channel.onMessage(resolve);
    channel.onFailure(reject);
  });
}

describe('LockChannel', () => {
  it('uses notifications when the lock offers them, across many fragments at MTU 23', async () => {
    const link = new LoopbackLink({ answer: reverse });
    const channel = await LockChannel.open(link);
    expect(channel.mode).toBe('notify');
    const got = nextMessage(channel);
    await channel.send(big);
    expect([...(await got)]).toEqual([...reverse(big)]);
    expect(link.reads).toBe(0);
    channel.close();
  });

  it('pulls reads when the lock has no notify, treating empty reads as "nothing yet"', async () => {
    let reply: (() => void) | undefined;
    const link = new LoopbackLink({
      features: ['readPull'],
      // The lock answers a little later, so the phone sees empty reads first.
      answer: (m) => {
        reply = () => void link.lockSide.send(reverse(m));
        return undefined;
      },
    });
    const channel = await LockChannel.open(link, { pollIntervalMs: 1 });
    expect(channel.mode).toBe('read');
    const got = nextMessage(channel);
    await channel.send(big);
    await new Promise((r) => setTimeout(r, 20));
    reply!();
    expect([...(await got)]).toEqual([...reverse(big)]);
    expect(link.emptyReads).toBeGreaterThan(0);
    channel.close();
  });

  it('can be told to pull even when the lock notifies (Web Bluetooth emulation has no notify)', async () => {
    const link = new LoopbackLink({ answer: reverse });
    const channel = await LockChannel.open(link, { responseMode: 'read' });
    const got = nextMessage(channel);
    await channel.send(Uint8Array.of(1, 2, 3));
    expect([...(await got)]).toEqual([3, 2, 1]);
    channel.close();
  });

  it('reports a lost link and a silent lock as failures', async () => {
    const link = new LoopbackLink({ answer: () => undefined });
    const channel = await LockChannel.open(link);
    const failed = nextMessage(channel);
    link.drop('supervision timeout');
    await expect(failed).rejects.toThrow(/link lost: supervision timeout/);

    const silent = await LockChannel.open(new LoopbackLink({ features: ['readPull'], answer: () => undefined }), {
      pollIntervalMs: 1,
      responseTimeoutMs: 50,
    });
    const timedOut = nextMessage(silent);
    await silent.send(Uint8Array.of(9));
    await expect(timedOut).rejects.toThrow(/no response from the lock within 50 ms/);
  });

  it('waits on its radio clock: a silent lock times out as that clock moves, not by itself', async () => {
    const radio = new ManualClock(0);
    const silent = await LockChannel.open(new LoopbackLink({ features: ['readPull'], answer: () => undefined }), {
      pollIntervalMs: 10,
      responseTimeoutMs: 60_000, // a minute: on real timers this test would time out
      radioClock: radio,
    });
    let failure: Error | undefined;
    silent.onFailure((e) => (failure = e));
    await silent.send(Uint8Array.of(9));
    for (let i = 0; i < 10 && failure === undefined; i++) {
      radio.advance(10_000);
      await new Promise((r) => setImmediate(r));
    }
    expect(failure?.message).toMatch(/no response from the lock within 60000 ms/);
  });
});
