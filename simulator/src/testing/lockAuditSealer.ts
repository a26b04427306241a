/**
 * Test fixture: seals audit records exactly as a lock the cloud provisioned does (PROTOCOL.md
 * §10.1), with that lock's key and the provider audit key from the cloud's provisioning file, so
 * cloud tests can relay genuine records without running a lock.
 */
import { sealAuditRecords, toBase64Url, type AuditRecord } from '@keyrig/protocol';
import { LockProvisioningSchema, type ProvisioningFile } from '../property/provisioning.js';
import { loadLockKeys } from '../lock/session/lockKeys.js';

/** Upload entries (`{ lock_id, record }`, base64url) for records sealed by lock `lockId`. */
export type LockAuditSealer = (records: readonly AuditRecord[]) => Promise<{ lock_id: string; record: string }[]>;

/** `cloud.call` posts to the cloud with its API key (a TestCloud is one). */
export async function lockAuditSealer(cloud: { call(path: string): Promise<{ body: any }> }, lockId: string): Promise<LockAuditSealer> {
  const r = await cloud.call('/keyrig/locks/provisioning');
  const file = r.body.provisioning as ProvisioningFile;
  const p = file.locks.find((l) => l.lock_id === lockId);
  if (!p) throw new Error(`the cloud provisions no lock ${lockId}`);
  const keys = await loadLockKeys(LockProvisioningSchema.parse(p));
  if (!keys.auditKey) throw new Error('the provisioning file carries no provider audit key');
  const auditKey = keys.auditKey;
  return async (records) =>
    (await sealAuditRecords(records, { lockId, lockPrivateKey: keys.lockPrivateKey, auditKey })).map((s) => ({ lock_id: lockId, record: toBase64Url(s.sealed) }));
}
