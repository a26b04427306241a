/**
 * The lock's side of FETCH_AUDIT (PROTOCOL.md §10.1, docs/LOCK.md "Audit trail"): records leave
 * the lock only sealed — encrypted to the provider audit key and signed with the lock key — so the
 * phone that relays them reads no other guest's credential id and cannot forge or alter one.
 * A lock provisioned without an audit key (a file from before issue #17) hands out nothing.
 * The `unsigned-audit` fault profile ships records with an all-zero signature (signing skipped).
 */
import { decodeSignedEnvelope, encodeSignedEnvelope, sealAuditRecords, type SealedAudit } from '@keyrig/protocol';
import type { LockFirmware } from '../LockFirmware.js';
import type { LockKeys } from './lockKeys.js';

/** Sealed records with sequence >= fromSequence, oldest first, at most `max` (the firmware's batch caps it). */
export async function sealedAuditRecords(fw: LockFirmware, keys: Pick<LockKeys, 'lockPrivateKey' | 'auditKey'>, fromSequence: number, max: number): Promise<SealedAudit[]> {
  if (!keys.auditKey) return [];
  const sealed = await sealAuditRecords(fw.auditRecords(fromSequence, max), { lockId: fw.lockId, lockPrivateKey: keys.lockPrivateKey, auditKey: keys.auditKey });
  if (!fw.faults.has('unsigned-audit')) return sealed;
  return sealed.map((s) => {
    if (!fw.faults.fires('unsigned-audit')) return s;
    const env = decodeSignedEnvelope(s.sealed, 'sealed audit record');
    return { ...s, sealed: encodeSignedEnvelope({ body: env.body, signature: new Uint8Array(64) }) };
  });
}
