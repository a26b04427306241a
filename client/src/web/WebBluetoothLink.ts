/**
 * The client core's GattLink (client/src/core/central.ts) on Web Bluetooth: connects to a device
 * the user picked in the browser's chooser and exposes the keyrig service (PROTOCOL.md §2).
 */
import { KeyrigUuids, systemClock, type Clock } from '@keyrig/protocol';
import type { GattLink } from '../core/central.js';
import { BleError, bleTimeout } from '../core/errors.js';
import type { BluetoothDevice, BluetoothRemoteGATTCharacteristic, BluetoothRemoteGATTServer } from './webBluetoothTypes.js';

/** Browsers do not expose the negotiated ATT_MTU; Chrome negotiates, but 23 is the only safe floor. */
const WEB_BLUETOOTH_MTU = 23;

const bytesOf = (view: DataView): Uint8Array => new Uint8Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));

export class WebBluetoothLink implements GattLink {
  readonly peripheralId: string;
  readonly mtu = WEB_BLUETOOTH_MTU;
  #down: string | undefined;
  readonly #listeners = new Set<(reason: string) => void>();

  private constructor(
    private readonly server: BluetoothRemoteGATTServer,
    private readonly controlPoint: BluetoothRemoteGATTCharacteristic,
    private readonly response: BluetoothRemoteGATTCharacteristic,
    private readonly info: BluetoothRemoteGATTCharacteristic,
    private readonly opTimeoutMs: number,
    private readonly wallClock: Clock,
  ) {
    this.peripheralId = server.device.id;
    server.device.addEventListener('gattserverdisconnected', () => this.#lost('the lock disconnected'));
  }

  /**
   * Connects to the device and finds the keyrig characteristics. Deadlines run on `wallClock`
   * (default systemClock): the radio answers in wall time.
   */
  static async connect(device: BluetoothDevice, options: { timeoutMs: number; opTimeoutMs?: number; wallClock?: Clock }): Promise<WebBluetoothLink> {
    const wallClock = options.wallClock ?? systemClock;
    const gatt = device.gatt;
    if (!gatt) throw new BleError('unsupported', 'this device has no GATT server');
    const open = async (): Promise<WebBluetoothLink> => {
      const server = await gatt.connect();
      const service = await server.getPrimaryService(KeyrigUuids.service);
      const [controlPoint, response, info] = await Promise.all([
        service.getCharacteristic(KeyrigUuids.controlPoint),
        service.getCharacteristic(KeyrigUuids.response),
        service.getCharacteristic(KeyrigUuids.info),
      ]);
      return new WebBluetoothLink(server, controlPoint, response, info, options.opTimeoutMs ?? 5000, wallClock);
    };
    return wallClock.timeout(open(), options.timeoutMs, 'connecting to the lock', { onTimeout: () => gatt.disconnect(), error: bleTimeout });
  }

  get connected(): boolean {
    return this.#down === undefined && this.server.connected;
  }

  async readInfo(): Promise<Uint8Array> {
    return bytesOf(await this.#op(this.info.readValue(), 'reading the lock info'));
  }

  async writeControlPoint(fragment: Uint8Array): Promise<void> {
    await this.#op(this.controlPoint.writeValueWithResponse(new Uint8Array(fragment)), 'writing to the lock');
  }

  async readResponse(): Promise<Uint8Array> {
    return bytesOf(await this.#op(this.response.readValue(), 'reading from the lock'));
  }

  async subscribeResponses(onFragment: (fragment: Uint8Array) => void): Promise<void> {
    // Chrome fires characteristicvaluechanged for reads too; the app uses read mode, so this path
    // only serves callers that ask for notifications explicitly.
    this.response.addEventListener('characteristicvaluechanged', () => {
      if (this.response.value) onFragment(bytesOf(this.response.value));
    });
    await this.#op(this.response.startNotifications(), 'subscribing to the lock');
  }

  onDisconnect(listener: (reason: string) => void): void {
    const reason = this.#down;
    if (reason !== undefined) queueMicrotask(() => listener(reason));
    else this.#listeners.add(listener);
  }

  async disconnect(): Promise<void> {
    if (this.server.connected) this.server.disconnect();
    this.#lost('disconnected by the app');
  }

  #lost(reason: string): void {
    if (this.#down !== undefined) return;
    this.#down = reason;
    for (const l of this.#listeners) l(reason);
    this.#listeners.clear();
  }

  async #op<T>(work: Promise<T>, what: string): Promise<T> {
    if (this.#down !== undefined) throw new BleError('state', `${what}: link is down (${this.#down})`);
    try {
      return await this.wallClock.timeout(work, this.opTimeoutMs, what, { error: bleTimeout });
    } catch (e) {
      if (e instanceof BleError) throw e;
      throw new BleError('io', `${what} failed: ${(e as Error).message}`, { cause: e });
    }
  }
}
