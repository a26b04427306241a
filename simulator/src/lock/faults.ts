/**
 * Fault profiles: deliberate, named firmware bugs a lock can be started with (off by default).
 * They exist so the conformance suite can prove it catches real bugs: every profile changes
 * behaviour a phone or QA can observe (docs/LOCK.md, "Fault profiles").
 *
 * A profile fires on every opportunity unless a `rate` below 1 is given; the coin is a seeded PRNG
 * (mulberry32), so a run with the same seed misbehaves the same way.
 */
import { KeyrigError } from '@keyrig/protocol';

/** Every fault profile, with what the buggy firmware does. Order is the listing order. */
export const FAULT_PROFILES = [
  { name: 'ignores-expiry', description: 'Accepts a credential outside its validity window (expired or not yet valid)' },
  { name: 'ignores-schedule', description: "Ignores the credential's and the amenity's weekly schedule and opening hours" },
  { name: 'ignores-scope', description: 'Accepts a credential issued for another entrance (wrong lock)' },
  { name: 'skips-blocklist', description: 'Never checks the blocklist: revoked credentials still open' },
  { name: 'ignores-key-sequence', description: 'Accepts a key superseded by a newer key sequence' },
  { name: 'accepts-replay', description: 'Accepts a replayed (already seen) session message or counter' },
  { name: 'skips-lock-signature', description: 'Does not sign the handshake with its lock key: the phone cannot authenticate the lock' },
  { name: 'skips-doc-signature', description: "Does not verify the provider signature on the credential document" },
  { name: 'ignores-endpoint-binding', description: "Accepts a credential bound to another phone's endpoint key" },
  { name: 'clock-drift-uncorrected', description: 'Ignores provider-signed time syncs: the RTC keeps its drift' },
  { name: 'bad-reassembly-at-mtu-23', description: 'Corrupts reassembly of multi-fragment messages when the ATT MTU is 23' },
  { name: 'leaks-audit', description: 'Hands audit records to phones that have not authenticated (and to denied ones)' },
  // Issue #17: audit records a phone relays must be the lock's own.
  { name: 'unsigned-audit', description: 'Skips signing its audit records (all-zero signature): a relaying phone could forge or alter them' },
  { name: 'audit-in-clear', description: "Signs its audit records but does not encrypt them: every phone reads other guests' credential ids" },
  // Issue #16: the lock-side defects, as they were before the fix.
  { name: 'refuses-stale-blocklist', description: 'Refuses a blocklist older than the one it holds (ERROR STALE_BLOB, session closed) instead of ignoring it' },
  { name: 'forgets-provisioned-blocklist', description: "Installs only the provisioned blocklist's version, not its ids: keys revoked before provisioning still open" },
  { name: 'time-sync-to-signing-time', description: "Sets its clock to a time sync's signing time, ignoring how long the phone held it: a correct clock goes back" },
] as const satisfies readonly { name: string; description: string }[];

export type FaultName = (typeof FAULT_PROFILES)[number]['name'];

const NAMES: ReadonlySet<string> = new Set(FAULT_PROFILES.map((f) => f.name));

export function isFaultName(name: string): name is FaultName {
  return NAMES.has(name);
}

/** How a lock is told which bugs to have. */
export interface FaultOptions {
  /** Profile names; unknown names are a config error. */
  readonly names?: readonly string[];
  /** Probability a fault fires at each opportunity, 0..1 (default 1: always). */
  readonly rate?: number;
  /** PRNG seed for `rate` < 1 (default 1). */
  readonly seed?: number;
}

/** The active faults of one lock. `fires(name)` is asked at each place the bug could strike. */
export class FaultSet {
  readonly active: ReadonlySet<FaultName>;
  readonly rate: number;
  #state: number;

  constructor(options: FaultOptions = {}) {
    const unknown = (options.names ?? []).filter((n) => !isFaultName(n));
    if (unknown.length > 0) {
      throw new KeyrigError(
        'config',
        `unknown fault profile(s): ${unknown.join(', ')} (known: ${[...NAMES].join(', ')})`,
      );
    }
    const rate = options.rate ?? 1;
    if (!(rate >= 0 && rate <= 1)) throw new KeyrigError('config', `fault rate must be within 0..1, got ${rate}`);
    this.active = new Set(options.names as readonly FaultName[] | undefined);
    this.rate = rate;
    this.#state = (options.seed ?? 1) >>> 0;
  }

  /** No faults at all. */
  static none(): FaultSet {
    return new FaultSet();
  }

  has(name: FaultName): boolean {
    return this.active.has(name);
  }

  /** True when `name` is active and (for rate < 1) the seeded coin says it strikes this time. */
  fires(name: FaultName): boolean {
    if (!this.active.has(name)) return false;
    if (this.rate >= 1) return true;
    return this.#next() < this.rate;
  }

  /** mulberry32: small, seedable, good enough to pick when a bug strikes. */
  #next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  toJSON(): FaultName[] {
    return [...this.active];
  }
}
