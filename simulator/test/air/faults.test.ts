/**
 * Injected faults as the real hosts see them: retransmissions, supervision timeouts, forced
 * disconnects, out of range, delays and corruption.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '@keyrig/protocol';
import { Air } from '../../src/air/index.js';
import {
  discoverLock,
  findCharacteristics,
  startLock,
  startPhone,
  teardown,
  waitFor,
  type Lock,
  type Noble,
  type Peripheral,
} from './fixtures.js';

describe('fault injection', () => {
  let air: Air | undefined;
  let lock: Lock | undefined;
  let phone: Noble | undefined;
  afterEach(async () => {
    if (air) await teardown(air, phone, lock?.bleno);
    air = undefined;
  });

  async function connected(seed = 5): Promise<{ air: Air; p: Peripheral }> {
    air = new Air({ seed });
    lock = await startLock(air.attach({ name: 'lock' }), { initialValue: Buffer.alloc(300, 0x5a) });
    phone = await startPhone(air.attach({ name: 'phone', position: { x: 3, y: 0 } }));
    const p = await discoverLock(phone);
    await p.connectAsync();
    return { air, p };
  }

  it('retransmits lost PDUs: a 30% drop rate costs retries, not data', async () => {
    const { air, p } = await connected();
    air.setFaults({ dropRate: 0.3 }, ['phone', 'lock']);
    const { value } = await findCharacteristics(p);
    const read = await value.readAsync();
    expect(read.equals(Buffer.alloc(300, 0x5a))).toBe(true);
    expect(air.stats.retransmissions).toBeGreaterThan(0);
  });

  it('a blackout ends the link by supervision timeout (0x08) on both sides', async () => {
    const { air, p } = await connected();
    const phoneSaw = waitFor<[number]>(p, 'disconnect');
    const lockSaw = waitFor(lock!.bleno, 'disconnect');
    air.setFaults({ blackout: true });
    const [reason] = await phoneSaw;
    await lockSaw;
    expect(reason).toBe(0x08);
    expect(air.stats.linksLost).toBe(1);
  });

  it('a forced disconnect reaches both hosts with the given reason', async () => {
    const { air, p } = await connected();
    const phoneSaw = waitFor<[number]>(p, 'disconnect');
    expect(air.disconnect('phone', 'lock', 0x13)).toBe(1);
    expect((await phoneSaw)[0]).toBe(0x13);
  });

  it('walking out of range drops the link and the lock is no longer heard', async () => {
    const { air, p } = await connected();
    const phoneSaw = waitFor<[number]>(p, 'disconnect');
    air.move('phone', { x: 5000, y: 0 });
    expect((await phoneSaw)[0]).toBe(0x08);
    // bleno re-advertises, but 5 km away nobody hears it.
    await expect(discoverLock(phone!, 1500)).rejects.toThrow('no lock discovered');
    air.move('phone', { x: 1, y: 0 });
    const again = await discoverLock(phone!);
    expect(again.address).toBe(p.address);
  });

  it('a delay makes a host-side timeout fire', async () => {
    const { air, p } = await connected();
    const { value } = await findCharacteristics(p);
    air.setFaults({ delayMs: 400 });
    await expect(systemClock.timeout(value.readAsync(), 100, 'read')).rejects.toThrow('timed out');
  });

  it('corruption reaches the peer host as wrong bytes', async () => {
    const { air, p } = await connected(11);
    const { value } = await findCharacteristics(p);
    air.setFaults({ corruptRate: 1 }, ['lock', 'phone']);
    const sent = Buffer.from('0123456789abcdef0123');
    await value.writeAsync(sent, true).catch(() => undefined);
    // Wait until the lock got it (or its ATT layer rejected it) and the air counted the damage.
    for (let i = 0; i < 200 && air.stats.corrupted === 0; i++) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 50));
    expect(air.stats.corrupted).toBeGreaterThan(0);
    expect(lock!.writes.some((w) => w.equals(sent))).toBe(false);
  });
});
