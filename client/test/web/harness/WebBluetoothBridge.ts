/**
 * The bridge between the browser's emulated Bluetooth adapter and real BLE peripherals on the
 * virtual air. It is the "radio" of a test browser, in two parts:
 *
 * - `AirScanner`: what a noble central on the air hears (advertisements of bleno locks), re-sent
 *   to the browser as `simulateAdvertisement` every ~100 ms (the browser registers advertisements
 *   only while a chooser or scan runs, and forgets devices that go quiet); it keeps scanning
 *   after every connection;
 * - `GattRelay`: every GATT operation the page makes, performed with noble against the lock and
 *   answered with the lock's result; a disconnection by the lock becomes `simulateGATTDisconnection`.
 *
 * This file joins them and holds what concerns the browser's pages: re-enabling the emulation
 * after a navigation, and dropping links before a page connects (CDP reports no page disconnect).
 */
import type { Noble } from '@stoprocent/noble';
import type { Page } from 'puppeteer-core';
import { AirScanner } from './AirScanner.js';
import type { BluetoothEmulation } from './BluetoothEmulation.js';
import { BridgeContext, type BridgeTraceEntry, type WebBluetoothBridgeOptions } from './bridgeModel.js';
import { GattRelay } from './GattRelay.js';

export type { BridgeTraceEntry, WebBluetoothBridgeOptions } from './bridgeModel.js';

export class WebBluetoothBridge {
  private readonly ctx: BridgeContext;
  private readonly scanner: AirScanner;
  private readonly relay: GattRelay;

  constructor(emulation: BluetoothEmulation, noble: Noble, options: WebBluetoothBridgeOptions) {
    this.ctx = new BridgeContext(emulation, noble, options);
    this.scanner = new AirScanner(this.ctx);
    this.relay = new GattRelay(this.ctx, this.scanner);
  }

  /** What the page asked and what the lock answered, in order. */
  get trace(): BridgeTraceEntry[] {
    return this.ctx.trace;
  }

  /** How many times the bridge has re-sent what it hears to the browser. */
  get advertiseRounds(): number {
    return this.scanner.advertiseRounds;
  }

  /** True while the bridge's central is scanning the air (it should be, except during a connect). */
  get scanning(): boolean {
    return this.scanner.scanning;
  }

  /** Starts scanning on the air (with duplicates, so "last heard" stays fresh) and advertising to the browser. */
  async start(): Promise<void> {
    this.relay.listen();
    await this.scanner.start();
  }

  /** Addresses (CDP form) of the peripherals currently advertised to the browser. */
  inRange(): string[] {
    return this.scanner.inRange();
  }

  /** Addresses (CDP form) of the peripherals heard on the air at or after `time` (ms since the epoch). */
  heardSince(time: number): string[] {
    return this.scanner.heardSince(time);
  }

  /** True while a peripheral whose manufacturer data passes `match` is heard on the air. */
  hears(match: (manufacturerData: Uint8Array) => boolean): boolean {
    return this.scanner.find(match) !== undefined;
  }

  /** Resolves with the address of the first sighting whose manufacturer data passes `match`. */
  waitForPeripheral(match: (manufacturerData: Uint8Array) => boolean, timeoutMs = 15_000): Promise<string> {
    return this.scanner.waitForPeripheral(match, timeoutMs);
  }

  /**
   * Holds the page's next operations of one kind (a GATT connection, or control-point writes)
   * until the returned function is called: the radio stalls, so a test can look at the page in
   * the middle of an unlock. Resolves `held` once an operation is actually waiting.
   */
  hold(kind: 'connection' | 'write'): { held: Promise<void>; release: () => void } {
    return this.relay.hold(kind);
  }

  /**
   * Makes sure the browser still emulates the adapter (see BluetoothEmulation.ensureEnabled); when
   * it had dropped it, the GATT databases went with it and are mirrored again on next discovery.
   * Call after a navigation of a tab that used Web Bluetooth.
   */
  async resync(): Promise<void> {
    if (await this.ctx.emulation.ensureEnabled()) {
      for (const p of this.ctx.peripherals.values()) p.mirrored = false;
      this.ctx.log('*', 'emulation enabled again after a navigation');
    }
  }

  /**
   * Ends every open link now, on the air and in the browser, as if the phone had walked away: the
   * page's next connect() is a fresh link and a fresh lock session. Resolves once the browser was
   * told (see {@link instrumentPage}, which calls this before every page connect()).
   */
  async dropLinks(): Promise<void> {
    const open = [...this.ctx.peripherals.values()].filter((b) => b.peripheral.state === 'connected');
    await Promise.all(
      open.map(async (b) => {
        clearTimeout(b.idleTimer);
        b.silentDisconnect = true;
        await b.peripheral.disconnectAsync().catch(() => undefined);
        b.mirrored = false;
        await this.ctx.emulation.simulateGattDisconnection(b.address).catch(() => undefined);
        this.ctx.log(b.address, 'link dropped before a new page connect');
      }),
    );
  }

  /**
   * Makes a test page's GATT disconnects real for the bridge. CDP reports no page-side disconnect,
   * and chromium's emulated link then stays up: the page's next connect() would be answered from
   * it, without a CDP event, onto the lock's previous session. So before each connect() the page
   * waits for the bridge to drop open links (an exposed function; Web Bluetooth itself is untouched).
   */
  async instrumentPage(page: Page): Promise<void> {
    await page.exposeFunction('__keyrigBridgeBeforeConnect', () => this.dropLinks());
    await page.evaluateOnNewDocument(() => {
      const g = globalThis as unknown as {
        BluetoothRemoteGATTServer?: { prototype: { connect(this: unknown): Promise<unknown> } };
        __keyrigBridgeBeforeConnect?: () => Promise<void>;
      };
      const proto = g.BluetoothRemoteGATTServer?.prototype;
      if (!proto) return;
      const connect = proto.connect;
      proto.connect = async function (this: unknown) {
        await g.__keyrigBridgeBeforeConnect?.();
        return connect.call(this);
      };
    });
  }

  async stop(): Promise<void> {
    this.ctx.closed = true;
    await this.scanner.stop();
    for (const b of this.ctx.peripherals.values()) {
      clearTimeout(b.idleTimer);
      if (b.peripheral.state === 'connected') await b.peripheral.disconnectAsync().catch(() => undefined);
    }
  }
}
