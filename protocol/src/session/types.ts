/**
 * Public interfaces of the handshake and session state machines (PROTOCOL.md §7). Transports
 * (bleno lock adapter, noble/Web Bluetooth clients, in-memory tests) and lock firmware models
 * build against these; keep them stable.
 */
import type { AccessCommand, LockCondition } from '../access/accessTypes.js';
import type { SealedAudit } from '../audit/sealedAuditRecord.js';
import type { Blocklist, TimeSync } from '../blobs/blobTypes.js';
import type { LockCertificate } from '../certificate/LockCertificate.js';
import type { Clock } from '../clock.js';
import type { HeldCredential, VerifiedCredential } from '../credential/CredentialDocument.js';
import type { ProviderKeys } from '../crypto/providerKeys.js';
import type { RandomSource } from '../crypto/random.js';
import type { ResultCodeName, ResultCodeValue } from '../resultCodes.js';
import type { LockChecks } from './LockChecks.js';

/** Sends one whole message; the transport fragments it (PROTOCOL.md §3). */
export type SendMessage = (message: Uint8Array) => void | Promise<void>;

/** Makes a fresh ephemeral ECDH P-256 key pair; injectable so vectors are reproducible. */
export type EphemeralKeySource = () => Promise<CryptoKeyPair>;

/** A command as the phone asks it: an access command or an audit fetch. */
export type SessionCommand = AccessCommand | { readonly op: 'fetchAudit'; readonly fromSequence: number };

/** What the lock firmware answers to an access command (it writes the audit record itself). */
export interface CommandDecision {
  readonly code: ResultCodeValue;
  /** Floors actually released (elevators). */
  readonly grantedFloors?: readonly number[];
  /** Sequence of the audit record the firmware wrote for this attempt. */
  readonly auditSequence?: number;
  /** Lock time at which the lock relocks (door/amenity), when granted. */
  readonly relockTime?: number;
}

/** A handshake that failed at the lock, reported so firmware can count it (lockout) and audit it. */
export interface FailedAttempt {
  readonly code: ResultCodeValue;
  readonly reason: string;
  /** Lock time (clock.now()) of the failure. */
  readonly time: number;
  /** Set when the failure happened after the credential document verified. */
  readonly credentialId?: string;
}

/**
 * How a LockSession asks the lock firmware (simulator/src/lock implements it). Any method may
 * be async; any method that throws makes the session answer INTERNAL_ERROR and close.
 */
export interface LockFirmwarePort {
  /** Current hardware condition; BUSY and LOCKOUT refuse a HELLO, the rest refuse commands. */
  condition(): LockCondition | Promise<LockCondition>;
  /** The access decision for a verified credential (use `evaluateAccess`), acting on GRANTED. */
  decide(credential: VerifiedCredential, command: AccessCommand): CommandDecision | Promise<CommandDecision>;
  /**
   * Offer a verified blocklist (use `checkBlocklistFreshness`): GRANTED (taken: higher replaces,
   * same version changes nothing, a lock holding none takes any) or STALE_BLOB (older: ignored, the
   * session goes on and the lock decides on the list it holds). Any other code refuses the session.
   */
  acceptBlocklist(blocklist: Blocklist): ResultCodeValue | Promise<ResultCodeValue>;
  /**
   * Offer a verified time sync (use `checkTimeSyncFreshness` with the lock's running clock):
   * GRANTED (clock set to `timeSyncTarget(timeSync, claimedAgeMs, lockNow)`), STALE_BLOB (ignored:
   * not newer than the last accepted, or it would set the clock back by more than 5 minutes; the
   * session continues with the clock unchanged), or a refusal that closes the session (WRONG_LOCK,
   * MALFORMED). `claimedAgeMs` is the phone's unsigned "held for" (PHONE_AUTH tag 0x05), 0 when absent.
   */
  acceptTimeSync(timeSync: TimeSync, claimedAgeMs: number): ResultCodeValue | Promise<ResultCodeValue>;
  /** Audit records with sequence >= fromSequence, oldest first, at most `max`, sealed by the lock (§10.1). */
  auditRecords(fromSequence: number, max: number): readonly SealedAudit[] | Promise<readonly SealedAudit[]>;
  /** Sequence of the newest audit record (0 when none). */
  auditHighWater(): number | Promise<number>;
  /**
   * The session refused and closed (bad signature, endpoint mismatch, decrypt failure, deadline,
   * replay...; not BUSY, LOCKOUT, INTERNAL_ERROR or the idle timeout). The firmware audits it and
   * decides which codes count towards a lockout.
   */
  recordAttempt(attempt: FailedAttempt): void | Promise<void>;
}

/** How and why a session ended. */
export interface SessionEnd {
  readonly code: ResultCodeValue;
  readonly codeName: ResultCodeName;
  readonly reason: string;
  /** 'local': this side decided; 'peer': the other side sent ERROR; 'transport': closed from outside. */
  readonly by: 'local' | 'peer' | 'transport';
}

/** Options of a lock-side session: one per connected phone. */
export interface LockSessionOptions {
  readonly clock: Clock;
  /** This lock's id (UUID), as in its certificate and advertisement. */
  readonly lockId: string;
  /** The provider-signed lock certificate (envelope bytes, §5). */
  readonly certificate: Uint8Array;
  /** The lock's ECDSA P-256 private key (signs LOCK_AUTH). */
  readonly lockPrivateKey: CryptoKey;
  readonly providerKeys: ProviderKeys;
  readonly firmware: LockFirmwarePort;
  readonly send: SendMessage;
  /** Protocol versions this lock speaks (default [1]). */
  readonly versions?: readonly number[];
  /** Randomness for the transaction id (default systemRandom). */
  readonly random?: RandomSource;
  readonly ephemeralKeys?: EphemeralKeySource;
  /** PHONE_AUTH must arrive within this long after LOCK_AUTH was sent (default 2000 ms, §11). */
  readonly handshakeDeadlineMs?: number;
  /** The session closes this long after the last message (default 10000 ms, §11). */
  readonly idleTimeoutMs?: number;
  /**
   * The lock's session decisions (sign LOCK_AUTH, counters, document, endpoint and blob
   * signatures); default `referenceLockChecks`. A simulated faulty lock swaps one of them.
   */
  readonly checks?: LockChecks;
  /** Called once when the session closes. */
  readonly onEnd?: (end: SessionEnd) => void;
}

/** Lock session states (§7 state machine). */
export type LockSessionState = 'awaitHello' | 'awaitPhoneAuth' | 'ready' | 'closed';

/** Options of a phone-side session: one per connection to one lock. */
export interface PhoneSessionOptions {
  readonly clock: Clock;
  /** The signed credential document the phone holds, with its parsed form. */
  readonly credential: HeldCredential;
  /** The endpoint key pair the document is bound to (private key non-extractable on phones). */
  readonly endpointKey: CryptoKeyPair;
  readonly providerKeys: ProviderKeys;
  /** The lock the user meant to open; a lock proving another id is refused (LOCK_AUTH_FAILED). */
  readonly expectedLockId: string;
  readonly send: SendMessage;
  /** Protocol versions the phone offers in HELLO (default [1]). */
  readonly versions?: readonly number[];
  /** Phone feature bits sent in HELLO (default 0). */
  readonly features?: number;
  /** A provider-signed blocklist to hand to the lock (§9). */
  readonly blocklist?: Uint8Array;
  /** A provider-signed time sync to hand to the lock (§9). */
  readonly timeSync?: Uint8Array;
  /**
   * When the phone received `timeSync`, on `clock`: PHONE_AUTH tells the lock how long it has been
   * held (clock.now() − this, at least 0), so a correct lock clock is not set back by the sync's
   * age (§9). Without it no age is sent and the lock takes the sync's own time.
   */
  readonly timeSyncReceivedAt?: number;
  readonly ephemeralKeys?: EphemeralKeySource;
  /** Called once when the session closes. */
  readonly onEnd?: (end: SessionEnd) => void;
}

/** Phone session states (§7 state machine). */
export type PhoneSessionState = 'idle' | 'awaitLockAuth' | 'awaitSessionReady' | 'ready' | 'awaitResponse' | 'closed';

/** The outcome of the phone's handshake. */
export type HandshakeOutcome =
  | {
      readonly ok: true;
      readonly version: number;
      readonly lockId: string;
      readonly certificate: LockCertificate;
      /** Lock time from SESSION_READY (0 when the lock clock is unset). */
      readonly lockTime: number;
      readonly auditHighWater: number;
      readonly transactionId: Uint8Array;
    }
  | { readonly ok: false; readonly code: ResultCodeValue; readonly codeName: ResultCodeName; readonly reason: string };

/** The outcome of one command, as data (a denial is a normal outcome). */
export interface CommandOutcome {
  readonly code: ResultCodeValue;
  readonly codeName: ResultCodeName;
  /** Short reason (from an ERROR, or a local failure). */
  readonly reason?: string;
  readonly grantedFloors: readonly number[];
  readonly lockTime?: number;
  readonly auditSequence?: number;
  readonly relockTime?: number;
  /** fetchAudit: the records returned, sealed by the lock (§10.1): the phone relays them as they are. */
  readonly auditRecords?: readonly SealedAudit[];
  /** fetchAudit: where to continue (fromSequence of the next fetch) when `moreAudit`. */
  readonly nextAuditSequence?: number;
  readonly moreAudit?: boolean;
}
