/**
 * Relayed audit records (PROTOCOL.md §10.1, docs/CLOUD.md "Audit upload"): each must be sealed by
 * a lock this cloud provisioned — its signature verifies under that lock's key, it opens with the
 * provider audit key — and name a credential the cloud issued (for a GRANTED, one for that lock's
 * entrance). A record failing a check is refused with its reason and never becomes an event, so a
 * phone can neither forge a record nor pre-claim a lock's sequence numbers.
 */
import {
  CommandOp,
  importPublicKey,
  jwkToPublicKeyRaw,
  NO_CREDENTIAL_ID,
  openSealedAuditRecord,
  ResultCode,
  type AuditRecord,
} from '@keyrig/protocol';
import type { CloudContext } from '../context.js';

export type AuditRefusalReason =
  | 'malformed' | 'unknown_lock' | 'lock_mismatch' | 'bad_signature' | 'unknown_audit_key' | 'decrypt_failed'
  | 'unknown_credential' | 'credential_not_for_lock';

/** A record that passed every check, ready to become an event. */
export interface GenuineAuditRecord {
  readonly lockId: string;
  readonly acsEntranceId: string;
  readonly record: AuditRecord;
  readonly credential: { user_identity_id: string; access_grant_id: string } | undefined;
}

export type CheckedAuditRecord = { ok: true; value: GenuineAuditRecord } | { ok: false; reason: AuditRefusalReason };

interface LockRow { acs_entrance_id: string; public_jwk: string }
interface DocRow { user_identity_id: string; access_grant_id: string; acs_entrance_id: string }

/** Checks relayed sealed records; `lockIds[i]` is the lock the phone says record i came from. */
export async function checkAuditRecords(ctx: CloudContext, items: readonly { lockId: string; sealed: Uint8Array }[]): Promise<CheckedAuditRecord[]> {
  const lockKeys = new Map<string, Promise<CryptoKey | undefined>>();
  const lockRow = (lockId: string): LockRow | undefined =>
    ctx.db.prepare('SELECT acs_entrance_id, public_jwk FROM locks WHERE lock_id = ?').get(lockId) as LockRow | undefined;
  const lockPublicKey = (lockId: string): Promise<CryptoKey | undefined> => {
    let k = lockKeys.get(lockId);
    if (!k) {
      const row = lockRow(lockId);
      k = row ? importPublicKey(jwkToPublicKeyRaw(JSON.parse(row.public_jwk) as JsonWebKey), 'ecdsa') : Promise.resolve(undefined);
      lockKeys.set(lockId, k);
    }
    return k;
  };
  const out: CheckedAuditRecord[] = [];
  for (const item of items) {
    const opened = await openSealedAuditRecord(item.sealed, { lockPublicKey, auditPrivateKey: (kid) => ctx.keyring.auditPrivateKey(kid) });
    if (opened.ok === false) {
      out.push({ ok: false, reason: opened.header && opened.header.lockId !== item.lockId.toLowerCase() ? 'lock_mismatch' : opened.reason });
      continue;
    }
    const lockId = opened.header.lockId;
    if (lockId !== item.lockId.toLowerCase()) {
      out.push({ ok: false, reason: 'lock_mismatch' });
      continue;
    }
    const lock = lockRow(lockId)!;
    const r = opened.record;
    let credential: DocRow | undefined;
    if (r.credentialId !== NO_CREDENTIAL_ID) {
      credential = ctx.db.prepare('SELECT user_identity_id, access_grant_id, acs_entrance_id FROM credential_documents WHERE credential_id = ?').get(r.credentialId) as DocRow | undefined;
      if (!credential) {
        out.push({ ok: false, reason: 'unknown_credential' });
        continue;
      }
      // A lock-signed GRANTED for another entrance's credential is a lock defect (or a stolen lock
      // key), never an ordinary entry: it is refused and logged, not emitted as lock.unlocked.
      if (r.resultCode === ResultCode.GRANTED && r.op !== CommandOp.FETCH_AUDIT && credential.acs_entrance_id !== lock.acs_entrance_id) {
        ctx.logger.warn({ lockId, sequence: r.sequence }, 'lock-signed GRANTED for a credential of another entrance refused: check the lock');
        out.push({ ok: false, reason: 'credential_not_for_lock' });
        continue;
      }
    }
    out.push({ ok: true, value: { lockId, acsEntranceId: lock.acs_entrance_id, record: r, credential } });
  }
  return out;
}
