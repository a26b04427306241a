/**
 * What the air's channels share: the RNG, the timing profile, faults, radio model and counters.
 */
import type { Logger } from 'pino';
import type { VirtualController } from '../controller/VirtualController.js';
import { combineFaults, linkKey, type Faults } from './faults.js';
import { distance, meanRssi, sampleRssi, type PathLossModel } from './pathLoss.js';
import type { SeededRandom } from './rng.js';
import type { TimingProfile } from './timing.js';
import type { Timers } from './Timers.js';
import type { LinkConnection } from './LinkConnection.js';

/** Counters a test can read to see what the air did. */
export interface AirStats {
  advertisingReports: number;
  scanResponses: number;
  advertisingEventsLost: number;
  connections: number;
  llPdus: number;
  retransmissions: number;
  corrupted: number;
  linksLost: number;
  disconnections: number;
}

export class AirCore {
  globalFaults: Faults = {};
  readonly linkFaults = new Map<string, Faults>();
  readonly controllers = new Map<string, VirtualController>();
  readonly connections = new Set<LinkConnection>();
  readonly stats: AirStats = {
    advertisingReports: 0,
    scanResponses: 0,
    advertisingEventsLost: 0,
    connections: 0,
    llPdus: 0,
    retransmissions: 0,
    corrupted: 0,
    linksLost: 0,
    disconnections: 0,
  };
  #connId = 0;
  #rssiSamples = new Map<string, number>();

  constructor(
    readonly rng: SeededRandom,
    readonly profile: TimingProfile | undefined,
    readonly pathLoss: PathLossModel,
    readonly timers: Timers,
    readonly elapsed: () => number,
    readonly logger: Logger | undefined,
  ) {}

  get modeled(): boolean {
    return this.profile !== undefined;
  }

  /** A modeled time, or in fast mode "now". */
  stamp(modeledTime: number): number {
    return this.profile ? modeledTime : this.elapsed();
  }

  nextConnectionId(): number {
    return ++this.#connId;
  }

  /** The faults on the link a–b; without per-link faults (the common case) the global ones as they are. */
  faults(a: VirtualController, b: VirtualController): Faults {
    if (this.linkFaults.size === 0) return this.globalFaults;
    return combineFaults(this.globalFaults, this.linkFaults.get(linkKey(a.name, b.name)));
  }

  /** Mean power at rx of tx's signal, dBm. */
  meanRssi(rx: VirtualController, tx: VirtualController): number {
    return meanRssi(this.pathLoss, tx.txPowerDbm, distance(rx.position, tx.position));
  }

  inRange(a: VirtualController, b: VirtualController): boolean {
    return this.heardAt(a, b) !== undefined;
  }

  /**
   * Mean power at rx of tx's signal (dBm) when the two are in range (each hears the other at or
   * above the sensitivity), else undefined. One distance for both directions.
   */
  heardAt(rx: VirtualController, tx: VirtualController): number | undefined {
    const d = distance(rx.position, tx.position);
    const atRx = meanRssi(this.pathLoss, tx.txPowerDbm, d);
    const atTx = meanRssi(this.pathLoss, rx.txPowerDbm, d);
    const floor = this.pathLoss.sensitivityDbm;
    return atRx >= floor && atTx >= floor ? atRx : undefined;
  }

  /** One RSSI sample with shadowing; keys make it reproducible. */
  sampleRssi(rx: VirtualController, tx: VirtualController, ...keys: (string | number)[]): number {
    return sampleRssi(this.meanRssi(rx, tx), this.pathLoss, this.rng.normal('rssi', rx.name, tx.name, ...keys));
  }

  /** Next sample number for a named series (e.g. Read RSSI on one link end). */
  nextSample(series: string): number {
    const n = (this.#rssiSamples.get(series) ?? 0) + 1;
    this.#rssiSamples.set(series, n);
    return n;
  }
}
