/**
 * The bridge between the browser's emulated Bluetooth adapter and real BLE peripherals on the
 * virtual air. It is the "radio" of a test browser:
 *
 * - what a noble central on the air hears (advertisements of bleno locks), it re-sends to the
 *   browser as `simulateAdvertisement` every ~100 ms (the browser registers advertisements only
 *   while a chooser or scan runs, and forgets devices that go quiet);
 * - every GATT operation the page makes reaches the browser's emulation layer as a CDP event
 *   (`gattOperationReceived`, `characteristicOperationReceived`, `descriptorOperationReceived`);
 *   the bridge performs the same operation with noble against the lock and answers the browser
 *   with the lock's result: connect → connect, discovery → discover and mirror the GATT database,
 *   read → read (the lock's bytes), write → write (ATT result);
 * - a disconnection by the lock becomes `simulateGATTDisconnection`.
 *
 * One gap is deliberate: CDP cannot push a notification into the page. The bridge therefore answers
 * a subscribe with success but does not subscribe on the lock, so the lock keeps its responses
 * queued and the page pulls them by reads (PROTOCOL.md §2: "a read returns the next queued response
 * fragment, zero-length = nothing yet").
 */
import type { Characteristic, Noble, Peripheral } from '@stoprocent/noble';
import type { Page } from 'puppeteer-core';
import { systemClock } from '@keyrig/protocol';
import {
  AttStatus,
  type BluetoothEmulation,
  type CharacteristicOperationEvent,
  type CharacteristicProperties,
  type DescriptorOperationEvent,
  type GattOperationEvent,
  HciStatus,
} from './BluetoothEmulation.js';

/** One line of the bridge's trace: what the page asked and what the lock answered. */
export interface BridgeTraceEntry {
  at: number;
  address: string;
  op: string;
  detail?: string;
}

export interface WebBluetoothBridgeOptions {
  /** Only peripherals advertising this service are bridged (dashed or not). */
  serviceUuid: string;
  /** Re-send interval of advertisements to the browser. */
  advertiseEveryMs?: number;
  /** A peripheral not heard on the air for this long is no longer advertised to the browser. */
  forgetAfterMs?: number;
  /** Bound on every noble operation, so the page's promise always settles. */
  operationTimeoutMs?: number;
  /**
   * CDP says nothing when the page disconnects, and chromium's emulated link then stays up: the
   * page's next connect() is answered from it without a CDP event, onto the lock's old session.
   * So the bridge drops a link the page has not used for this long, on the air and in the browser
   * (simulateGATTDisconnection). Default 1500 ms; {@link WebBluetoothBridge.instrumentPage} is the
   * exact rule for test pages.
   */
  idleDisconnectMs?: number;
}

interface BridgedCharacteristic {
  address: string;
  serviceUuid: string;
  uuid: string;
}

interface BridgedPeripheral {
  peripheral: Peripheral;
  /** CDP form of the address (upper case); the chooser lists the device under this id. */
  address: string;
  lastHeard: number;
  /** Noble connection generation the mirrored characteristics were discovered on. */
  discoveredOn: number;
  connection: number;
  /** The GATT database as mirrored into the browser (ids survive reconnects; a CDP disconnection wipes them). */
  mirrored: boolean;
  byUuid: Map<string, Characteristic>;
  /** Set while the bridge itself replaces the link: that disconnection is not the page's news. */
  silentDisconnect: boolean;
  idleTimer: NodeJS.Timeout | undefined;
}

const dashless = (u: string): string => u.replace(/-/g, '').toLowerCase();

/** 16-bit SIG UUIDs (noble: "2902") as full 128-bit UUIDs (CDP and Web Bluetooth want those). */
function fullUuid(u: string): string {
  const s = dashless(u);
  const hex = s.length === 4 ? `0000${s}00001000800000805f9b34fb` : s.length === 8 ? `${s}00001000800000805f9b34fb` : s;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export class WebBluetoothBridge {
  readonly trace: BridgeTraceEntry[] = [];
  private readonly peripherals = new Map<string, BridgedPeripheral>();
  private readonly characteristics = new Map<string, BridgedCharacteristic>();
  private readonly descriptors = new Map<string, { characteristicId: string; uuid: string }>();
  private advertiser: NodeJS.Timeout | undefined;
  private readonly serviceUuid: string;
  private readonly advertiseEveryMs: number;
  private readonly forgetAfterMs: number;
  private readonly operationTimeoutMs: number;
  private readonly idleDisconnectMs: number;
  private closed = false;
  /** Bridge connects in flight: noble stops its scan to connect, the bridge scans again once none is. */
  private connecting = 0;
  /** Callbacks waiting for a sighting (see {@link waitForPeripheral}). */
  private readonly sightingWaiters = new Set<() => void>();
  private readonly onDiscover = (p: Peripheral): void => this.heard(p);
  /**
   * noble's HCI bindings stop the scan to create a connection and never start it again; a bridge
   * that stopped hearing the air would let the browser forget every lock a few seconds later.
   */
  private readonly onScanStop = (): void => this.keepScanning();

  constructor(
    private readonly emulation: BluetoothEmulation,
    private readonly noble: Noble,
    options: WebBluetoothBridgeOptions,
  ) {
    this.serviceUuid = dashless(options.serviceUuid);
    this.advertiseEveryMs = options.advertiseEveryMs ?? 100;
    this.forgetAfterMs = options.forgetAfterMs ?? 3000;
    this.operationTimeoutMs = options.operationTimeoutMs ?? 10_000;
    this.idleDisconnectMs = options.idleDisconnectMs ?? 1500;
  }

  /** Starts scanning on the air (with duplicates, so "last heard" stays fresh) and advertising to the browser. */
  async start(): Promise<void> {
    this.emulation.onGattOperation((e) => void this.onGattOperation(e));
    this.emulation.onCharacteristicOperation((e) => void this.onCharacteristicOperation(e));
    this.emulation.onDescriptorOperation((e) => void this.onDescriptorOperation(e));
    this.noble.on('discover', this.onDiscover);
    this.noble.on('scanStop', this.onScanStop);
    await this.noble.startScanningAsync([this.serviceUuid], true);
    this.advertiser = setInterval(() => this.advertise(), this.advertiseEveryMs);
  }

  /** Addresses (CDP form) of the peripherals currently advertised to the browser. */
  inRange(): string[] {
    const now = Date.now();
    return [...this.peripherals.values()].filter((b) => now - b.lastHeard <= this.forgetAfterMs).map((b) => b.address);
  }

  /** Addresses (CDP form) of the peripherals heard on the air at or after `time` (ms since the epoch). */
  heardSince(time: number): string[] {
    return [...this.peripherals.values()].filter((b) => b.lastHeard >= time).map((b) => b.address);
  }

  /** True while a peripheral whose manufacturer data passes `match` is heard on the air. */
  hears(match: (manufacturerData: Uint8Array) => boolean): boolean {
    const now = Date.now();
    return [...this.peripherals.values()].some((b) => {
      const md = b.peripheral.advertisement.manufacturerData;
      return md !== undefined && now - b.lastHeard <= this.forgetAfterMs && match(new Uint8Array(md));
    });
  }

  /** True while the bridge's central is scanning the air (it should be, except during a connect). */
  get scanning(): boolean {
    return this.scanActive;
  }

  /**
   * Waits until the air carries an advertisement whose manufacturer data passes `match`: resolves
   * on the sighting itself (no polling), and makes sure the central is scanning while it waits.
   */
  waitForPeripheral(match: (manufacturerData: Uint8Array) => boolean, timeoutMs = 15_000): Promise<string> {
    const find = (): string | undefined => {
      const now = Date.now();
      for (const b of this.peripherals.values()) {
        const md = b.peripheral.advertisement.manufacturerData;
        if (md && now - b.lastHeard <= this.forgetAfterMs && match(new Uint8Array(md))) return b.address;
      }
      return undefined;
    };
    const found = find();
    if (found !== undefined) return Promise.resolve(found);
    this.keepScanning();
    return new Promise<string>((resolve, reject) => {
      const check = (): void => {
        const address = find();
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
   * Makes sure the browser still emulates the adapter (see BluetoothEmulation.ensureEnabled); when
   * it had dropped it, the GATT databases went with it and are mirrored again on next discovery.
   * Call after a navigation of a tab that used Web Bluetooth.
   */
  async resync(): Promise<void> {
    if (await this.emulation.ensureEnabled()) {
      for (const p of this.peripherals.values()) p.mirrored = false;
      this.log('*', 'emulation enabled again after a navigation');
    }
  }

  /**
   * Ends every open link now, on the air and in the browser, as if the phone had walked away: the
   * page's next connect() is a fresh link and a fresh lock session. Resolves once the browser was
   * told (see {@link instrumentPage}, which calls this before every page connect()).
   */
  async dropLinks(): Promise<void> {
    const open = [...this.peripherals.values()].filter((b) => b.peripheral.state === 'connected');
    await Promise.all(
      open.map(async (b) => {
        clearTimeout(b.idleTimer);
        b.silentDisconnect = true;
        await b.peripheral.disconnectAsync().catch(() => undefined);
        b.mirrored = false;
        await this.emulation.simulateGattDisconnection(b.address).catch(() => undefined);
        this.log(b.address, 'link dropped before a new page connect');
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
    this.closed = true;
    if (this.advertiser) clearInterval(this.advertiser);
    this.noble.removeListener('discover', this.onDiscover);
    this.noble.removeListener('scanStop', this.onScanStop);
    await this.noble.stopScanningAsync().catch(() => undefined);
    for (const b of this.peripherals.values()) {
      clearTimeout(b.idleTimer);
      if (b.peripheral.state === 'connected') await b.peripheral.disconnectAsync().catch(() => undefined);
    }
  }

  private log(address: string, op: string, detail?: string): void {
    this.trace.push({ at: Date.now(), address, op, ...(detail !== undefined ? { detail } : {}) });
  }

  /**
   * Starts the scan again unless the bridge is closed or one of its connects is in flight (then
   * the connect's end calls this). noble answers a scan that already runs with `scanStart`.
   */
  private keepScanning(): void {
    if (this.closed || this.connecting > 0) return;
    this.scanActive = true;
    this.noble.startScanningAsync([this.serviceUuid], true).catch((e: unknown) => {
      this.scanActive = false;
      this.log('*', 'scan restart failed', (e as Error).message);
    });
  }

  private scanActive = false;

  private heard(p: Peripheral): void {
    const address = p.address.toUpperCase();
    const known = this.peripherals.get(address);
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
      if (this.closed) return;
      if (bridged.silentDisconnect) {
        bridged.silentDisconnect = false;
        this.log(address, 'disconnected by the bridge (a new page connection replaces it)');
        return;
      }
      // The lock, the air or the idle rule ended the link: tell the page, whose GATT database is then gone.
      this.log(address, 'disconnected');
      bridged.mirrored = false;
      void this.emulation.simulateGattDisconnection(address).catch(() => undefined);
    });
    this.peripherals.set(address, bridged);
    for (const w of [...this.sightingWaiters]) w();
  }

  /** How many times the bridge has re-sent what it hears to the browser (one round every `advertiseEveryMs`). */
  advertiseRounds = 0;

  private advertise(): void {
    this.advertiseRounds++;
    const now = Date.now();
    for (const b of this.peripherals.values()) {
      if (now - b.lastHeard > this.forgetAfterMs) continue;
      const adv = b.peripheral.advertisement;
      const md = adv.manufacturerData;
      const manufacturerData =
        md && md.length >= 2 ? [{ companyIdentifier: md.readUInt16LE(0), data: new Uint8Array(md.subarray(2)) }] : [];
      void this.emulation
        .simulateAdvertisement(b.address, b.peripheral.rssi, {
          uuids: (adv.serviceUuids ?? []).map(fullUuid),
          appearance: 0,
          txPower: Number.isFinite(adv.txPowerLevel) ? adv.txPowerLevel : 0,
          manufacturerData,
        })
        .catch(() => undefined);
    }
  }

  /**
   * Holds the page's next operations of one kind (a GATT connection, or control-point writes)
   * until the returned function is called: the radio stalls, so a test can look at the page in
   * the middle of an unlock. Resolves `held` once an operation is actually waiting.
   */
  hold(kind: 'connection' | 'write'): { held: Promise<void>; release: () => void } {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let signal!: () => void;
    const held = new Promise<void>((r) => (signal = r));
    this.gates.set(kind, { gate, signal });
    return {
      held,
      release: () => {
        this.gates.delete(kind);
        release();
      },
    };
  }

  private readonly gates = new Map<'connection' | 'write', { gate: Promise<void>; signal: () => void }>();

  private async passGate(kind: 'connection' | 'write'): Promise<void> {
    const g = this.gates.get(kind);
    if (!g) return;
    g.signal();
    await g.gate;
  }

  private async onGattOperation(e: GattOperationEvent): Promise<void> {
    if (e.type === 'connection') await this.passGate('connection');
    const b = this.peripherals.get(e.address);
    let code: number = HciStatus.SUCCESS;
    try {
      if (!b) throw new Error('unknown peripheral');
      if (e.type === 'connection') {
        // A fresh browser connection is a fresh link to the lock (a lock's session is per link).
        if (b.peripheral.state === 'connected') {
          b.silentDisconnect = true;
          await b.peripheral.disconnectAsync().catch(() => undefined);
        }
        this.connecting++;
        this.scanActive = false; // noble stops the scan to connect (and does not start it again)
        try {
          await systemClock.timeout(b.peripheral.connectAsync(), this.operationTimeoutMs, 'connect');
        } finally {
          this.connecting--;
          this.keepScanning();
        }
        b.connection++;
        this.log(e.address, 'connect', `mtu ${b.peripheral.mtu ?? '?'}`);
      } else {
        await this.ensureDiscovered(b);
        if (!b.mirrored) await this.mirror(b);
        this.log(e.address, 'discovery');
      }
    } catch (err) {
      code = e.type === 'connection' ? HciStatus.CONNECTION_FAILED_TO_BE_ESTABLISHED : HciStatus.CONNECTION_TIMEOUT;
      this.log(e.address, `${e.type} failed`, (err as Error).message);
    }
    if (b) this.touch(b);
    await this.emulation.respondToGattOperation(e.address, e.type, code).catch(() => undefined);
  }

  /** Restarts the idle rule of a link after a page operation. */
  private touch(b: BridgedPeripheral): void {
    clearTimeout(b.idleTimer);
    b.idleTimer = setTimeout(() => {
      if (b.peripheral.state !== 'connected' || this.closed) return;
      this.log(b.address, `idle for ${this.idleDisconnectMs} ms: disconnecting`);
      void b.peripheral.disconnectAsync().catch(() => undefined);
    }, this.idleDisconnectMs);
  }

  /** Discovers the lock's GATT database with noble once per noble connection. */
  private async ensureDiscovered(b: BridgedPeripheral): Promise<void> {
    if (b.discoveredOn === b.connection && b.byUuid.size > 0) return;
    const { characteristics } = await systemClock.timeout(
      b.peripheral.discoverAllServicesAndCharacteristicsAsync(),
      this.operationTimeoutMs,
      'discovery',
    );
    b.byUuid.clear();
    for (const c of characteristics) {
      // noble's Characteristic carries its service UUID as `_serviceUuid`; key by both UUIDs.
      const serviceUuid = dashless((c as unknown as { _serviceUuid: string })._serviceUuid);
      b.byUuid.set(`${serviceUuid}/${dashless(c.uuid)}`, c);
    }
    b.discoveredOn = b.connection;
  }

  /** Mirrors the discovered GATT database into the browser's emulated peripheral. */
  private async mirror(b: BridgedPeripheral): Promise<void> {
    const services = new Map<string, string>();
    for (const [key, c] of b.byUuid) {
      const [serviceUuid] = key.split('/') as [string];
      let serviceId = services.get(serviceUuid);
      if (serviceId === undefined) {
        serviceId = await this.emulation.addService(b.address, fullUuid(serviceUuid));
        services.set(serviceUuid, serviceId);
      }
      const props: CharacteristicProperties = {};
      for (const p of c.properties) props[p] = true;
      const characteristicId = await this.emulation.addCharacteristic(serviceId, fullUuid(c.uuid), props);
      this.characteristics.set(characteristicId, { address: b.address, serviceUuid, uuid: dashless(c.uuid) });
      const descriptors = await systemClock.timeout(c.discoverDescriptorsAsync(), this.operationTimeoutMs, 'descriptors');
      const uuids = new Set(descriptors.map((d) => dashless(d.uuid)));
      // Web Bluetooth needs a CCCD to subscribe; bleno adds it implicitly for notify characteristics.
      if (c.properties.includes('notify') || c.properties.includes('indicate')) uuids.add('2902');
      for (const u of uuids) {
        const descriptorId = await this.emulation.addDescriptor(characteristicId, fullUuid(u));
        this.descriptors.set(descriptorId, { characteristicId, uuid: u });
      }
    }
    b.mirrored = true;
  }

  private async characteristicFor(characteristicId: string): Promise<{ b: BridgedPeripheral; c: Characteristic }> {
    const bc = this.characteristics.get(characteristicId);
    const b = bc && this.peripherals.get(bc.address);
    if (!bc || !b) throw new Error(`unknown characteristic ${characteristicId}`);
    if (b.peripheral.state !== 'connected') throw new Error('not connected');
    await this.ensureDiscovered(b);
    const c = b.byUuid.get(`${bc.serviceUuid}/${bc.uuid}`);
    if (!c) throw new Error(`characteristic ${bc.uuid} is gone`);
    return { b, c };
  }

  private async onCharacteristicOperation(e: CharacteristicOperationEvent): Promise<void> {
    let code: number = AttStatus.SUCCESS;
    let data: Uint8Array | undefined;
    const address = this.characteristics.get(e.characteristicId)?.address ?? '?';
    try {
      const { b, c } = await this.characteristicFor(e.characteristicId);
      this.touch(b);
      switch (e.type) {
        case 'read':
          data = new Uint8Array(await systemClock.timeout(c.readAsync(), this.operationTimeoutMs, 'read'));
          this.log(address, 'read', `${c.uuid} ${data.length} B`);
          break;
        case 'write': {
          await this.passGate('write');
          const bytes = e.data ?? new Uint8Array(0);
          const withoutResponse = e.writeType === 'write-without-response';
          await systemClock.timeout(c.writeAsync(Buffer.from(bytes), withoutResponse), this.operationTimeoutMs, 'write');
          this.log(address, 'write', `${c.uuid} ${bytes.length} B`);
          break;
        }
        case 'subscribe-to-notifications':
        case 'unsubscribe-from-notifications':
          // Not forwarded: CDP cannot deliver notifications, so the lock must keep queueing for reads.
          this.log(address, e.type, `${c.uuid} (answered by the bridge, not forwarded)`);
          break;
      }
    } catch (err) {
      code = AttStatus.UNLIKELY_ERROR;
      this.log(address, `${e.type} failed`, (err as Error).message);
    }
    await this.emulation
      .respondToCharacteristicOperation(e.characteristicId, e.type, code, e.type === 'read' ? (data ?? new Uint8Array(0)) : undefined)
      .catch(() => undefined);
  }

  private async onDescriptorOperation(e: DescriptorOperationEvent): Promise<void> {
    const d = this.descriptors.get(e.descriptorId);
    let code: number = AttStatus.SUCCESS;
    let data: Uint8Array | undefined;
    try {
      if (!d) throw new Error(`unknown descriptor ${e.descriptorId}`);
      if (d.uuid === '2902') {
        // The CCCD is the bridge's to answer (see the subscribe case): reads say "not subscribed".
        data = e.type === 'read' ? new Uint8Array([0, 0]) : undefined;
      } else {
        const { c } = await this.characteristicFor(d.characteristicId);
        const desc = (await c.discoverDescriptorsAsync()).find((x) => dashless(x.uuid) === d.uuid);
        if (!desc) throw new Error(`descriptor ${d.uuid} is gone`);
        if (e.type === 'read') data = new Uint8Array(await desc.readValueAsync());
        else await desc.writeValueAsync(Buffer.from(e.data ?? new Uint8Array(0)));
      }
    } catch {
      code = AttStatus.UNLIKELY_ERROR;
    }
    await this.emulation
      .respondToDescriptorOperation(e.descriptorId, e.type, code, e.type === 'read' ? (data ?? new Uint8Array(0)) : undefined)
      .catch(() => undefined);
  }
}
