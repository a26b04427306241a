/**
 * Lock keys and provisioning files (docs/CLOUD.md, "Lock provisioning file"). Each lock gets its
 * own P-256 key pair once (kept in the cloud database) and a lock certificate (PROTOCOL.md §5)
 * signed by the active provider key, re-signed when the provider key rotates.
 */
import {
  exportPrivateKeyJwk,
  generateSigningKeyPair,
  jwkToPublicKeyRaw,
  LockType,
  signLockCertificate,
  toBase64Url,
} from '@keyrig/protocol';
import type { CloudContext } from '../context.js';
import { iso } from '../context.js';
import { listEntrances } from '../resources/entrances.js';
import { signCurrentBlocklist } from '../resources/blocklist.js';
import type { LockProvisioning, P256PrivateJwk, P256PublicJwk, ProvisioningFile } from '../../property/provisioning.js';

/** Lock certificates are valid this long; re-provision before then. */
export const LOCK_CERTIFICATE_VALIDITY_MS = 5 * 365 * 24 * 3600_000;
export const SECURITY_REVISION = 1;

interface LockRow {
  lock_id: string; acs_entrance_id: string; name: string; private_jwk: string; public_jwk: string;
  certificate: string | null; certificate_kid: string | null; created_at: number;
}

/** Generates a key pair for every lock that has none yet (fresh database or a lock added to the property). */
export async function ensureLockKeys(ctx: CloudContext, locks: { lock_id: string; acs_entrance_id: string; name: string }[]): Promise<void> {
  for (const l of locks) {
    const exists = ctx.db.prepare('SELECT 1 FROM locks WHERE lock_id = ?').get(l.lock_id);
    if (exists) {
      ctx.db.prepare('UPDATE locks SET name = ?, acs_entrance_id = ? WHERE lock_id = ?').run(l.name, l.acs_entrance_id, l.lock_id);
      continue;
    }
    const pair = await generateSigningKeyPair(true);
    const jwk = (await exportPrivateKeyJwk(pair.privateKey)) as P256PrivateJwk;
    const priv: P256PrivateJwk = { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, d: jwk.d };
    const pub: P256PublicJwk = { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
    ctx.db
      .prepare('INSERT INTO locks (lock_id, acs_entrance_id, name, private_jwk, public_jwk, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(l.lock_id, l.acs_entrance_id, l.name, JSON.stringify(priv), JSON.stringify(pub), ctx.clock.now());
  }
}

/** Signs certificates for locks that have none or one signed by a key that is no longer active. */
async function ensureCertificates(ctx: CloudContext): Promise<void> {
  const signer = ctx.keyring.signingKey();
  const rows = ctx.db
    .prepare('SELECT l.*, e.type FROM locks l JOIN entrances e USING (acs_entrance_id) WHERE l.certificate IS NULL OR l.certificate_kid IS NOT ?')
    .all(signer.keyId) as (LockRow & { type: keyof typeof LockType })[];
  const now = ctx.clock.now();
  for (const r of rows) {
    const cert = await signLockCertificate(
      {
        lockId: r.lock_id,
        lockPublicKey: jwkToPublicKeyRaw(JSON.parse(r.public_jwk) as JsonWebKey),
        lockType: LockType[r.type],
        securityRevision: SECURITY_REVISION,
        notBefore: now,
        notAfter: now + LOCK_CERTIFICATE_VALIDITY_MS,
      },
      signer,
    );
    ctx.db.prepare('UPDATE locks SET certificate = ?, certificate_kid = ? WHERE lock_id = ?').run(toBase64Url(cert), signer.keyId, r.lock_id);
  }
}

/** The provisioning file for every lock of the property (holds lock private keys: treat it as a secret). */
export async function buildProvisioningFile(ctx: CloudContext): Promise<ProvisioningFile> {
  await ensureCertificates(ctx);
  const providerKeys = ctx.keyring.verificationKeys();
  // The complete list, so a lock set up after a revocation refuses the revoked key (issue #16).
  const blocklist = await signCurrentBlocklist(ctx, ctx.keyring.signingKey());
  const now = iso(ctx.clock.now());
  const locks: LockProvisioning[] = [];
  for (const e of listEntrances(ctx)) {
    for (const lockId of e.lock_ids) {
      const r = ctx.db.prepare('SELECT * FROM locks WHERE lock_id = ?').get(lockId) as LockRow;
      locks.push({
        version: 1,
        lock_id: r.lock_id,
        lock_name: r.name,
        lock_type: e.type,
        acs_entrance_id: e.acs_entrance_id,
        entrance_name: e.display_name,
        floors: e.floors ?? [],
        schedule: e.hours,
        time_zone: e.time_zone,
        provider_keys: providerKeys,
        lock_key: { private_jwk: JSON.parse(r.private_jwk) as P256PrivateJwk, public_jwk: JSON.parse(r.public_jwk) as P256PublicJwk },
        lock_certificate: r.certificate,
        lock_certificate_kid: r.certificate_kid,
        blocklist_version: blocklist.version,
        blocklist: toBase64Url(blocklist.signed),
        provider_audit_key: ctx.keyring.auditKey(),
        issued_at: now,
      });
    }
  }
  return { version: 1, property_name: ctx.workspace.name, generated_at: now, locks };
}
