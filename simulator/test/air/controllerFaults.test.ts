/**
 * Controller fault profiles (issue #18; docs/AIR.md "Controller faults") as real noble and bleno
 * see them: `adapter-loss` (the controller vanishes) and `controller-reset` (it resets by itself:
 * Hardware Error, Vol 4 Part E §7.7.16, then a NOP Command Complete granting one credit, §7.7.14;
 * its links are gone and the peer's end by supervision timeout, reason 0x08, Vol 6 Part B §4.5.2).
 * Run on a strict air: the hosts' recovery must not break a controller rule either.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Air, CONTROLLER_FAULTS, injectControllerFault } from '../../src/air/index.js';
import { discoverLock, startLock, startPhone, teardown, waitFor, type Lock, type Noble, type Peripheral } from './fixtures.js';

describe('controller fault profiles', () => {
  let air: Air | undefined;
  let lock: Lock | undefined;
  let phone: Noble | undefined;
  afterEach(async () => {
    if (air) await teardown(air, phone, lock?.bleno);
    air = undefined;
  });

  async function connected(): Promise<{ air: Air; p: Peripheral }> {
    air = new Air({ seed: 8, strict: true });
    lock = await startLock(air.attach({ name: 'lock' }));
    phone = await startPhone(air.attach({ name: 'phone', position: { x: 2, y: 0 } }));
    const p = await discoverLock(phone);
    await p.connectAsync();
    return { air, p };
  }

  it('names the profiles; an unknown one or an unknown controller is a clear error', () => {
    expect([...CONTROLLER_FAULTS]).toEqual(['adapter-loss', 'controller-reset']);
    const a = new Air();
    expect(() => injectControllerFault(a, 'nobody', 'adapter-loss')).toThrow(/no controller "nobody"/);
    a.attach({ name: 'x' });
    expect(() => injectControllerFault(a, 'x', 'melt' as never)).toThrow(/unknown controller fault "melt" \(known: adapter-loss, controller-reset\)/);
  });

  it('adapter-loss: the phone sees its adapter go (poweredOff); the lock sees the link end', async () => {
    const { air } = await connected();
    const off = waitFor<[string]>(phone!, 'stateChange');
    const lockSaw = waitFor(lock!.bleno, 'disconnect');
    injectControllerFault(air, 'phone', 'adapter-loss');
    expect((await off)[0]).toBe('poweredOff');
    await lockSaw;
    expect(air.controllers.map((c) => c.name)).toEqual(['lock']);
  });

  it("controller-reset of the lock: the phone's link ends with 0x08; the lock's host gets Hardware Error then a NOP credit; the controller is back to power-on state", async () => {
    const { air, p } = await connected();
    const c = air.controller('lock');
    const toHost: string[] = [];
    c.tap((packet, fromHost) => {
      if (!fromHost) toHost.push(packet.toString('hex'));
    });
    const phoneSaw = waitFor<[number]>(p, 'disconnect');
    injectControllerFault(air, 'lock', 'controller-reset');
    expect((await phoneSaw)[0]).toBe(0x08);
    // 04 10 01 00: Hardware Error, Hardware_Code 0x00; 04 0e 03 01 0000: Command Complete, 1 credit, opcode 0x0000 (NOP).
    expect(toHost.slice(0, 2)).toEqual(['04100100', '040e03010000']);
    expect(c.connections.size).toBe(0);
    expect(c.advertising.enabled).toBe(false);
    expect(air.violations).toEqual([]);
  });
});
