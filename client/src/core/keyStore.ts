/**
 * Where a client keeps what it must remember between runs, per instant key: its endpoint key
 * (the P-256 key credentials are bound to), the endpoint id the cloud gave it, and the client
 * session. Platform-free interface; the Node file store lives in client/src/noble/FileKeyStore.ts,
 * the web app will keep non-extractable keys in IndexedDB.
 */

/** What the client remembers for one instant key. */
export interface KeyHolderRecord {
  /** ECDSA P-256 endpoint key pair (PROTOCOL.md §5). */
  readonly endpointKey: CryptoKeyPair;
  /** The cloud's id for this endpoint, once registered. */
  readonly endpointId?: string;
  /** The client session the instant key URL was exchanged for (a secret: never log it). */
  readonly clientSession?: StoredClientSession;
}

/** A client session as kept for later runs (the token is a bearer secret). */
export interface StoredClientSession {
  readonly token: string;
  readonly clientSessionId?: string;
  readonly userIdentityId?: string;
  /** ms since the epoch, when the cloud said so. */
  readonly expiresAt?: number;
}

/** Persistence of KeyHolderRecords, keyed by a scope (API base + instant key id). */
export interface KeyStore {
  /** True when private keys must be extractable to be stored (a file must; IndexedDB need not). */
  readonly needsExtractableKeys: boolean;
  get(scope: string): Promise<KeyHolderRecord | undefined>;
  put(scope: string, record: KeyHolderRecord): Promise<void>;
  delete(scope: string): Promise<void>;
}

/** Keeps records in memory only (tests, the demo, a browser tab without persistence). */
export class MemoryKeyStore implements KeyStore {
  readonly needsExtractableKeys = false;
  readonly #records = new Map<string, KeyHolderRecord>();

  async get(scope: string): Promise<KeyHolderRecord | undefined> {
    return this.#records.get(scope);
  }

  async put(scope: string, record: KeyHolderRecord): Promise<void> {
    this.#records.set(scope, record);
  }

  async delete(scope: string): Promise<void> {
    this.#records.delete(scope);
  }
}
