/**
 * A KeyStore in one JSON file (Node only): endpoint private keys as JWK, written atomically
 * with mode 0600. The file holds secrets (private keys, client session tokens): keyrig never logs
 * its content, only its path.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { exportPrivateKeyJwk, importKeyPairJwk } from '@keyrig/protocol';
import { ClientInputError } from '../core/errors.js';
import type { KeyHolderRecord, KeyStore, StoredClientSession } from '../core/keyStore.js';

interface FileRecord {
  endpointKey: JsonWebKey;
  endpointId?: string;
  clientSession?: StoredClientSession;
}

interface KeyStoreFile {
  version: 1;
  records: Record<string, FileRecord>;
}

/** KeyStore in a JSON file at `path` (created with its directory on first write). */
export class FileKeyStore implements KeyStore {
  readonly needsExtractableKeys = true;
  /** Serializes writes so two puts do not lose each other's record. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(readonly path: string) {}

  async get(scope: string): Promise<KeyHolderRecord | undefined> {
    const file = await this.#read();
    const r = file.records[scope];
    if (r === undefined) return undefined;
    const endpointKey = await importKeyPairJwk(r.endpointKey, 'ecdsa', true);
    return {
      endpointKey,
      ...(r.endpointId !== undefined ? { endpointId: r.endpointId } : {}),
      ...(r.clientSession !== undefined ? { clientSession: r.clientSession } : {}),
    };
  }

  async put(scope: string, record: KeyHolderRecord): Promise<void> {
    const jwk = await exportPrivateKeyJwk(record.endpointKey.privateKey).catch((cause: unknown) => {
      throw new ClientInputError('FileKeyStore needs an extractable endpoint private key', { cause });
    });
    await this.#update((file) => {
      file.records[scope] = {
        endpointKey: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, d: jwk.d } as JsonWebKey,
        ...(record.endpointId !== undefined ? { endpointId: record.endpointId } : {}),
        ...(record.clientSession !== undefined ? { clientSession: record.clientSession } : {}),
      };
    });
  }

  async delete(scope: string): Promise<void> {
    await this.#update((file) => {
      delete file.records[scope];
    });
  }

  async #update(change: (file: KeyStoreFile) => void): Promise<void> {
    const run = this.#queue.then(async () => {
      const file = await this.#read();
      change(file);
      await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
      const tmp = `${this.path}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(file, null, 2) + '\n', { mode: 0o600 });
      await rename(tmp, this.path);
    });
    this.#queue = run.catch(() => {});
    await run;
  }

  async #read(): Promise<KeyStoreFile> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, records: {} };
      throw err;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (cause) {
      throw new ClientInputError(`keystore ${this.path} is not valid JSON`, { cause });
    }
    const file = parsed as Partial<KeyStoreFile> | null;
    if (file === null || typeof file !== 'object' || file.version !== 1 || typeof file.records !== 'object' || file.records === null) {
      throw new ClientInputError(`keystore ${this.path} is not a keyrig keystore (expected {"version":1,"records":{…}})`);
    }
    return file as KeyStoreFile;
  }
}
