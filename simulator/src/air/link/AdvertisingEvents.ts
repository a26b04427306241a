/**
 * When advertising events happen (Vol 6 Part B §4.4.2.2.1): event k of an advertiser is at
 * startedAt + k·interval + delay_k, delay_k in 0–10 ms from the seeded RNG, and which of them fall
 * inside a scanner's (or an initiator's) scan windows. Shared by the advertising channel (who
 * hears what) and connection setup (which event a CONNECT_IND follows).
 */
import type { VirtualController } from '../controller/VirtualController.js';
import type { ScanDutyCycle } from '../controller/types.js';
import type { AirCore } from './AirCore.js';
import { hashString } from './rng.js';
import { ADV_DELAY_MAX_MS } from './timing.js';

/** Advertising_Type (§7.8.5) 0 ADV_IND, 1 ADV_DIRECT_IND (high duty), 4 ADV_DIRECT_IND (low duty). */
export const connectable = (type: number): boolean => type === 0 || type === 1 || type === 4;
/** ADV_IND and ADV_SCAN_IND answer SCAN_REQ. */
export const scannable = (type: number): boolean => type === 0 || type === 2;

/**
 * SeededRandom hashes a string key to hashString(key) and takes a number below 2^32 as it is, so
 * passing the hash gives the same draw without hashing the same names on every event.
 */
const K_ADV_DELAY = hashString('adv-delay');

export class AdvertisingEvents {
  readonly #nameKeys = new WeakMap<VirtualController, number>();

  constructor(private readonly core: AirCore) {}

  /** Effective advertising interval of a controller (the profile may impose one). */
  intervalOf(a: VirtualController): number {
    return this.core.profile?.advertisingIntervalMs ?? a.advertising.intervalMs;
  }

  /** Air time of advertising event k. */
  eventTime(a: VirtualController, k: number): number {
    const delay = this.core.rng.unit(K_ADV_DELAY, this.nameKey(a), a.advertising.generation, k) * ADV_DELAY_MAX_MS;
    return a.advertising.startedAt + k * this.intervalOf(a) + delay;
  }

  /** First event index whose time is at or after t. */
  firstEventAfter(a: VirtualController, t: number): number {
    const interval = this.intervalOf(a);
    let k = Math.max(0, Math.floor((t - a.advertising.startedAt) / interval) - 1);
    while (this.eventTime(a, k) < t) k++;
    return k;
  }

  /**
   * First event index ≥ kFrom whose advertising PDU falls inside one of the scanner's windows
   * (windows start at scanStart + j·interval). Bounded search; a window ≥ the interval hears all.
   */
  nextHeardEvent(a: VirtualController, kFrom: number, scanStart: number, duty: ScanDutyCycle): number {
    if (!this.core.modeled || duty.windowMs >= duty.intervalMs) return kFrom;
    for (let k = kFrom; k < kFrom + 10_000; k++) {
      const since = this.eventTime(a, k) - scanStart;
      if (since >= 0 && since % duty.intervalMs < duty.windowMs) return k;
    }
    return kFrom;
  }

  /** A controller's name as an RNG key (hashString(name), computed once). */
  nameKey(c: VirtualController): number {
    let key = this.#nameKeys.get(c);
    if (key === undefined) {
      key = hashString(c.name);
      this.#nameKeys.set(c, key);
    }
    return key;
  }
}
