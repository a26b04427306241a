/**
 * The provider (access cloud) signing keys, PROTOCOL.md §5: P-256 ECDSA keys with key ids,
 * stored as JWK in the cloud database. Rotation adds a new active key and retires the previous
 * one; retired keys stay published so documents signed before the rotation verify until they
 * expire. The private keys never leave this class except into the database.
 *
 * It also holds the provider audit key (PROTOCOL.md §10.1): a P-256 ECDH key locks seal audit
 * records to, so phones relay records they cannot read. Its public half goes into every lock's
 * provisioning file; it is kept in the `meta` table (one key; rotation is not implemented).
 */
import {
  exportPrivateKeyJwk,
  generateEphemeralKeyPair,
  generateSigningKeyPair,
  importKeyPairJwk,
  type ProviderSigningKey,
} from '@keyrig/protocol';
import type { Logger } from 'pino';
import type { Clock } from '@keyrig/protocol';
import type { CloudDatabase } from '../db/openCloudDatabase.js';
import type { Rng } from '../context.js';
import { iso } from '../context.js';
import type { ProviderVerificationKey, P256PublicJwk } from '../../property/provisioning.js';

interface ProviderKeyRow {
  kid: string;
  private_jwk: string;
  public_jwk: string;
  status: 'active' | 'retired' | 'revoked';
  created_at: number;
}

function publicJwk(jwk: JsonWebKey, kid: string): P256PublicJwk {
  return { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y!, kid, alg: 'ES256' };
}

/** The provider audit key as a lock's provisioning file carries it. */
export interface ProviderAuditPublicKey {
  kid: string;
  public_jwk: P256PublicJwk;
}

const AUDIT_KEY_META = 'provider_audit_key';

export class ProviderKeyring {
  #active: ProviderSigningKey | null = null;
  #audit: { kid: string; public_jwk: P256PublicJwk; privateKey: CryptoKey } | null = null;

  constructor(
    private readonly db: CloudDatabase,
    private readonly clock: Clock,
    private readonly rng: Rng,
    private readonly logger: Logger,
  ) {}

  /** Loads the newest active key, generating the first one on a fresh database. */
  async init(): Promise<void> {
    await this.#initAuditKey();
    const row = this.db.prepare("SELECT * FROM provider_keys WHERE status = 'active' ORDER BY created_at DESC, rowid DESC LIMIT 1").get() as
      | ProviderKeyRow
      | undefined;
    if (!row) {
      await this.rotate();
      return;
    }
    const pair = await importKeyPairJwk(JSON.parse(row.private_jwk) as JsonWebKey, 'ecdsa', false);
    this.#active = { keyId: row.kid, privateKey: pair.privateKey };
  }

  async #initAuditKey(): Promise<void> {
    const saved = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(AUDIT_KEY_META) as { value: string } | undefined;
    let stored: { kid: string; private_jwk: JsonWebKey };
    if (saved) {
      stored = JSON.parse(saved.value) as typeof stored;
    } else {
      const pair = await generateEphemeralKeyPair(true);
      stored = { kid: `ak-${Buffer.from(this.rng(6)).toString('hex')}`, private_jwk: await exportPrivateKeyJwk(pair.privateKey) };
      this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(AUDIT_KEY_META, JSON.stringify(stored));
      this.logger.info({ kid: stored.kid }, 'provider audit key created');
    }
    const { privateKey } = await importKeyPairJwk(stored.private_jwk, 'ecdh', false);
    const j = stored.private_jwk;
    this.#audit = { kid: stored.kid, public_jwk: { kty: 'EC', crv: 'P-256', x: j.x!, y: j.y! }, privateKey };
  }

  /** The audit key locks seal records to (its public half, for provisioning files). */
  auditKey(): ProviderAuditPublicKey {
    if (!this.#audit) throw new Error('ProviderKeyring.init() was not awaited');
    return { kid: this.#audit.kid, public_jwk: this.#audit.public_jwk };
  }

  /** The audit private key with this key id, or undefined when it is not ours. */
  auditPrivateKey(kid: string): CryptoKey | undefined {
    return this.#audit?.kid === kid ? this.#audit.privateKey : undefined;
  }

  /** The key new documents are signed with. */
  signingKey(): ProviderSigningKey {
    if (!this.#active) throw new Error('ProviderKeyring.init() was not awaited');
    return this.#active;
  }

  /** Public keys phones and locks accept (active and retired). */
  verificationKeys(): ProviderVerificationKey[] {
    const rows = this.db.prepare("SELECT * FROM provider_keys WHERE status != 'revoked' ORDER BY created_at, rowid").all() as ProviderKeyRow[];
    return rows.map((r) => ({
      kid: r.kid,
      alg: 'ES256' as const,
      public_jwk: JSON.parse(r.public_jwk) as P256PublicJwk,
      status: r.status,
      created_at: iso(r.created_at),
    }));
  }

  /** Generates a new active key and retires the previous active ones. Returns the new key id. */
  async rotate(): Promise<string> {
    const pair = await generateSigningKeyPair(true);
    const jwk = await exportPrivateKeyJwk(pair.privateKey);
    const kid = `pk-${Buffer.from(this.rng(6)).toString('hex')}`;
    const now = this.clock.now();
    this.db.transaction(() => {
      this.db.prepare("UPDATE provider_keys SET status = 'retired' WHERE status = 'active'").run();
      this.db
        .prepare("INSERT INTO provider_keys (kid, private_jwk, public_jwk, status, created_at) VALUES (?, ?, ?, 'active', ?)")
        .run(kid, JSON.stringify(jwk), JSON.stringify(publicJwk(jwk, kid)), now);
    })();
    const signing = await importKeyPairJwk(jwk, 'ecdsa', false);
    this.#active = { keyId: kid, privateKey: signing.privateKey };
    this.logger.info({ kid }, 'provider signing key rotated in');
    return kid;
  }
}
