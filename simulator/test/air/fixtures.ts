/**
 * Two-device fixture (STYLE.md "From Bumble": TwoDevices): a real bleno peripheral ("lock") and a
 * real noble central ("phone") on one Air. Tests may use noble anywhere.
 */
import { createRequire } from 'node:module';
import type { Characteristic, Noble, Peripheral } from '@stoprocent/noble';
import type { Air } from '../../src/air/index.js';

export type { Characteristic, Noble, Peripheral };

const require = createRequire(import.meta.url);
// Both are CommonJS; their instances are created per test through withBindings.
const blenoModule = require('@stoprocent/bleno') as { withBindings(type: string, options: object): BlenoLike };
const nobleModule = require('@stoprocent/noble') as typeof import('@stoprocent/noble');

export const SERVICE_UUID = 'a0b40001-3c55-4f5e-9a2b-6b6579726967';
export const VALUE_UUID = 'a0b40002-3c55-4f5e-9a2b-6b6579726967';
export const EVENTS_UUID = 'a0b40003-3c55-4f5e-9a2b-6b6579726967';
const short = (u: string): string => u.replace(/-/g, '');

/* noble 2.8 ships its types (re-exported below); a minimal structural type for what the tests use of bleno 0.12. */
export interface BlenoLike {
  state: string;
  Characteristic: new (options: object) => object;
  PrimaryService: new (options: object) => object;
  waitForPoweredOnAsync(timeout?: number): Promise<void>;
  setServicesAsync(services: object[]): Promise<void>;
  startAdvertisingAsync(name: string, uuids: string[]): Promise<void>;
  disconnect(): void;
  stop(): void;
  on(event: string, cb: (...args: unknown[]) => void): void;
  once(event: string, cb: (...args: never[]) => void): void;
}
export interface Lock {
  readonly bleno: BlenoLike;
  /** The current value of the read/write characteristic. */
  value: Buffer;
  /** Every write the lock received. */
  readonly writes: Buffer[];
  /** Sends a notification on the events characteristic (once a central subscribed). */
  notify(data: Buffer): void;
  readonly subscribed: Promise<void>;
}

/** Starts a bleno GATT server on `at` and begins advertising. */
export async function startLock(at: { readonly bindings: object }, options: { initialValue?: Buffer; name?: string } = {}): Promise<Lock> {
  const bleno = blenoModule.withBindings('hci', at.bindings);
  let notifier: ((d: Buffer) => void) | undefined;
  let subscribedResolve!: () => void;
  const subscribed = new Promise<void>((r) => (subscribedResolve = r));
  const lock: Lock = {
    bleno,
    value: options.initialValue ?? Buffer.from('hello'),
    writes: [],
    notify: (d) => notifier?.(d),
    subscribed,
  };
  const value = new bleno.Characteristic({
    uuid: short(VALUE_UUID),
    properties: ['read', 'write'],
    onReadRequest: (_conn: unknown, offset: number, cb: (r: number, d?: Buffer) => void) => cb(0, lock.value.subarray(offset)),
    onWriteRequest: (_conn: unknown, data: Buffer, offset: number, _wr: boolean, cb: (r: number) => void) => {
      if (offset === 0) lock.writes.push(Buffer.from(data));
      lock.value = Buffer.from(data);
      cb(0);
    },
  });
  const events = new bleno.Characteristic({
    uuid: short(EVENTS_UUID),
    properties: ['notify'],
    onSubscribe: (_conn: unknown, _max: number, update: (d: Buffer) => void) => {
      notifier = update;
      subscribedResolve();
    },
    onUnsubscribe: () => (notifier = undefined),
  });
  await bleno.waitForPoweredOnAsync(15_000);
  await bleno.setServicesAsync([new bleno.PrimaryService({ uuid: short(SERVICE_UUID), characteristics: [value, events] })]);
  await bleno.startAdvertisingAsync(options.name ?? 'keyrig-lock', [short(SERVICE_UUID)]);
  return lock;
}

export async function startPhone(at: { readonly bindings: object }): Promise<Noble> {
  const noble = nobleModule.withBindings('hci', at.bindings);
  await noble.waitForPoweredOnAsync(15_000);
  return noble;
}

/** Scans until a peripheral advertising SERVICE_UUID is discovered. */
export async function discoverLock(noble: Noble, timeoutMs = 15_000): Promise<Peripheral> {
  const found = new Promise<Peripheral>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no lock discovered')), timeoutMs);
    noble.on('discover', ((p: Peripheral) => {
      clearTimeout(timer);
      resolve(p);
    }) as never);
  });
  await noble.startScanningAsync([short(SERVICE_UUID)], false);
  const p = await found;
  noble.removeAllListeners('discover');
  await noble.stopScanningAsync();
  return p;
}

export async function findCharacteristics(p: Peripheral): Promise<{ value: Characteristic; events: Characteristic }> {
  const { characteristics } = await p.discoverSomeServicesAndCharacteristicsAsync([short(SERVICE_UUID)], [short(VALUE_UUID), short(EVENTS_UUID)]);
  const value = characteristics.find((c) => c.uuid === short(VALUE_UUID));
  const events = characteristics.find((c) => c.uuid === short(EVENTS_UUID));
  if (!value || !events) throw new Error('characteristics not found');
  return { value, events };
}

/** Resolves when `emitter` emits `event`, or rejects after timeoutMs. */
export function waitFor<T extends unknown[]>(emitter: { once(e: string, cb: (...a: never[]) => void): void }, event: string, timeoutMs = 15_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for "${event}"`)), timeoutMs);
    emitter.once(event, ((...args: T) => {
      clearTimeout(timer);
      resolve(args);
    }) as never);
  });
}

/** Stops hosts then the air. */
export async function teardown(air: Air, ...hosts: ({ stop(): void } | undefined)[]): Promise<void> {
  for (const h of hosts) {
    try {
      h?.stop();
    } catch {
      // already stopped
    }
  }
  await air.close();
}
