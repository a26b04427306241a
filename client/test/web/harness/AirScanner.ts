/**
 * The bridge's ears and mouth: a noble central scans the air (with duplicates, so "last heard"
 * stays fresh) and every peripheral heard in the last `forgetAfterMs` is re-sent to chromium with
 * `simulateAdvertisement` every `advertiseEveryMs` (name, service UUIDs, manufacturer data split
 * into company id + payload, `appearance` and `txPower` always set). A lock moved out of range on
 * the air disappears from the chooser by itself.
 *
 * noble's HCI bindings stop the scan to create a connection and never start it again; a bridge
 * that stopped hearing the air would let the browser forget every lock a few seconds later. The
 * scanner starts the scan again when each connect ends and whenever noble reports `scanStop` with
 * no connect in flight (issue 14).
 */
import type { Peripheral } from '@stoprocent/noble';
import { fullUuid, type BridgeContext, type BridgedPeripheral } from './bridgeModel.js';

export class AirScanner {
  /** How many times the bridge has re-sent what it hears to the browser (one round every `advertiseEveryMs`). */
  advertiseRounds = 0;
  private advertiser: NodeJS.Timeout | undefined;
  /** Bridge connects in flight: noble stops its scan to connect, the scanner scans again once none is. */
  private connecting = 0;
  private scanActive = false;
  /** Callbacks waiting for a sighting (see {@link waitForPeripheral}). */
  private readonly sightingWaiters = new Set<() => void>();
  private readonly onDiscover = (p: Peripheral): void => this.heard(p);
  private readonly onScanStop = (): void => this.keepScanning();

  constructor(private readonly ctx: BridgeContext) {}

  async start(): Promise<void> {
    this.ctx.noble.on('discover', this.onDiscover);
    this.ctx.noble.on('scanStop', this.onScanStop);
    await this.ctx.noble.startScanningAsync([this.ctx.serviceUuid], true);
    this.scanActive = true;
    this.advertiser = setInterval(() => this.advertise(), this.ctx.advertiseEveryMs);
  }

  async stop(): Promise<void> {
    if (this.advertiser) clearInterval(this.advertiser);
    this.ctx.noble.removeListener('discover', this.onDiscover);
    this.ctx.noble.removeListener('scanStop', this.onScanStop);
    await this.ctx.noble.stopScanningAsync().catch(() => undefined);
  }

  /** True while the central is scanning the air (it should be, except during a connect). */
  get scanning(): boolean {
    return this.scanActive;
  }

  /** Runs a noble connect: the scan stops meanwhile (noble's doing) and starts again after. */
  async whileConnecting<T>(connect: () => Promise<T>): Promise<T> {
    this.connecting++;
    this.scanActive = false; // noble stops the scan to connect (and does not start it again)
    try {
      return await connect();
    } finally {
      this.connecting--;
      this.keepScanning();
    }
  }

  /** Addresses (CDP form) of the peripherals currently advertised to the browser. */
  inRange(): string[] {
    const now = Date.now();
    return [...this.ctx.peripherals.values()].filter((b) => now - b.lastHeard <= this.ctx.forgetAfterMs).map((b) => b.address);
  }

  /** Addresses (CDP form) of the peripherals heard on the air at or after `time` (ms since the epoch). */
  heardSince(time: number): string[] {
    return [...this.ctx.peripherals.values()].filter((b) => b.lastHeard >= time).map((b) => b.address);
  }

  /** The address of a peripheral heard recently whose manufacturer data passes `match`. */
  find(match: (manufacturerData: Uint8Array) => boolean): string | undefined {
    const now = Date.now();
    for (const b of this.ctx.peripherals.values()) {
      const md = b.peripheral.advertisement.manufacturerData;
      if (md && now - b.lastHeard <= this.ctx.forgetAfterMs && match(new Uint8Array(md))) return b.address;
    }
    return undefined;
  }

  /**
   * Waits until the air carries an advertisement whose manufacturer data passes `match`: resolves
   * on the sighting itself (no polling), and makes sure the central is scanning while it waits.
   */
  waitForPeripheral(match: (manufacturerData: Uint8Array) => boolean, timeoutMs = 15_000): Promise<string> {
    const found = this.find(match);
    if (found !== undefined) return Promise.resolve(found);
    this.keepScanning();
    return new Promise<string>((resolve, reject) => {
      const check = (): void => {
        const address = this.find(match);
        if (address === undefined) return;
        done();
        resolve(address);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no matching peripheral heard on the air within ${timeoutMs} ms (bridge scanning: ${this.scanActive}, ${this.inRange().length} in range)`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this.sightingWaiters.delete(check);
      };
      this.sightingWaiters.add(check);
    });
  }

  /**
   * Starts the scan again unless the bridge is closed or one of its connects is in flight (then
   * the connect's end calls this). noble answers a scan that already runs with `scanStart`.
   */
  keepScanning(): void {
    if (this.ctx.closed || this.connecting > 0) return;
    this.scanActive = true;
    this.ctx.noble.startScanningAsync([this.ctx.serviceUuid], true).catch((e: unknown) => {
      this.scanActive = false;
      this.ctx.log('*', 'scan restart failed', (e as Error).message);
    });
  }

  private heard(p: Peripheral): void {
    const address = p.address.toUpperCase();
    const known = this.ctx.peripherals.get(address);
    if (known) {
      known.peripheral = p;
      known.lastHeard = Date.now();
      for (const w of [...this.sightingWaiters]) w();
      return;
    }
    const bridged: BridgedPeripheral = {
      peripheral: p,
      address,
      lastHeard: Date.now(),
      discoveredOn: -1,
      connection: 0,
      mirrored: false,
      byUuid: new Map(),
      silentDisconnect: false,
      idleTimer: undefined,
    };
    p.on('disconnect', () => {
      clearTimeout(bridged.idleTimer);
      if (this.ctx.closed) return;
      if (bridged.silentDisconnect) {
        bridged.silentDisconnect = false;
        this.ctx.log(address, 'disconnected by the bridge (a new page connection replaces it)');
        return;
      }
      // The lock, the air or the idle rule ended the link: tell the page, whose GATT database is then gone.
      this.ctx.log(address, 'disconnected');
      bridged.mirrored = false;
      void this.ctx.emulation.simulateGattDisconnection(address).catch(() => undefined);
    });
    this.ctx.peripherals.set(address, bridged);
    for (const w of [...this.sightingWaiters]) w();
  }

  private advertise(): void {
    this.advertiseRounds++;
    const now = Date.now();
    for (const b of this.ctx.peripherals.values()) {
      if (now - b.lastHeard > this.ctx.forgetAfterMs) continue;
      const adv = b.peripheral.advertisement;
      const manufacturerData = manufacturerDataOf(adv.manufacturerData);
      void this.ctx.emulation
        .simulateAdvertisement(b.address, b.peripheral.rssi, {
          // The lock's advertised name (PROTOCOL.md §1.1). Chromium 156's emulation drops it (its
          // chooser entries have name ""); sent anyway, for a browser that keeps it.
          ...(adv.localName ? { name: adv.localName } : {}),
          uuids: (adv.serviceUuids ?? []).map(fullUuid),
          appearance: 0,
          txPower: Number.isFinite(adv.txPowerLevel) ? adv.txPowerLevel : 0,
          manufacturerData,
        })
        .catch(() => undefined);
    }
  }
}

/** noble's manufacturer data (company id little-endian, then payload) in CDP's form. */
function manufacturerDataOf(md: Buffer | undefined): { companyIdentifier: number; data: Uint8Array }[] {
  return md && md.length >= 2 ? [{ companyIdentifier: md.readUInt16LE(0), data: new Uint8Array(md.subarray(2)) }] : [];
}
