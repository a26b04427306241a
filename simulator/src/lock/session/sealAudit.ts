/**
 * The lock's side of FETCH_AUDIT (PROTOCOL.md §10.1, docs/LOCK.md "Audit trail"): records leave
 * the lock only sealed — encrypted to the provider audit key and signed with the lock key — so the
 * phone that relays them reads no other guest's credential id and cannot forge or alter one.
 * A lock provisioned without an audit key (a file from before issue #17) hands out nothing.
 * Fault profiles (issue #17): `unsigned-audit` ships records with an all-zero signature (signing
 * skipped); `audit-in-clear` signs them but puts the plain record where the ciphertext belongs.
 */
import {
  decodeSignedEnvelope,
  encodeAuditRecord,
  encodeSignedEnvelope,
  encodeTlv,
  SealedAuditTag,
  sealAuditRecords,
  SignatureContext,
  signWithContext,
  tlvBytes,
  TlvReader,
  type AuditRecord,
  type SealedAudit,
} from '@keyrig/protocol';
import type { LockFirmware } from '../LockFirmware.js';
import type { LockKeys } from './lockKeys.js';

type SealKeys = Pick<LockKeys, 'lockPrivateKey' | 'auditKey'>;

/** Sealed records with sequence >= fromSequence, oldest first, at most `max` (the firmware's batch caps it). */
export async function sealedAuditRecords(fw: LockFirmware, keys: SealKeys, fromSequence: number, max: number): Promise<SealedAudit[]> {
  if (!keys.auditKey) return [];
  const records = fw.auditRecords(fromSequence, max);
  const sealed = await sealAuditRecords(records, { lockId: fw.lockId, lockPrivateKey: keys.lockPrivateKey, auditKey: keys.auditKey });
  if (!fw.faults.has('unsigned-audit') && !fw.faults.has('audit-in-clear')) return sealed;
  const out: SealedAudit[] = [];
  for (const [i, s] of sealed.entries()) {
    if (fw.faults.fires('audit-in-clear')) out.push({ ...s, sealed: await inClear(s.sealed, records[i]!, keys) });
    else if (fw.faults.fires('unsigned-audit')) out.push({ ...s, sealed: encodeSignedEnvelope({ body: decodeSignedEnvelope(s.sealed, 'sealed audit record').body, signature: new Uint8Array(64) }) });
    else out.push(s);
  }
  return out;
}

/** The `audit-in-clear` bug: the plain §10 record in the ciphertext field, signed as usual. */
async function inClear(sealed: Uint8Array, record: AuditRecord, keys: SealKeys): Promise<Uint8Array> {
  const T = SealedAuditTag;
  const r = new TlvReader(decodeSignedEnvelope(sealed, 'sealed audit record').body, { knownTags: Object.values(T) });
  const body = encodeTlv([
    tlvBytes(T.LOCK_ID, r.bytes(T.LOCK_ID)),
    tlvBytes(T.SEQUENCE, r.bytes(T.SEQUENCE)),
    tlvBytes(T.AUDIT_KEY_ID, r.bytes(T.AUDIT_KEY_ID)),
    tlvBytes(T.EPHEMERAL_KEY, r.bytes(T.EPHEMERAL_KEY)),
    tlvBytes(T.CIPHERTEXT, encodeAuditRecord(record)),
  ]);
  return encodeSignedEnvelope({ body, signature: await signWithContext(keys.lockPrivateKey, SignatureContext.AUDIT, body) });
}
