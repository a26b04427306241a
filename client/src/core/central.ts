/**
 * The platform seam of the client core: what it needs from a BLE central, and nothing more.
 * The noble adapter (client/src/noble/) implements it for Node; the web app will implement it on
 * Web Bluetooth. Values are Uint8Array so the core never sees a Buffer.
 */

/** One advertisement of a keyrig lock as the platform saw it (latest report per peripheral). */
export interface Sighting {
  /** What `Central.connect` takes (noble peripheral id; Web Bluetooth device id). */
  readonly peripheralId: string;
  /** Bluetooth device address when the platform exposes it (noble does, browsers do not). */
  readonly address?: string;
  /** Received signal strength, dBm (the noble central gives the mean over the scan's reports). */
  readonly rssi: number;
  /** Manufacturer Specific Data (AD type 0xFF) payload, company identifier first (PROTOCOL.md §1). */
  readonly manufacturerData?: Uint8Array;
  /** Advertised service UUIDs, lowercase without dashes. */
  readonly serviceUuids: readonly string[];
  readonly localName?: string;
  /** When the report arrived, from the injected clock (ms since the epoch). */
  readonly seenAt: number;
}

/** How long and how to scan. */
export interface ScanRequest {
  /** Give up after this long (wall time). */
  readonly timeoutMs: number;
  /** Ignore reports weaker than this, in dBm (e.g. -80). */
  readonly minRssi?: number;
  /** Stop early as soon as this returns true for the sightings so far. */
  readonly until?: (sightings: ReadonlyMap<string, Sighting>) => boolean;
  /** Called for every accepted report (progress output, live tables). */
  readonly onSighting?: (sighting: Sighting) => void;
  readonly signal?: AbortSignal;
}

/** Connection tuning. */
export interface ConnectRequest {
  /** Give up connecting (link + GATT discovery) after this long. */
  readonly timeoutMs?: number;
  /** ATT_MTU to ask for; the link reports what was agreed. */
  readonly mtu?: number;
}

/** A BLE central: scans for keyrig locks and connects to them. */
export interface Central {
  /** Scans for the keyrig service; resolves with the latest sighting per peripheral, best RSSI first. */
  scan(request: ScanRequest): Promise<Sighting[]>;
  /** Connects and discovers the keyrig service (PROTOCOL.md §2). */
  connect(peripheralId: string, request?: ConnectRequest): Promise<GattLink>;
  /** Stops scanning, drops every link and releases the adapter. */
  close(): Promise<void>;
}

/** A connected keyrig GATT service (PROTOCOL.md §2). */
export interface GattLink {
  readonly peripheralId: string;
  /** ATT_MTU agreed on this link. */
  readonly mtu: number;
  /** False once the link dropped or was closed. */
  readonly connected: boolean;
  /** Reads the info characteristic. */
  readInfo(): Promise<Uint8Array>;
  /** Writes one fragment to the control point (write with response). */
  writeControlPoint(fragment: Uint8Array): Promise<void>;
  /** Reads the response characteristic: the next pending fragment, or zero bytes when none. */
  readResponse(): Promise<Uint8Array>;
  /** Subscribes to response notifications; each value is one fragment. */
  subscribeResponses(onFragment: (fragment: Uint8Array) => void): Promise<void>;
  /** Registers a listener for the link going down (called once, also after `disconnect()`). */
  onDisconnect(listener: (reason: string) => void): void;
  disconnect(): Promise<void>;
}

/** Sightings sorted best RSSI first (ties: the most recent first). */
export function byRssi(a: Sighting, b: Sighting): number {
  return b.rssi - a.rssi || b.seenAt - a.seenAt;
}
