/**
 * The virtual air: links virtual controllers with a radio model (positions, path loss), BLE timing
 * (fast, or modeled from a profile), faults and captures. noble and bleno attach to it unchanged
 * through the virtual HCI driver.
 *
 *   const air = new Air({ seed: 7, timing: 'floor' });
 *   const lock = air.attach({ name: 'lock-1', position: { x: 0, y: 0 } });
 *   const bleno = withBindings('hci', lock.bindings);
 *   …
 *   await air.close();
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { KeyrigError, systemClock, type Clock } from '@keyrig/protocol';
import { BtsnoopWriter } from '../capture/BtsnoopWriter.js';
import { VirtualController } from '../controller/VirtualController.js';
import type { Medium } from '../controller/types.js';
import { strictFromEnv } from '../controller/strictMode.js';
import { Status } from '../hci/constants.js';
import { addressToBytes, addressToString } from '../hci/packets.js';
import { installVirtualHci, VIRTUAL_HCI_DRIVER } from '../transport/installVirtualHci.js';
import { registerController, unregisterController } from '../transport/registry.js';
import { AdvertisingChannel } from './AdvertisingChannel.js';
import { AdvertisingEvents } from './AdvertisingEvents.js';
import { AirCore, type AirStats } from './AirCore.js';
import { ConnectionSetup } from './ConnectionSetup.js';
import { DataChannel } from './DataChannel.js';
import { linkKey, validateFaults, type Faults } from './faults.js';
import type { LinkConnection } from './LinkConnection.js';
import { DEFAULT_PATH_LOSS, type PathLossModel, type Position } from './pathLoss.js';
import { SeededRandom } from './rng.js';
import { resolveTiming, type TimingMode, type TimingProfile } from './timing.js';
import { Timers } from './Timers.js';

export interface AirOptions {
  /** Seed of every random choice the air makes (default 1). */
  readonly seed?: number;
  /** 'fast' (default), 'floor', 'ios-like', 'android-like' or a custom TimingProfile. */
  readonly timing?: TimingMode;
  /** Time source for fast-mode timestamps and capture times (default: the system clock). */
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly pathLoss?: Partial<PathLossModel>;
  /** Write one btsnoop file per controller into this directory (<name>.btsnoop). */
  readonly captureDir?: string;
  /**
   * Strict controllers (docs/AIR.md "Strict mode"): real controllers' rules where keyrig's are
   * lenient. Default: the KEYRIG_AIR_STRICT environment variable (controller/strictMode.ts).
   */
  readonly strict?: boolean;
}

export interface AttachOptions {
  /** Unique on this air; also the capture file name. */
  readonly name: string;
  /** Metres (default origin). */
  readonly position?: Position;
  /** "aa:bb:cc:dd:ee:ff" (default: derived from the seed and the name). */
  readonly address?: string;
  /** Default 0 dBm. */
  readonly txPowerDbm?: number;
  /** LE ACL buffers reported to the host (default 251 bytes × 8). */
  readonly aclBuffers?: { readonly length: number; readonly count: number };
  /** Largest LL payload, 27–251 (default 251; 27 disables data length extension). */
  readonly maxDataLength?: number;
}

/** What `withBindings('hci', …)` of noble 2.8 / bleno 0.12 needs to reach a virtual controller. */
export interface VirtualHciBindings {
  readonly hciDriver: typeof VIRTUAL_HCI_DRIVER;
  readonly bindParams: { readonly virtual: { readonly id: string } };
}

export interface AirAttachment {
  readonly name: string;
  readonly address: string;
  /** Pass to `withBindings('hci', attachment.bindings)`. */
  readonly bindings: VirtualHciBindings;
  readonly controller: VirtualController;
  /** This controller's air time, ms (modeled: simulated; fast: elapsed clock time). */
  simTime(): number;
  /** Charges modeled processing time (e.g. 15 ms of lock crypto) to this controller's clock. */
  consume(ms: number): void;
  /**
   * Holds this controller's clock until at least t (simNow = max(simNow, t)): work that started at
   * a known air time and took a known time, independent of what was delivered meanwhile.
   */
  holdUntil(t: number): void;
  /** Removes the controller; its peers see a supervision timeout. */
  detach(): void;
}

let airCounter = 0;

export class Air {
  readonly seed: number;
  /** Strict controllers (see AirOptions.strict). */
  readonly strict: boolean;
  readonly #violations: string[] = [];
  /** The timing profile, or undefined in fast mode. */
  readonly profile: TimingProfile | undefined;
  readonly #core: AirCore;
  readonly #adv: AdvertisingChannel;
  readonly #setup: ConnectionSetup;
  readonly #data: DataChannel;
  readonly #clock: Clock;
  readonly #epoch: number;
  readonly #id = `air${++airCounter}`;
  readonly #logger: Logger | undefined;
  readonly #captures = new Map<string, BtsnoopWriter>();
  readonly #captureDir: string | undefined;
  readonly #medium: Medium;
  #closed = false;

  constructor(options: AirOptions = {}) {
    this.seed = options.seed ?? 1;
    this.strict = options.strict ?? strictFromEnv();
    this.profile = resolveTiming(options.timing ?? 'fast');
    this.#clock = options.clock ?? systemClock;
    this.#epoch = this.#clock.now();
    this.#logger = options.logger?.child({ component: 'air' });
    this.#captureDir = options.captureDir;
    if (this.#captureDir) mkdirSync(this.#captureDir, { recursive: true });
    const timers = new Timers();
    this.#core = new AirCore(
      new SeededRandom(this.seed),
      this.profile,
      { ...DEFAULT_PATH_LOSS, ...options.pathLoss },
      timers,
      () => this.#clock.now() - this.#epoch,
      this.#logger,
    );
    const events = new AdvertisingEvents(this.#core);
    this.#adv = new AdvertisingChannel(this.#core, events, (a) => this.#setup.advertiserAvailable(a));
    this.#setup = new ConnectionSetup(this.#core, events, () => this.#adv.advertisers, (a) => this.#adv.advertisingChanged(a));
    // A closed link changes nothing on the advertising channels by itself: a peripheral that
    // advertises again does so with LE Set Advertising Enable, which the channel hears.
    this.#data = new DataChannel(this.#core);
    this.#medium = this.#makeMedium();
  }

  #makeMedium(): Medium {
    const core = this.#core;
    const adv = this.#adv;
    const setup = this.#setup;
    const data = this.#data;
    return {
      elapsed: () => core.elapsed(),
      modeled: core.modeled,
      hostProcessingMs: this.profile?.hostProcessingMs ?? 0,
      commandLatencyMs: this.profile?.commandLatencyMs ?? 0,
      advertisingChanged: (c) => adv.advertisingChanged(c),
      scanningChanged: (c) => adv.scanningChanged(c),
      createConnection: (c) => setup.initiate(c),
      cancelConnection: (c, t) => setup.cancel(c, t),
      transmitAcl: (conn, from, start, bytes, t) => data.transmitAcl(conn, from, start, bytes, t),
      disconnect: (conn, from, reason, t) => data.disconnect(conn, from, reason, t),
      updateConnection: (conn, i, l, to, t) => data.updateConnection(conn, i, l, to, t),
      setDataLength: (conn, from, octets, t) => data.setDataLength(conn, from, octets, t),
      readRssi: (conn, at) => data.readRssi(conn, at),
      random: (...keys) => core.rng.unit(...keys),
      violation: (c, message) => {
        this.#violations.push(message);
        (c.logger ?? this.#logger)?.warn({ controller: c.name }, message);
      },
      controllerReset: (c, t) => {
        data.controllerReset(c, t);
        c.pendingConnection = undefined;
        setup.controllerChanged(c);
        adv.controllerChanged(c);
      },
    };
  }

  /** Adds a virtual controller; returns what noble/bleno need to drive it. */
  attach(options: AttachOptions): AirAttachment {
    this.#assertOpen();
    installVirtualHci();
    const c = this.createController(options);
    const id = `${this.#id}:${options.name}`;
    registerController(id, c);
    return {
      name: c.name,
      address: c.addressString,
      bindings: { hciDriver: VIRTUAL_HCI_DRIVER, bindParams: { virtual: { id } } },
      controller: c,
      simTime: () => c.simNow,
      consume: (ms) => {
        c.simNow += ms;
      },
      holdUntil: (t) => {
        c.simNow = Math.max(c.simNow, t);
      },
      detach: () => {
        unregisterController(id);
        this.removeController(c.name);
      },
    };
  }

  /** Adds a controller without the in-process registry (for stream attachments). */
  createController(options: AttachOptions): VirtualController {
    this.#assertOpen();
    if (this.#core.controllers.has(options.name)) throw new KeyrigError('config', `a controller named "${options.name}" is already on this air`);
    // A strict controller has no data length extension unless asked for (Vol 6 Part B §4.6.6).
    const maxDataLength = options.maxDataLength ?? (this.strict ? 27 : 251);
    if (!(maxDataLength >= 27 && maxDataLength <= 251)) throw new KeyrigError('config', `maxDataLength must be 27–251, got ${maxDataLength}`);
    const acl = options.aclBuffers ?? { length: 251, count: 8 };
    if (!(acl.length >= 27 && acl.length <= 0xffff && acl.count >= 1 && acl.count <= 255)) {
      throw new KeyrigError('config', `aclBuffers must be length ≥ 27 and count 1–255, got ${acl.length} × ${acl.count}`);
    }
    const address = options.address ? addressToBytes(options.address) : this.#deriveAddress(options.name);
    const c = new VirtualController(
      this.#medium,
      {
        name: options.name,
        address,
        position: options.position ?? { x: 0, y: 0 },
        txPowerDbm: options.txPowerDbm ?? 0,
        aclBufferLength: acl.length,
        aclBufferCount: acl.count,
        maxDataLength,
        strict: this.strict,
      },
      this.#logger?.child({ controller: options.name }),
    );
    this.#core.controllers.set(c.name, c);
    if (this.#captureDir) {
      const writer = new BtsnoopWriter(freshCapturePath(this.#captureDir, safeFileName(c.name)));
      this.#captures.set(c.name, writer);
      c.tap((packet, fromHost, t) => writer.write(packet, fromHost, this.#captureTime(t)));
    }
    this.#logger?.debug({ name: c.name, address: c.addressString }, 'controller attached');
    return c;
  }

  /** Capture timestamps: air time on top of the air's start time, so both modes give real dates. */
  #captureTime(t: number): number {
    return this.#epoch + t;
  }

  /** A public address from the seed and the name: stable across runs, distinct per name. */
  #deriveAddress(name: string): Buffer {
    const b = Buffer.alloc(6);
    for (let i = 0; i < 6; i++) b[i] = Math.floor(this.#core.rng.unit('address', name, i) * 256);
    b[5] = (b[5]! & 0x3f) | 0x40; // keep it visibly synthetic; it is reported as a public address
    return b;
  }

  removeController(name: string): void {
    const c = this.#core.controllers.get(name);
    if (!c) return;
    this.#data.controllerReset(c, c.simNow);
    c.close();
    this.#core.controllers.delete(name);
    this.#captures.get(name)?.close();
    this.#captures.delete(name);
    this.#setup.controllerChanged(c);
    this.#adv.controllerChanged(c);
  }

  controller(name: string): VirtualController {
    const c = this.#core.controllers.get(name);
    if (!c) throw new KeyrigError('config', `no controller "${name}" on this air`);
    return c;
  }

  get controllers(): readonly VirtualController[] {
    return [...this.#core.controllers.values()];
  }

  /** Moves a device. Out of range ends its links by supervision timeout. */
  move(name: string, position: Position): void {
    const c = this.controller(name);
    c.position = position;
    for (const conn of [...c.connections.values()]) {
      const peer = conn.peerOf(c);
      if (!this.#core.inRange(c, peer)) this.#data.loseLink(conn, Math.max(c.simNow, peer.simNow));
    }
    this.#adv.moved(c);
    this.#setup.tryConnections();
  }

  /** Sets faults globally, or for the link between two controllers (either order). */
  setFaults(faults: Faults, between?: readonly [string, string]): void {
    const f = validateFaults(faults);
    if (between) this.#core.linkFaults.set(linkKey(between[0], between[1]), f);
    else this.#core.globalFaults = f;
    if (f.blackout) {
      for (const conn of [...this.#core.connections]) {
        if (!between || linkKey(conn.central.name, conn.peripheral.name) === linkKey(between[0], between[1])) {
          this.#data.loseLink(conn, Math.max(conn.lastHeard[0], conn.lastHeard[1], conn.central.simNow, conn.peripheral.simNow));
        }
      }
    }
    // Faults apply per advertising event; who hears whom does not change, a blocked connection may go ahead.
    this.#setup.tryConnections();
  }

  clearFaults(): void {
    this.#core.globalFaults = {};
    this.#core.linkFaults.clear();
    this.#setup.tryConnections();
  }

  /**
   * Forces the connection(s) between a and b down, as seen by both hosts with `reason`
   * (default 0x08 Connection Timeout; e.g. 0x13 for a remote user termination).
   */
  disconnect(a: string, b: string, reason: number = Status.CONNECTION_TIMEOUT): number {
    const ca = this.controller(a);
    let n = 0;
    for (const conn of [...ca.connections.values()]) {
      if (conn.peerOf(ca).name !== b) continue;
      this.#data.terminate(conn, reason, reason, Math.max(conn.central.simNow, conn.peripheral.simNow));
      n++;
    }
    return n;
  }

  /** Live connections (both ends' names and handles). */
  get connections(): readonly LinkConnection[] {
    return [...this.#core.connections];
  }

  /** Air time of a controller, ms: simulated in modeled mode (see docs/AIR.md). */
  simTimeOf(name: string): number {
    return this.controller(name).simNow;
  }

  get stats(): Readonly<AirStats> {
    return { ...this.#core.stats };
  }

  /** Capture files written so far (name -> path). */
  get captures(): ReadonlyMap<string, string> {
    return new Map([...this.#captures].map(([n, w]) => [n, w.path]));
  }

  /** Controller rules hosts broke on this air (docs/AIR.md "Strict mode"), oldest first. */
  get violations(): readonly string[] {
    return [...this.#violations];
  }

  get closed(): boolean {
    return this.#closed;
  }

  #assertOpen(): void {
    if (this.#closed) throw new KeyrigError('state', 'this air is closed');
  }

  /**
   * Stops everything: timers, controllers, captures. Hosts still attached see nothing more. A
   * strict air whose hosts broke a controller rule then rejects, listing them: the failure a test
   * sees (docs/AIR.md "Strict mode").
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#setup.stopAll();
    this.#adv.stopAll();
    this.#core.timers.clear();
    for (const c of this.#core.controllers.values()) {
      unregisterController(`${this.#id}:${c.name}`);
      c.close();
    }
    this.#core.controllers.clear();
    this.#core.connections.clear();
    for (const w of this.#captures.values()) w.close();
    await new Promise<void>((r) => setImmediate(r));
    const v = this.#violations;
    if (this.strict && v.length > 0) {
      const shown = v.slice(0, 5).join('; ') + (v.length > 5 ? `; … ${v.length - 5} more` : '');
      throw new KeyrigError('state', `strict air: ${v.length} controller rule violation(s) by its hosts: ${shown}`);
    }
  }
}

/**
 * DIR/<name>.btsnoop, or DIR/<name>-2.btsnoop, -3 … when that file exists: a controller that
 * attaches again under the same name (a lock restarting under its id) never overwrites the
 * capture of its earlier run (issue #18).
 */
function freshCapturePath(dir: string, base: string): string {
  let path = join(dir, `${base}.btsnoop`);
  for (let n = 2; existsSync(path); n++) path = join(dir, `${base}-${n}.btsnoop`);
  return path;
}

function safeFileName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_');
}

export { addressToString };
