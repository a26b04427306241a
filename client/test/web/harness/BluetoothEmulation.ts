/**
 * The CDP `BluetoothEmulation` domain (experimental; chromium 156), typed from the browser's own
 * /json/protocol. puppeteer-core 24 ships older protocol types without the characteristic and
 * descriptor operations, so commands go through an untyped `send` and are typed here.
 *
 * The domain must be driven from a BROWSER-target session: a page session does not know it, and
 * only the session that called `enable` receives the operation events.
 */
import type { Browser, CDPSession } from 'puppeteer-core';

export type CentralState = 'absent' | 'powered-off' | 'powered-on';
export type GattOperationType = 'connection' | 'discovery';
export type CharacteristicOperationType =
  | 'read'
  | 'write'
  | 'subscribe-to-notifications'
  | 'unsubscribe-from-notifications';
export type CharacteristicWriteType = 'write-default-deprecated' | 'write-with-response' | 'write-without-response';
export type DescriptorOperationType = 'read' | 'write';

export interface CharacteristicProperties {
  broadcast?: boolean;
  read?: boolean;
  writeWithoutResponse?: boolean;
  write?: boolean;
  notify?: boolean;
  indicate?: boolean;
  authenticatedSignedWrites?: boolean;
  extendedProperties?: boolean;
}

export interface ScanRecord {
  /** The advertised local name (chromium 156's emulation drops it: chooser entries have name ""). */
  name?: string;
  uuids?: string[];
  /** Required in practice: without appearance and txPower the browser crashed or hung. */
  appearance: number;
  txPower: number;
  manufacturerData?: { companyIdentifier: number; data: Uint8Array }[];
}

export interface GattOperationEvent {
  address: string;
  type: GattOperationType;
}
export interface CharacteristicOperationEvent {
  characteristicId: string;
  type: CharacteristicOperationType;
  data?: Uint8Array;
  writeType?: CharacteristicWriteType;
}
export interface DescriptorOperationEvent {
  descriptorId: string;
  type: DescriptorOperationType;
  data?: Uint8Array;
}

/** HCI error codes (Bluetooth Core Vol 2 Part D §1.3) used to answer GATT operations. */
export const HciStatus = {
  SUCCESS: 0x00,
  PAGE_TIMEOUT: 0x04,
  CONNECTION_TIMEOUT: 0x08,
  CONNECTION_FAILED_TO_BE_ESTABLISHED: 0x3e,
} as const;

/** ATT error codes (Bluetooth Core Vol 3 Part F §3.4.1.1) used to answer characteristic operations. */
export const AttStatus = {
  SUCCESS: 0x00,
  READ_NOT_PERMITTED: 0x02,
  WRITE_NOT_PERMITTED: 0x03,
  REQUEST_NOT_SUPPORTED: 0x06,
  UNLIKELY_ERROR: 0x0e,
} as const;

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const unb64 = (s: string | undefined): Uint8Array | undefined =>
  s === undefined ? undefined : new Uint8Array(Buffer.from(s, 'base64'));

/** One browser-wide emulated Bluetooth adapter, driven over one browser-target CDP session. */
export class BluetoothEmulation {
  /** How often the domain was found dropped and enabled again (see {@link ensureEnabled}). */
  reenabled = 0;
  private state: CentralState = 'powered-on';

  private constructor(private readonly session: CDPSession) {}

  /** Opens the browser-target session and enables the domain with the adapter in `state`. */
  static async enable(browser: Browser, state: CentralState = 'powered-on'): Promise<BluetoothEmulation> {
    const session = await browser.target().createCDPSession();
    const emulation = new BluetoothEmulation(session);
    emulation.state = state;
    await emulation.send('enable', { state, leSupported: true });
    return emulation;
  }

  /**
   * Chromium 156 drops the domain when a tab that used Web Bluetooth navigates away (measured:
   * later commands fail with "BluetoothEmulation not enabled" and getAvailability() turns false in
   * every tab). Enables it again on the same session (so the events keep coming here), with the
   * last central state. Returns true when it had been dropped.
   */
  async ensureEnabled(): Promise<boolean> {
    try {
      await this.send('setSimulatedCentralState', { state: this.state });
      return false;
    } catch (e) {
      if (!/not enabled/i.test(String((e as Error)?.message ?? e))) throw e;
      // The domain still counts itself enabled while its simulated central is gone: restart it.
      await this.send('disable').catch(() => undefined);
      await this.send('enable', { state: this.state, leSupported: true });
      this.reenabled++;
      return true;
    }
  }

  private send<T = unknown>(method: string, params: object = {}): Promise<T> {
    const send = this.session.send.bind(this.session) as unknown as (m: string, p: object) => Promise<T>;
    return send(`BluetoothEmulation.${method}`, params);
  }

  setCentralState(state: CentralState): Promise<unknown> {
    this.state = state;
    return this.send('setSimulatedCentralState', { state });
  }

  simulateAdvertisement(deviceAddress: string, rssi: number, record: ScanRecord): Promise<unknown> {
    return this.send('simulateAdvertisement', {
      entry: {
        deviceAddress,
        rssi,
        scanRecord: {
          ...(record.name ? { name: record.name } : {}),
          ...(record.uuids ? { uuids: record.uuids } : {}),
          appearance: record.appearance,
          txPower: record.txPower,
          ...(record.manufacturerData
            ? { manufacturerData: record.manufacturerData.map((m) => ({ key: m.companyIdentifier, data: b64(m.data) })) }
            : {}),
        },
      },
    });
  }

  respondToGattOperation(address: string, type: GattOperationType, code: number): Promise<unknown> {
    return this.send('simulateGATTOperationResponse', { address, type, code });
  }

  respondToCharacteristicOperation(
    characteristicId: string,
    type: CharacteristicOperationType,
    code: number,
    data?: Uint8Array,
  ): Promise<unknown> {
    return this.send('simulateCharacteristicOperationResponse', {
      characteristicId,
      type,
      code,
      ...(data ? { data: b64(data) } : {}),
    });
  }

  respondToDescriptorOperation(descriptorId: string, type: DescriptorOperationType, code: number, data?: Uint8Array): Promise<unknown> {
    return this.send('simulateDescriptorOperationResponse', { descriptorId, type, code, ...(data ? { data: b64(data) } : {}) });
  }

  async addService(address: string, serviceUuid: string): Promise<string> {
    return (await this.send<{ serviceId: string }>('addService', { address, serviceUuid })).serviceId;
  }

  async addCharacteristic(serviceId: string, characteristicUuid: string, properties: CharacteristicProperties): Promise<string> {
    const r = await this.send<{ characteristicId: string }>('addCharacteristic', { serviceId, characteristicUuid, properties });
    return r.characteristicId;
  }

  async addDescriptor(characteristicId: string, descriptorUuid: string): Promise<string> {
    return (await this.send<{ descriptorId: string }>('addDescriptor', { characteristicId, descriptorUuid })).descriptorId;
  }

  simulateGattDisconnection(address: string): Promise<unknown> {
    return this.send('simulateGATTDisconnection', { address });
  }

  onGattOperation(handler: (e: GattOperationEvent) => void): void {
    this.session.on('BluetoothEmulation.gattOperationReceived' as never, handler as never);
  }

  onCharacteristicOperation(handler: (e: CharacteristicOperationEvent) => void): void {
    this.session.on('BluetoothEmulation.characteristicOperationReceived' as never, ((raw: {
      characteristicId: string;
      type: CharacteristicOperationType;
      data?: string;
      writeType?: CharacteristicWriteType;
    }) => {
      const data = unb64(raw.data);
      handler({
        characteristicId: raw.characteristicId,
        type: raw.type,
        ...(data ? { data } : {}),
        ...(raw.writeType ? { writeType: raw.writeType } : {}),
      });
    }) as never);
  }

  onDescriptorOperation(handler: (e: DescriptorOperationEvent) => void): void {
    this.session.on('BluetoothEmulation.descriptorOperationReceived' as never, ((raw: {
      descriptorId: string;
      type: DescriptorOperationType;
      data?: string;
    }) => {
      const data = unb64(raw.data);
      handler({ descriptorId: raw.descriptorId, type: raw.type, ...(data ? { data } : {}) });
    }) as never);
  }

  async disable(): Promise<void> {
    await this.send('disable').catch(() => undefined);
    await this.session.detach().catch(() => undefined);
  }
}
