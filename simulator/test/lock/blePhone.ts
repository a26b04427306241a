/**
 * A phone on the virtual air for lock tests: real noble (tests may use noble anywhere), protocol
 * framing and protocol's PhoneSession. Scans for a lock by id in its scan response, connects,
 * and speaks the protocol over the keyrig GATT service (notify or read-pull).
 */
import { createRequire } from 'node:module';
import {
  FramedChannel,
  findKeyrigAdvertisement,
  KeyrigUuidsNoDash,
  PhoneSession,
  type Clock,
  type HandshakeOutcome,
  type KeyrigAdvertisement,
  type ProviderKeys,
} from '@keyrig/protocol';
import type { Characteristic, Noble, Peripheral } from '@stoprocent/noble';
import type { Air } from '../../src/air/index.js';
import type { PhoneKey } from './world.js';

const require = createRequire(import.meta.url);
// CommonJS; a noble instance per phone through withBindings. Its own types (noble 2.8 ships them).
const nobleModule = require('@stoprocent/noble') as typeof import('@stoprocent/noble');

export type { Characteristic, Noble, Peripheral };

export async function startNoble(air: Air, name: string): Promise<Noble> {
  const at = air.attach({ name });
  const noble = nobleModule.withBindings('hci', at.bindings);
  await noble.waitForPoweredOnAsync(15_000);
  return noble;
}

/** Scans until the lock with `lockId` is heard with its scan response. */
export async function findLock(
  noble: Noble,
  lockId: string,
  accept: (adv: KeyrigAdvertisement) => boolean = () => true,
  timeoutMs = 20_000,
): Promise<{ peripheral: Peripheral; advertisement: KeyrigAdvertisement }> {
  const found = new Promise<{ peripheral: Peripheral; advertisement: KeyrigAdvertisement }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`lock ${lockId} not heard`)), timeoutMs);
    noble.on('discover', (p) => {
      const adv = findKeyrigAdvertisement({ manufacturerData: p.advertisement.manufacturerData });
      if (adv?.lockId === lockId && accept(adv)) {
        clearTimeout(timer);
        resolve({ peripheral: p, advertisement: adv });
      }
    });
  });
  await noble.startScanningAsync([KeyrigUuidsNoDash.service], true);
  try {
    return await found;
  } finally {
    noble.removeAllListeners('discover');
    await noble.stopScanningAsync();
  }
}

export interface BlePhone {
  readonly session: PhoneSession;
  /** The handshake (started unless `start: false`). */
  readonly handshake: Promise<HandshakeOutcome>;
  /** Every whole message the lock sent. */
  readonly received: Uint8Array[];
  readonly info: Buffer;
  readonly mtu: number;
  /** Every whole message the phone sent. */
  readonly sent: Uint8Array[];
  /** Sends raw fragments on the control point (tests of the fragment layer). */
  writeFragment(fragment: Uint8Array): Promise<void>;
  /** Sends a whole message through the phone's framing (e.g. a replay). */
  inject(message: Uint8Array): Promise<void>;
  disconnect(): Promise<void>;
}

/** Connects to a found lock and starts a PhoneSession (handshake running). */
export async function connectPhone(o: {
  peripheral: Peripheral;
  key: PhoneKey;
  providerKeys: ProviderKeys;
  clock: Clock;
  lockId: string;
  /** Pull responses by reading instead of subscribing (§2 read-pull). */
  readPull?: boolean;
  blocklist?: Uint8Array;
  timeSync?: Uint8Array;
  /** When the phone got `timeSync`, on `clock`: PHONE_AUTH carries its age (§9). */
  timeSyncReceivedAt?: number;
  /** Protocol versions the phone offers (default [1]). */
  versions?: number[];
  /** Start the handshake (default true). */
  start?: boolean;
  /** Called before each message the phone sends (e.g. to let time pass). */
  beforeSend?: (message: Uint8Array) => void;
}): Promise<BlePhone> {
  const p = o.peripheral;
  await p.connectAsync();
  const { characteristics } = await p.discoverSomeServicesAndCharacteristicsAsync(
    [KeyrigUuidsNoDash.service],
    [KeyrigUuidsNoDash.controlPoint, KeyrigUuidsNoDash.response, KeyrigUuidsNoDash.info],
  );
  const byUuid = (u: string) => {
    const c = characteristics.find((x) => x.uuid === u);
    if (!c) throw new Error(`characteristic ${u} missing`);
    return c;
  };
  const control = byUuid(KeyrigUuidsNoDash.controlPoint);
  const response = byUuid(KeyrigUuidsNoDash.response);
  const info = await byUuid(KeyrigUuidsNoDash.info).readAsync();
  const mtu = p.mtu ?? 23;
  let closed = false;
  const channel = new FramedChannel({
    mtu,
    sendFragment: (f) => control.writeAsync(Buffer.from(f), false),
    onMessage: (m) => {
      received.push(m);
      void session.receive(m);
    },
    onError: (e) => void session.fragmentError(e.message),
  });
  const sent: Uint8Array[] = [];
  const received: Uint8Array[] = [];
  const session: PhoneSession = new PhoneSession({
    clock: o.clock,
    credential: o.key.credential,
    endpointKey: o.key.endpointKey,
    providerKeys: o.providerKeys,
    expectedLockId: o.lockId,
    send: (m) => {
      o.beforeSend?.(m);
      sent.push(m.slice());
      return channel.send(m);
    },
    ...(o.versions ? { versions: o.versions } : {}),
    ...(o.blocklist ? { blocklist: o.blocklist } : {}),
    ...(o.timeSync ? { timeSync: o.timeSync } : {}),
    ...(o.timeSync && o.timeSyncReceivedAt !== undefined ? { timeSyncReceivedAt: o.timeSyncReceivedAt } : {}),
  });
  if (o.readPull) {
    void (async () => {
      while (!closed) {
        const v = await response.readAsync().catch(() => Buffer.alloc(0));
        if (v.length > 0) channel.receive(new Uint8Array(v));
        else await new Promise((r) => setTimeout(r, 20));
      }
    })();
  } else {
    response.on('data', (d) => channel.receive(new Uint8Array(d)));
    await response.subscribeAsync();
  }
  return {
    session,
    handshake: o.start === false ? new Promise<HandshakeOutcome>(() => {}) : session.start(),
    received,
    info,
    mtu,
    sent,
    writeFragment: (f) => control.writeAsync(Buffer.from(f), false),
    inject: (m) => channel.send(m),
    disconnect: async () => {
      if (closed) return;
      closed = true;
      session.close();
      await Promise.race([p.disconnectAsync().catch(() => undefined), new Promise((r) => setTimeout(r, 3000))]);
    },
  };
}
