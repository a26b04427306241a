/**
 * What a controller keeps about its advertising, scanning and initiating (Vol 6 Part B §4.4), and
 * the interface through which it reaches the air (the "medium") — controllers never see each other.
 */
import type { LinkConnection } from '../link/LinkConnection.js';
import type { VirtualController } from './VirtualController.js';

export interface AdvertisingState {
  enabled: boolean;
  /** From LE Set Advertising Parameters (§7.8.5); ms. */
  intervalMs: number;
  /** Advertising_Type: 0 ADV_IND, 1 ADV_DIRECT_IND (high duty), 2 ADV_SCAN_IND, 3 ADV_NONCONN_IND, 4 direct low duty. */
  type: number;
  ownAddressType: number;
  data: Buffer;
  scanResponse: Buffer;
  /** Air time advertising was (re)enabled: event k happens at startedAt + k·interval + delay_k. */
  startedAt: number;
  /** Bumped whenever advertising restarts, so event numbering (and the RNG keys) restart too. */
  generation: number;
}

/** A scanner listens scanWindowMs out of every scanIntervalMs (§7.8.10); equal = continuously. */
export interface ScanDutyCycle {
  intervalMs: number;
  windowMs: number;
}

export interface ScanningState extends ScanDutyCycle {
  enabled: boolean;
  active: boolean;
  filterDuplicates: boolean;
  /** Duplicate filter (§7.8.11): keys of reports already sent in this scan. */
  seen: Set<string>;
  startedAt: number;
}

export interface PendingConnection {
  /** The initiator scans with this duty cycle (§7.8.12 LE_Scan_Interval / LE_Scan_Window). */
  scan: ScanDutyCycle;
  peerAddress: string;
  peerAddressType: number;
  minIntervalMs: number;
  maxIntervalMs: number;
  latency: number;
  supervisionTimeoutMs: number;
  at: number;
}

/** The air as a controller sees it. */
export interface Medium {
  /** Time for a fresh timestamp in fast mode (ms since the air started). */
  elapsed(): number;
  readonly modeled: boolean;
  readonly hostProcessingMs: number;
  readonly commandLatencyMs: number;
  advertisingChanged(c: VirtualController): void;
  scanningChanged(c: VirtualController): void;
  createConnection(c: VirtualController): void;
  cancelConnection(c: VirtualController, t: number): void;
  transmitAcl(conn: LinkConnection, from: VirtualController, start: boolean, data: Buffer, t: number): void;
  disconnect(conn: LinkConnection, from: VirtualController, reason: number, t: number): void;
  updateConnection(conn: LinkConnection, intervalMs: number, latency: number, timeoutMs: number, t: number): void;
  setDataLength(conn: LinkConnection, from: VirtualController, txOctets: number, t: number): void;
  readRssi(conn: LinkConnection, at: VirtualController): number;
  random(...keys: (number | string)[]): number;
  /** A controller rule the host broke (strict mode, docs/AIR.md): logged and kept by the air. */
  violation(c: VirtualController, message: string): void;
  /** HCI_Reset: the controller's links drop (its peers see a supervision timeout). */
  controllerReset(c: VirtualController, t: number): void;
}
