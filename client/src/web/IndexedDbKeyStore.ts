/**
 * The web app's persistence in IndexedDB: the core's KeyStore (endpoint key pair, endpoint id,
 * client session) and the offline copy of a key's data (entrances, credentials, provider keys).
 * CryptoKeys are stored as they are (structured clone), so the endpoint's private key is created
 * non-extractable and never leaves WebCrypto.
 */
import type { KeyHolderRecord, KeyStore } from '../core/keyStore.js';

const DB_NAME = 'keyrig';
const DB_VERSION = 1;
const RECORDS = 'keyHolders';
const CACHE = 'keyCache';

function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

function openDatabase(factory: IDBFactory): Promise<IDBDatabase> {
  const request = factory.open(DB_NAME, DB_VERSION);
  request.onupgradeneeded = () => {
    const db = request.result;
    if (!db.objectStoreNames.contains(RECORDS)) db.createObjectStore(RECORDS);
    if (!db.objectStoreNames.contains(CACHE)) db.createObjectStore(CACHE);
  };
  return promised(request);
}

export class IndexedDbKeyStore implements KeyStore {
  readonly needsExtractableKeys = false;
  #db: Promise<IDBDatabase> | undefined;

  constructor(private readonly factory: IDBFactory = indexedDB) {}

  #open(): Promise<IDBDatabase> {
    this.#db ??= openDatabase(this.factory);
    return this.#db;
  }

  async #run<T>(store: string, mode: IDBTransactionMode, work: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const db = await this.#open();
    const tx = db.transaction(store, mode);
    const result = promised(work(tx.objectStore(store)));
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
    return result;
  }

  async get(scope: string): Promise<KeyHolderRecord | undefined> {
    return (await this.#run(RECORDS, 'readonly', (s) => s.get(scope))) as KeyHolderRecord | undefined;
  }

  async put(scope: string, record: KeyHolderRecord): Promise<void> {
    await this.#run(RECORDS, 'readwrite', (s) => s.put(record, scope));
  }

  async delete(scope: string): Promise<void> {
    await this.#run(RECORDS, 'readwrite', (s) => s.delete(scope));
    await this.#run(CACHE, 'readwrite', (s) => s.delete(scope));
  }

  /** The last key data fetched for `scope` (what the app shows and unlocks with offline). */
  async getCached<T>(scope: string): Promise<T | undefined> {
    return (await this.#run(CACHE, 'readonly', (s) => s.get(scope))) as T | undefined;
  }

  /** Drops the cached key data only; the endpoint key stays (this browser stays the same device). */
  async deleteCached(scope: string): Promise<void> {
    await this.#run(CACHE, 'readwrite', (s) => s.delete(scope));
  }

  async putCached<T>(scope: string, value: T): Promise<void> {
    await this.#run(CACHE, 'readwrite', (s) => s.put(value, scope));
  }
}
