/**
 * Instant key URL secrets, encrypted at rest (docs/SECURITY.md, "Instant key URLs at rest").
 *
 * The database keeps each secret's SHA-256 (lookup by URL, constant-time comparison) and, since
 * migration 5, its AES-256-GCM ciphertext, so `instant_keys/get|list` and the access grant can
 * return the URL again, as Seam does. The AES key lives in a separate file beside the database
 * (`<db>.secret-key`, created 0600, mode tightened on every open): a copy of the .db file alone
 * (a backup, a file attached to a bug report) does not reveal a single working link. Each
 * ciphertext is bound to its instant key id (GCM additional data), so one cannot be moved onto
 * another key's row. The database records a check value of the key (HMAC, not the key): opening a
 * database with another key file is refused instead of silently making every stored URL unreadable.
 */
import { chmodSync, closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';
import { KeyrigError } from '@keyrig/protocol';
import type { Logger } from 'pino';
import type { CloudDatabase } from '../db/openCloudDatabase.js';
import type { Rng } from '../context.js';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 1;
const CHECK_META = 'instant_key_secret_key_check';

export class InstantKeySecrets {
  private constructor(
    private readonly key: Buffer | null,
    private readonly rng: Rng,
  ) {}

  /**
   * The key for a database file: `<dbPath>.secret-key`, created 0600 on first use; in memory for
   * ':memory:'. A key file that is not the one the database's URLs were encrypted with is refused.
   * A missing one (a database copied or restored without it) is replaced by a new key, loudly:
   * the old keys' links keep working (they are found by hash) but their URLs read back redacted.
   */
  static forDatabase(db: CloudDatabase, dbPath: string, rng: Rng, logger: Logger): InstantKeySecrets {
    const inMemory = dbPath === ':memory:' || dbPath === '' || dbPath.startsWith('file:');
    let check = (db.prepare('SELECT value FROM meta WHERE key = ?').get(CHECK_META) as { value: string } | undefined)?.value ?? null;
    let key: Buffer;
    if (inMemory) {
      key = Buffer.from(rng(KEY_BYTES));
    } else {
      const path = secretKeyPath(dbPath);
      if (existsSync(path)) {
        key = readKeyFile(path);
      } else {
        if (check !== null) {
          logger.warn({ keyFile: path }, 'instant key secret key file missing: a new one is created; URLs of existing instant keys read back redacted (docs/SECURITY.md)');
          check = null;
        }
        key = createKeyFile(path, rng);
      }
    }
    const box = new InstantKeySecrets(key, rng);
    if (check !== null && check !== box.checkValue()) {
      throw new KeyrigError('config', `the instant key secret key ${secretKeyPath(dbPath)} is not the one the URLs in ${dbPath} were encrypted with (docs/SECURITY.md)`);
    }
    db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(CHECK_META, box.checkValue());
    return box;
  }

  /** For contexts that never mint instant keys (offline provisioning): any use throws. */
  static unavailable(rng: Rng): InstantKeySecrets {
    return new InstantKeySecrets(null, rng);
  }

  /** `version | iv | ciphertext | tag`, bound to `instantKeyId`. */
  encrypt(secret: string, instantKeyId: string): Buffer {
    const iv = Buffer.from(this.rng(IV_BYTES));
    const cipher = createCipheriv('aes-256-gcm', this.requireKey(), iv);
    cipher.setAAD(Buffer.from(instantKeyId, 'utf8'));
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, body, cipher.getAuthTag()]);
  }

  /** The secret, or null when the ciphertext does not open with this key for this id. */
  decrypt(blob: Uint8Array, instantKeyId: string): string | null {
    const b = Buffer.from(blob);
    if (b.length < 1 + IV_BYTES + TAG_BYTES || b[0] !== VERSION) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.requireKey(), b.subarray(1, 1 + IV_BYTES));
      decipher.setAAD(Buffer.from(instantKeyId, 'utf8'));
      decipher.setAuthTag(b.subarray(b.length - TAG_BYTES));
      return Buffer.concat([decipher.update(b.subarray(1 + IV_BYTES, b.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }

  private checkValue(): string {
    return createHmac('sha256', this.requireKey()).update('keyrig instant key secret key check v1').digest('base64url');
  }

  private requireKey(): Buffer {
    if (!this.key) throw new Error('instant key secrets are not available in this context');
    return this.key;
  }
}

/** Where the key of a database file lives. */
export function secretKeyPath(dbPath: string): string {
  return `${dbPath}.secret-key`;
}

function readKeyFile(path: string): Buffer {
  chmodSync(path, 0o600);
  const text = readFileSync(path, 'utf8').trim();
  const key = Buffer.from(text, 'base64url');
  if (!/^[A-Za-z0-9_-]{43}$/.test(text) || key.length !== KEY_BYTES) {
    throw new KeyrigError('config', `${path} is not an instant key secret key (expected ${KEY_BYTES} bytes as base64url)`);
  }
  return key;
}

function createKeyFile(path: string, rng: Rng): Buffer {
  const key = Buffer.from(rng(KEY_BYTES));
  // 'wx': never overwrite a key another process created a moment ago; 0600 from the first byte.
  const fd = openSync(path, 'wx', 0o600);
  try {
    writeSync(fd, `${key.toString('base64url')}\n`);
  } finally {
    closeSync(fd);
  }
  return key;
}
