/**
 * What the Web Bluetooth bridge's parts share: its options, the peripherals it heard (with their
 * mirrored GATT state), its trace, and UUID spelling between noble and CDP.
 */
import type { Characteristic, Noble, Peripheral } from '@stoprocent/noble';
import type { BluetoothEmulation } from './BluetoothEmulation.js';

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
   * (simulateGATTDisconnection). Default 1500 ms; `WebBluetoothBridge.instrumentPage` is the
   * exact rule for test pages.
   */
  idleDisconnectMs?: number;
}

export interface BridgedPeripheral {
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

/** The state the scanner and the GATT relay share (one per bridge). */
export class BridgeContext {
  readonly trace: BridgeTraceEntry[] = [];
  readonly peripherals = new Map<string, BridgedPeripheral>();
  readonly serviceUuid: string;
  readonly advertiseEveryMs: number;
  readonly forgetAfterMs: number;
  readonly operationTimeoutMs: number;
  readonly idleDisconnectMs: number;
  closed = false;

  constructor(
    readonly emulation: BluetoothEmulation,
    readonly noble: Noble,
    options: WebBluetoothBridgeOptions,
  ) {
    this.serviceUuid = dashless(options.serviceUuid);
    this.advertiseEveryMs = options.advertiseEveryMs ?? 100;
    this.forgetAfterMs = options.forgetAfterMs ?? 3000;
    this.operationTimeoutMs = options.operationTimeoutMs ?? 10_000;
    this.idleDisconnectMs = options.idleDisconnectMs ?? 1500;
  }

  log(address: string, op: string, detail?: string): void {
    this.trace.push({ at: Date.now(), address, op, ...(detail !== undefined ? { detail } : {}) });
  }
}

export const dashless = (u: string): string => u.replace(/-/g, '').toLowerCase();

/** 16-bit SIG UUIDs (noble: "2902") as full 128-bit UUIDs (CDP and Web Bluetooth want those). */
export function fullUuid(u: string): string {
  const s = dashless(u);
  const hex = s.length === 4 ? `0000${s}00001000800000805f9b34fb` : s.length === 8 ? `${s}00001000800000805f9b34fb` : s;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
