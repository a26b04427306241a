/**
 * The provider (access cloud) signing keys, PROTOCOL.md §5: P-256 ECDSA keys with key ids,
 * stored as JWK in the cloud database. Rotation adds a new active key and retires the previous
 * one; retired keys stay published so documents signed before the rotation verify until they
 * expire. The private keys never leave this class except into the database.
 */
import { exportPrivateKeyJwk, generateSigningKeyPair, importKeyPairJwk, type ProviderSigningKey } from '@keyrig/protocol';
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

export class ProviderKeyring {
  #active: ProviderSigningKey | null = null;

  constructor(
    private readonly db: CloudDatabase,
    private readonly clock: Clock,
    private readonly rng: Rng,
    private readonly logger: Logger,
  ) {}

  /** Loads the newest active key, generating the first one on a fresh database. */
  async init(): Promise<void> {
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
