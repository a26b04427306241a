/** Provider-signed blobs a phone carries to offline locks (PROTOCOL.md §9). */

/** A revocation list; a lock keeps the highest version it has seen. */
export interface Blocklist {
  /** Monotonic version (u32): a lock never goes back to a lower one. */
  readonly version: number;
  readonly issuedAt: number;
  /** Revoked credential ids (lowercase UUIDs). */
  readonly revokedCredentialIds: readonly string[];
  readonly keyId: string;
}

/** A trusted time from the provider, to set (or correct) a lock's clock. */
export interface TimeSync {
  /** The provider's time when it signed (ms since epoch). */
  readonly time: number;
  /** When present, only this lock may accept it. */
  readonly lockId?: string | undefined;
  readonly keyId: string;
}

export type BlocklistFields = Omit<Blocklist, 'keyId'>;
export type TimeSyncFields = Omit<TimeSync, 'keyId'>;
