/**
 * Decides which time sync the phone carries to which lock (PROTOCOL.md §9):
 * - a lock applies a time sync only once and ignores one that is not newer (§9), so each one goes
 *   to each lock once (saving PHONE_AUTH bytes);
 * - a lock whose clock is unset takes any valid time sync, however old (its freshness cannot be
 *   checked offline): an old one would set the clock to a past time (and make expired keys valid
 *   again), so the phone carries only a fresh one (younger than `maxAgeMs` on the phone's clock)
 *   and otherwise none.
 * The blocklist is always carried: the same version is accepted as "no change".
 */
import { bytesEqual, decodeTimeSync } from '@keyrig/protocol';

/** Default freshness limit of a carried time sync. */
export const TIME_SYNC_MAX_AGE_MS = 15 * 60_000;

/** Per-phone memory of delivered time syncs, and the freshness rule (see above). */
export class BlobCourier {
  readonly #delivered = new Map<string, Uint8Array>();

  constructor(readonly maxAgeMs: number = TIME_SYNC_MAX_AGE_MS) {}

  /** The time sync to carry to `lockId` at phone time `now`, or undefined (delivered already, or stale). */
  timeSyncFor(lockId: string, timeSync: Uint8Array, now: number): Uint8Array | undefined {
    const sent = this.#delivered.get(lockId);
    if (sent !== undefined && bytesEqual(sent, timeSync)) return undefined;
    let time: number;
    try {
      time = decodeTimeSync(timeSync).time;
    } catch {
      return undefined; // not a time sync: carry nothing rather than garbage
    }
    return Math.abs(now - time) <= this.maxAgeMs ? timeSync : undefined;
  }

  /** Records that `lockId` took this time sync (its session got past PHONE_AUTH). */
  delivered(lockId: string, timeSync: Uint8Array): void {
    this.#delivered.set(lockId, timeSync);
  }
}
