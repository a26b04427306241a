/** Inputs and output of the reference access rule (PROTOCOL.md §7 "Access decision"). */
import type { CredentialDocument } from '../credential/CredentialDocument.js';
import type { LockTypeValue } from '../gatt/LockType.js';
import type { TimeZone } from '../calendar/localTime.js';
import type { ResultCodeName, ResultCodeValue } from '../resultCodes.js';

/** A lock's local time zone: an IANA name ("Europe/Zurich") or a fixed offset from UTC. */
export type LockTimeZone = TimeZone;

/**
 * Conditions of the lock hardware that refuse a command whatever the credential. Several may
 * hold at once; PROTOCOL.md §7 fixes which code wins.
 */
export interface LockCondition {
  readonly busy?: boolean;
  readonly batteryCritical?: boolean;
  readonly jammed?: boolean;
  /** Too many invalid attempts recently (Salto's "wandering intruder" rule). */
  readonly lockout?: boolean;
  /** The lock's RTC has no trusted time (after a battery change, before a time sync). */
  readonly clockUnset?: boolean;
}

/** What the phone asks a lock to do (the access-deciding commands). */
export type AccessCommand =
  | { readonly op: 'unlock' }
  | { readonly op: 'selectFloors'; readonly floors: readonly number[] };

/** The lock as the access rule needs it. */
export interface AccessLock {
  /** The lock id (UUID). */
  readonly lockId: string;
  readonly lockType: LockTypeValue;
  readonly timeZone: LockTimeZone;
  /** When set, a credential used here less than this long ago is refused (ANTI_PASSBACK). */
  readonly antiPassbackMs?: number | undefined;
}

/** Everything the access rule looks at. Counters are the lock's, per credential; the key sequence is per lock. */
export interface AccessInput {
  /** A document whose signature already verified. */
  readonly document: CredentialDocument;
  readonly lock: AccessLock;
  /** The lock's time (ms since epoch); meaningless when `condition.clockUnset`. */
  readonly lockTime: number;
  readonly command: AccessCommand;
  readonly condition?: LockCondition | undefined;
  /** Revoked credential ids from the newest blocklist the lock holds. */
  readonly revokedCredentialIds?: ReadonlySet<string> | readonly string[] | undefined;
  /**
   * The lock's own key sequence (PROTOCOL.md §6): the highest sequence it has granted, whoever's
   * key carried it (absent = none yet). One value per lock, not per grant or credential: a
   * document whose sequence for this lock is lower is SUPERSEDED (a later guest's key was used
   * here), an equal one is granted (a joiner sharing the room), a higher one is granted and
   * replaces it (`newKeySequence`). A document without a sequence for this lock is never superseded.
   */
  readonly storedKeySequence?: number | undefined;
  /** Uses of this credential at this lock today (lock-local day), for maxUsesPerDay. */
  readonly usesToday?: number | undefined;
  /** Lock time of this credential's last granted use at this lock, for anti-passback. */
  readonly lastUseAt?: number | undefined;
}

/** The decision: a result code, the floors granted, and a key sequence to store on GRANTED. */
export interface AccessDecision {
  readonly code: ResultCodeValue;
  readonly codeName: ResultCodeName;
  readonly reason: string;
  readonly grantedFloors: readonly number[];
  /** Present when GRANTED and the document carries a higher sequence for this lock than stored: the lock stores it as its own. */
  readonly newKeySequence?: number;
}
