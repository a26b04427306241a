/**
 * The slice of the Web Bluetooth API (https://webbluetoothcg.github.io/web-bluetooth/) the app
 * uses. TypeScript's DOM library does not declare it, so it is declared here, as narrow as it can be.
 */

export interface BluetoothManufacturerDataFilter {
  companyIdentifier: number;
  dataPrefix?: Uint8Array;
  mask?: Uint8Array;
}

export interface BluetoothLEScanFilter {
  services?: string[];
  manufacturerData?: BluetoothManufacturerDataFilter[];
}

export interface RequestDeviceOptions {
  filters: BluetoothLEScanFilter[];
  optionalServices?: string[];
  optionalManufacturerData?: number[];
}

export interface BluetoothRemoteGATTCharacteristic extends EventTarget {
  readonly uuid: string;
  readonly value?: DataView;
  readValue(): Promise<DataView>;
  writeValueWithResponse(value: BufferSource): Promise<void>;
  startNotifications(): Promise<BluetoothRemoteGATTCharacteristic>;
}

export interface BluetoothRemoteGATTService {
  getCharacteristic(uuid: string): Promise<BluetoothRemoteGATTCharacteristic>;
}

export interface BluetoothRemoteGATTServer {
  readonly connected: boolean;
  readonly device: BluetoothDevice;
  connect(): Promise<BluetoothRemoteGATTServer>;
  disconnect(): void;
  getPrimaryService(uuid: string): Promise<BluetoothRemoteGATTService>;
}

export interface BluetoothDevice extends EventTarget {
  readonly id: string;
  readonly name?: string | null;
  readonly gatt?: BluetoothRemoteGATTServer;
}

export interface Bluetooth extends EventTarget {
  getAvailability(): Promise<boolean>;
  requestDevice(options: RequestDeviceOptions): Promise<BluetoothDevice>;
}

/** navigator.bluetooth, or undefined where the browser has no Web Bluetooth (Safari, Firefox). */
export function webBluetooth(): Bluetooth | undefined {
  return (navigator as Navigator & { bluetooth?: Bluetooth }).bluetooth;
}
