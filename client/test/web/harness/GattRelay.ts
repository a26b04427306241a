/**
 * The bridge's GATT half: every operation the page makes reaches chromium's emulation layer as a
 * CDP event; the relay performs the same operation with noble against the lock and answers the
 * browser with the lock's result: connect → connect (a fresh link each time), discovery → discover
 * and mirror the GATT database (CCCD added for notify characteristics), read → read (the lock's
 * bytes), write → write (ATT result); failures answer an ATT error so the page's promise settles.
 *
 * One gap is deliberate: CDP cannot push a notification into the page. The relay answers a
 * subscribe with success but does not subscribe on the lock, so the lock keeps its responses
 * queued and the page pulls them by reads (PROTOCOL.md §2).
 */
import type { Characteristic } from '@stoprocent/noble';
import { systemClock } from '@keyrig/protocol';
import {
  AttStatus,
  type CharacteristicOperationEvent,
  type CharacteristicProperties,
  type DescriptorOperationEvent,
  type GattOperationEvent,
  HciStatus,
} from './BluetoothEmulation.js';
import type { AirScanner } from './AirScanner.js';
import { dashless, fullUuid, type BridgeContext, type BridgedPeripheral } from './bridgeModel.js';

interface BridgedCharacteristic {
  address: string;
  serviceUuid: string;
  uuid: string;
}

type GateKind = 'connection' | 'write';

export class GattRelay {
  private readonly characteristics = new Map<string, BridgedCharacteristic>();
  private readonly descriptors = new Map<string, { characteristicId: string; uuid: string }>();
  private readonly gates = new Map<GateKind, { gate: Promise<void>; signal: () => void }>();

  constructor(
    private readonly ctx: BridgeContext,
    private readonly scanner: AirScanner,
  ) {}

  listen(): void {
    this.ctx.emulation.onGattOperation((e) => void this.onGattOperation(e));
    this.ctx.emulation.onCharacteristicOperation((e) => void this.onCharacteristicOperation(e));
    this.ctx.emulation.onDescriptorOperation((e) => void this.onDescriptorOperation(e));
  }

  /** See WebBluetoothBridge.hold. */
  hold(kind: GateKind): { held: Promise<void>; release: () => void } {
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

  private async passGate(kind: GateKind): Promise<void> {
    const g = this.gates.get(kind);
    if (!g) return;
    g.signal();
    await g.gate;
  }

  private async onGattOperation(e: GattOperationEvent): Promise<void> {
    if (e.type === 'connection') await this.passGate('connection');
    const b = this.ctx.peripherals.get(e.address);
    let code: number = HciStatus.SUCCESS;
    try {
      if (!b) throw new Error('unknown peripheral');
      if (e.type === 'connection') {
        // A fresh browser connection is a fresh link to the lock (a lock's session is per link).
        if (b.peripheral.state === 'connected') {
          b.silentDisconnect = true;
          await b.peripheral.disconnectAsync().catch(() => undefined);
        }
        await this.scanner.whileConnecting(() => systemClock.timeout(b.peripheral.connectAsync(), this.ctx.operationTimeoutMs, 'connect'));
        b.connection++;
        this.ctx.log(e.address, 'connect', `mtu ${b.peripheral.mtu ?? '?'}`);
      } else {
        await this.ensureDiscovered(b);
        if (!b.mirrored) await this.mirror(b);
        this.ctx.log(e.address, 'discovery');
      }
    } catch (err) {
      code = e.type === 'connection' ? HciStatus.CONNECTION_FAILED_TO_BE_ESTABLISHED : HciStatus.CONNECTION_TIMEOUT;
      this.ctx.log(e.address, `${e.type} failed`, (err as Error).message);
    }
    if (b) this.touch(b);
    await this.ctx.emulation.respondToGattOperation(e.address, e.type, code).catch(() => undefined);
  }

  /** Restarts the idle rule of a link after a page operation. */
  private touch(b: BridgedPeripheral): void {
    clearTimeout(b.idleTimer);
    b.idleTimer = setTimeout(() => {
      if (b.peripheral.state !== 'connected' || this.ctx.closed) return;
      this.ctx.log(b.address, `idle for ${this.ctx.idleDisconnectMs} ms: disconnecting`);
      void b.peripheral.disconnectAsync().catch(() => undefined);
    }, this.ctx.idleDisconnectMs);
  }

  /** Discovers the lock's GATT database with noble once per noble connection. */
  private async ensureDiscovered(b: BridgedPeripheral): Promise<void> {
    if (b.discoveredOn === b.connection && b.byUuid.size > 0) return;
    const { characteristics } = await systemClock.timeout(
      b.peripheral.discoverAllServicesAndCharacteristicsAsync(),
      this.ctx.operationTimeoutMs,
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
        serviceId = await this.ctx.emulation.addService(b.address, fullUuid(serviceUuid));
        services.set(serviceUuid, serviceId);
      }
      const props: CharacteristicProperties = {};
      for (const p of c.properties) props[p] = true;
      const characteristicId = await this.ctx.emulation.addCharacteristic(serviceId, fullUuid(c.uuid), props);
      this.characteristics.set(characteristicId, { address: b.address, serviceUuid, uuid: dashless(c.uuid) });
      const descriptors = await systemClock.timeout(c.discoverDescriptorsAsync(), this.ctx.operationTimeoutMs, 'descriptors');
      const uuids = new Set(descriptors.map((d) => dashless(d.uuid)));
      // Web Bluetooth needs a CCCD to subscribe; bleno adds it implicitly for notify characteristics.
      if (c.properties.includes('notify') || c.properties.includes('indicate')) uuids.add('2902');
      for (const u of uuids) {
        const descriptorId = await this.ctx.emulation.addDescriptor(characteristicId, fullUuid(u));
        this.descriptors.set(descriptorId, { characteristicId, uuid: u });
      }
    }
    b.mirrored = true;
  }

  private async characteristicFor(characteristicId: string): Promise<{ b: BridgedPeripheral; c: Characteristic }> {
    const bc = this.characteristics.get(characteristicId);
    const b = bc && this.ctx.peripherals.get(bc.address);
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
    const timeoutMs = this.ctx.operationTimeoutMs;
    try {
      const { b, c } = await this.characteristicFor(e.characteristicId);
      this.touch(b);
      switch (e.type) {
        case 'read':
          data = new Uint8Array(await systemClock.timeout(c.readAsync(), timeoutMs, 'read'));
          this.ctx.log(address, 'read', `${c.uuid} ${data.length} B`);
          break;
        case 'write': {
          await this.passGate('write');
          const bytes = e.data ?? new Uint8Array(0);
          const withoutResponse = e.writeType === 'write-without-response';
          await systemClock.timeout(c.writeAsync(Buffer.from(bytes), withoutResponse), timeoutMs, 'write');
          this.ctx.log(address, 'write', `${c.uuid} ${bytes.length} B`);
          break;
        }
        case 'subscribe-to-notifications':
        case 'unsubscribe-from-notifications':
          // Not forwarded: CDP cannot deliver notifications, so the lock must keep queueing for reads.
          this.ctx.log(address, e.type, `${c.uuid} (answered by the bridge, not forwarded)`);
          break;
      }
    } catch (err) {
      code = AttStatus.UNLIKELY_ERROR;
      this.ctx.log(address, `${e.type} failed`, (err as Error).message);
    }
    await this.ctx.emulation
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
    await this.ctx.emulation
      .respondToDescriptorOperation(e.descriptorId, e.type, code, e.type === 'read' ? (data ?? new Uint8Array(0)) : undefined)
      .catch(() => undefined);
  }
}
