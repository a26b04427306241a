/**
 * The credential document (PROTOCOL.md §6): what a provider signs for one phone endpoint, and
 * what a lock checks offline before it opens.
 */

/**
 * A weekly schedule window in the lock's local time. `days` is a day-of-week mask: bit 0 Sunday,
 * bit 1 Monday … bit 6 Saturday. The window covers minutes `startMinute <= m < endMinute` of the
 * local day (0..1440); a window that crosses midnight is written as two windows.
 */
export interface ScheduleWindow {
  readonly days: number;
  readonly startMinute: number;
  readonly endMinute: number;
}

/** The signed content of a credential document. Lock ids and credential ids are lowercase UUIDs. */
export interface CredentialDocument {
  /** Unique id of this credential (what a blocklist revokes). */
  readonly credentialId: string;
  /** The user identity (Seam `user_identity_id`), UTF-8, at most 64 bytes. */
  readonly userIdentityId: string;
  /** The access grant this credential implements, UTF-8, at most 64 bytes. */
  readonly accessGrantId: string;
  /** 65-byte P-256 point of the phone/browser key this document is bound to. */
  readonly endpointPublicKey: Uint8Array;
  /** Lock ids this document opens. */
  readonly entrances: readonly string[];
  /** Elevator floors this document may select (u16 each). */
  readonly floors: readonly number[];
  /** Valid from (ms since epoch, inclusive). */
  readonly notBefore: number;
  /** Valid until (ms since epoch, exclusive). */
  readonly notAfter: number;
  /** Weekly windows; empty means no schedule restriction. */
  readonly schedule: readonly ScheduleWindow[];
  /** Per-lock key sequence (lock id -> u32): a lock refuses documents older than the newest it saw. */
  readonly keySequences: Readonly<Record<string, number>>;
  /** When the provider issued it (ms since epoch). */
  readonly issuedAt: number;
  /** Amenity limit: uses per local day; absent = unlimited. */
  readonly maxUsesPerDay?: number | undefined;
  /** Id of the provider key that signed it. */
  readonly keyId: string;
}

/** The fields a provider fills in; the key id comes from the signing key. */
export type CredentialDocumentFields = Omit<CredentialDocument, 'keyId'>;

/** A document whose provider signature verified, with its exact bytes (hashed in the handshake). */
export interface VerifiedCredential {
  readonly document: CredentialDocument;
  readonly bytes: Uint8Array;
}

/** A credential as a phone holds it: the signed bytes and their parsed form. */
export interface HeldCredential {
  readonly bytes: Uint8Array;
  readonly document: CredentialDocument;
}
