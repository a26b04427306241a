/**
 * Cost of one ATT round trip over the fast air (noble Read Request of the lock's info
 * characteristic → HCI ACL → virtual controllers → bleno → Read Response back), against a raw
 * in-process echo of the same bytes: the ATT Read Request as an H4 ACL packet handed to an echo
 * function and the Read Response handed back, one macrotask (setImmediate) per direction, as the
 * air's controllers deliver packets. Both sequential, one at a time, wall time per round trip.
 * A third measurement isolates the air: the same bytes between two raw hosts (functions that
 * write H4 packets, no noble or bleno) over two virtual controllers and the link layer, so the
 * report can say what the air costs and what the host stacks cost.
 *
 * run.ts runs each repeat in its own process (`node attRoundTrip.js <ms>`, JSON on stdout): in a
 * process that has just run the throughput suite the same round trip measured 4–5 µs slower
 * (a heap full of that suite's garbage, other code shapes in the JIT), so a fresh process per
 * repeat measures the round trip, not what ran before it.
 */
import { performance } from 'node:perf_hooks';
import { findNearbyLocks, openNobleCentral } from '@keyrig/client';
import { systemClock } from '@keyrig/protocol';
import { Air, startLock } from '@keyrig/simulator';
import { pino } from 'pino';
import { makeProvider, provisionDoor } from './world.js';

const silent = pino({ level: 'silent' });

export interface RoundTripCost {
  readonly count: number;
  /** Wall µs per round trip. */
  readonly usPerRoundTrip: number;
  /** CPU µs (all threads) per round trip. */
  readonly cpuUsPerRoundTrip: number;
  /** HCI packets crossing the two host interfaces per round trip (both directions, both ends). */
  readonly hciPacketsPerRoundTrip?: number;
}

/**
 * Before the first slice, round trips (and echoes) for this long unmeasured: noble, bleno and the air take a few
 * thousand round trips (about 250 ms here) before V8 has optimised them, and timing that would
 * measure the JIT, not the round trip.
 */
const WARM_UP_MS = 400;

async function warmUp(once: () => Promise<void>): Promise<void> {
  for (const end = performance.now() + WARM_UP_MS; performance.now() < end; ) await once();
}

async function timeLoop(ms: number, once: () => Promise<void>): Promise<RoundTripCost> {
  let count = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const end = t0 + ms;
  while (performance.now() < end) {
    await once();
    count++;
  }
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { count, usPerRoundTrip: (wall * 1000) / count, cpuUsPerRoundTrip: (cpu.user + cpu.system) / count };
}

/**
 * Both measurements interleaved in slices of `sliceMs` (ATT, echo, ATT, echo, …, `ms` of each in
 * total), so load from other processes hits both alike.
 */
export async function measureAttAndEcho(ms: number, sliceMs = 100): Promise<{ att: RoundTripCost; echo: RoundTripCost; airOnly: RoundTripCost }> {
  const acc = { att: { count: 0, wall: 0, cpu: 0, packets: 0 }, echo: { count: 0, wall: 0, cpu: 0, packets: 0 }, airOnly: { count: 0, wall: 0, cpu: 0, packets: 0 } };
  const echo = rawEcho();
  const raw = await openRawAirLink();
  await withAttLink(async (readOnce, packets) => {
    await warmUp(readOnce);
    await warmUp(echo);
    await warmUp(raw.once);
    for (let done = 0; done < ms; done += sliceMs) {
      const p0 = packets();
      const a = await timeLoop(sliceMs, readOnce);
      acc.att.count += a.count;
      acc.att.wall += a.usPerRoundTrip * a.count;
      acc.att.cpu += a.cpuUsPerRoundTrip * a.count;
      acc.att.packets += packets() - p0;
      const e = await timeLoop(sliceMs, echo);
      acc.echo.count += e.count;
      acc.echo.wall += e.usPerRoundTrip * e.count;
      acc.echo.cpu += e.cpuUsPerRoundTrip * e.count;
      const r0 = raw.packets();
      const r = await timeLoop(sliceMs, raw.once);
      acc.airOnly.count += r.count;
      acc.airOnly.wall += r.usPerRoundTrip * r.count;
      acc.airOnly.cpu += r.cpuUsPerRoundTrip * r.count;
      acc.airOnly.packets += raw.packets() - r0;
    }
  });
  await raw.close();
  const cost = (x: typeof acc.att): RoundTripCost => ({ count: x.count, usPerRoundTrip: x.wall / x.count, cpuUsPerRoundTrip: x.cpu / x.count });
  return {
    att: { ...cost(acc.att), hciPacketsPerRoundTrip: acc.att.packets / acc.att.count },
    echo: cost(acc.echo),
    airOnly: { ...cost(acc.airOnly), hciPacketsPerRoundTrip: acc.airOnly.packets / acc.airOnly.count },
  };
}

/** Runs `body` with a connected link to a lock on a fast air; `packets()` counts HCI packets of both hosts. */
async function withAttLink(body: (readOnce: () => Promise<void>, packets: () => number) => Promise<void>): Promise<void> {
  const now = systemClock.now();
  const provider = await makeProvider();
  const provisioning = await provisionDoor(provider, 1, now);
  const air = new Air({ seed: 1, timing: 'fast' });
  const lock = await startLock({ provisioning, clock: systemClock, logger: silent, air });
  const at = air.attach({ name: 'phone', position: { x: 1, y: 0 } });
  const central = await openNobleCentral({ hci: at.bindings, logger: silent });
  try {
    const sightings = await central.scan({ timeoutMs: 5000, until: (s) => findNearbyLocks(s.values()).length > 0 });
    const target = findNearbyLocks(sightings)[0];
    if (!target) throw new Error('lock not heard');
    const link = await central.connect(target.sighting.peripheralId, { mtu: 247 });
    let n = 0;
    const count = () => void n++;
    const untapPhone = at.controller.tap(count);
    const untapLock = air.controller(`lock-${provisioning.lock_id}`).tap(count);
    try {
      await body(
        async () => {
          const v = await link.readInfo();
          if (v.length < 25) throw new Error('short info value');
        },
        () => n,
      );
    } finally {
      untapPhone();
      untapLock();
      await link.disconnect();
    }
  } finally {
    await central.close();
    await lock.close();
    await air.close();
  }
}

/**
 * Two raw hosts connected over a fast air (LE Create Connection to an advertiser, as in the air's
 * own tests); `once` sends the ATT Read Request as an H4 ACL packet from the central's host, the
 * peripheral's host answers with the 30-byte Read Response from inside its data handler (as bleno
 * does), and it resolves when the response's fragments have reached the central's host. The
 * Number Of Completed Packets events reach both hosts as with noble and bleno (same 7 packets).
 */
async function openRawAirLink(): Promise<{ once: () => Promise<void>; packets: () => number; close: () => Promise<void> }> {
  const air = new Air({ seed: 1, timing: 'fast' });
  const central = air.createController({ name: 'raw-central' });
  const peripheral = air.createController({ name: 'raw-peripheral' });
  let n = 0;
  let onCentral: (p: Buffer) => void = () => {};
  let onPeripheral: (p: Buffer) => void = () => {};
  central.connectHost((p) => (n++, onCentral(p)));
  peripheral.connectHost((p) => (n++, onPeripheral(p)));
  const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
  const connected = (c: typeof central) =>
    new Promise<number>((resolve) => {
      const handler = (p: Buffer) => {
        // LE Meta (0x3e), LE Connection Complete (0x01), status 0: the handle.
        if (p[0] === 0x04 && p[1] === 0x3e && p[3] === 0x01 && p[4] === 0) resolve(p.readUInt16LE(5));
      };
      if (c === central) onCentral = handler;
      else onPeripheral = handler;
    });
  const hc = connected(central);
  const hp = connected(peripheral);
  for (const c of [central, peripheral]) c.receiveFromHost(hex('01 010c 08 fffffbff07f8bf3d')); // Set Event Mask: LE Meta on
  peripheral.receiveFromHost(hex('01 0620 0f a000 a000 00 00 00 000000000000 07 00')); // ADV_IND every 100 ms
  peripheral.receiveFromHost(hex('01 0a20 01 01'));
  const peer = Buffer.from(peripheral.address).toString('hex');
  central.receiveFromHost(hex(`01 0d20 19 6000 3000 00 00 ${peer} 00 0600 1200 0000 2a00 0000 0000`));
  const [handleC, handleP] = await Promise.all([hc, hp]);
  // The same bytes as the echo: ATT_READ_REQ (handle 0x000e) and ATT_READ_RSP with 25 bytes.
  const request = Buffer.from([0x02, handleC & 0xff, handleC >> 8, 0x07, 0x00, 0x03, 0x00, 0x04, 0x00, 0x0a, 0x0e, 0x00]);
  const response = Buffer.alloc(9 + 1 + 25);
  response.set([0x02, handleP & 0xff, handleP >> 8, 30, 0x00, 26, 0x00, 0x04, 0x00, 0x0b]);
  onPeripheral = (p) => {
    if (p[0] === 0x02 && p[9] === 0x0a) {
      n++;
      peripheral.receiveFromHost(response);
    }
  };
  let done: () => void = () => {};
  let received = 0;
  onCentral = (p) => {
    if (p[0] !== 0x02) return; // Number Of Completed Packets
    received += p.readUInt16LE(3);
    if (received >= 30) {
      received = 0;
      done();
    }
  };
  return {
    once: () =>
      new Promise<void>((resolve) => {
        done = resolve;
        n++;
        central.receiveFromHost(request);
      }),
    packets: () => n,
    close: () => air.close(),
  };
}

function rawEcho(): () => Promise<void> {
  // H4 ACL, handle 0x0040: ATT_READ_REQ for handle 0x000e (Core Vol 3 Part F §3.4.4.3) ...
  const request = Uint8Array.from([0x02, 0x40, 0x00, 0x07, 0x00, 0x03, 0x00, 0x04, 0x00, 0x0a, 0x0e, 0x00]);
  // ... and ATT_READ_RSP with a 25-byte value.
  const response = new Uint8Array(9 + 1 + 25);
  response.set([0x02, 0x40, 0x20, 30, 0x00, 26, 0x00, 0x04, 0x00, 0x0b]);
  const peer = (bytes: Uint8Array, reply: (b: Uint8Array) => void) => {
    if (bytes[9] !== 0x0a) throw new Error('not a read request');
    setImmediate(() => reply(Uint8Array.from(response)));
  };
  return () =>
    new Promise<void>((resolve) => {
      const copy = Uint8Array.from(request);
      setImmediate(() =>
        peer(copy, (r) => {
          if (r.length !== 35) throw new Error('short response');
          resolve();
        }),
      );
    });
}

// Entry point when run as a child process: one repeat, JSON result on stdout.
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const ms = Number(process.argv[2] ?? '1000');
  const result = await measureAttAndEcho(ms);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  // bleno keeps polling timers alive on a closed lock; the repeat is done.
  process.exit(0);
}
