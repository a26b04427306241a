/**
 * POST /phone/audit/upload — the phone relays sealed audit records it fetched from locks
 * (PROTOCOL.md §10.1). Each is checked (resources/auditRecords.ts): sealed by that lock, opened
 * with the provider audit key, naming a credential the cloud issued. A genuine record becomes a Seam
 * event — lock.unlocked (is_via_bluetooth) for GRANTED, else lock.access_denied — exactly once per
 * lock and sequence, whoever relays it first; a refused one is counted with its reason, never emitted.
 */
import { CommandOp, fromBase64Url, MAX_CLOCK_TIME_MS, ResultCode, resultCodeName } from '@keyrig/protocol';
import { cloudApi } from '@keyrig/api';
import { defineRoute } from '../../http/defineRoute.js';
import { checkAuditRecords, type AuditRefusalReason } from '../../resources/auditRecords.js';
import { recordEvent } from '../../resources/events.js';

/** The bytes, or none (refused as malformed) when the string is not valid base64url (e.g. 1 char). */
function base64UrlOrEmpty(s: string): Uint8Array {
  try {
    return fromBase64Url(s);
  } catch {
    return new Uint8Array(0);
  }
}

export default defineRoute({
  ...cloudApi.phoneAuditUpload,
  handler: async ({ ctx, input }) => {
    const checked = await checkAuditRecords(ctx, input.records.map((r) => ({ lockId: r.lock_id, sealed: base64UrlOrEmpty(r.record) })));
    const refusals: { index: number; reason: AuditRefusalReason }[] = [];
    let recorded = 0;
    let duplicate = 0;
    ctx.db.transaction(() => {
      checked.forEach((c, index) => {
        if (c.ok === false) {
          refusals.push({ index, reason: c.reason });
          return;
        }
        const { lockId, acsEntranceId, record, credential } = c.value;
        if (record.op === CommandOp.FETCH_AUDIT) return; // audit fetches are not access attempts
        const granted = record.resultCode === ResultCode.GRANTED;
        // C4 (CLOUD.md): a record written while the lock's clock was unset (time 0) is dated at
        // upload and says so.
        const clockUnset = record.time === 0;
        const common = {
          connected_account_id: ctx.workspace.connected_account_id,
          acs_system_id: ctx.workspace.acs_system_id,
          keyrig_metadata: {
            lock_id: lockId, audit_sequence: record.sequence, credential_id: record.credentialId, access_grant_id: credential?.access_grant_id ?? null,
            result_code: record.resultCode, result: resultCodeName(record.resultCode) ?? 'UNKNOWN', floors: record.floors,
            lock_clock_unset: clockUnset,
          },
        };
        const fields = granted ? { ...common, method: 'unknown', is_via_bluetooth: true } : { ...common };
        const id = recordEvent(ctx, granted ? 'lock.unlocked' : 'lock.access_denied', fields, {
          // Lock time is whatever the lock's RTC said: unset (0) or past 9999-12-31 (a broken
          // lock) is not a time; the cloud's time stands in. Past year 9999 an ISO string needs an
          // expanded year ("+275760-…"), which is not an RFC 3339 date-time: Seam's event schema
          // (and ours, @keyrig/api) would refuse the event.
          occurred_at: record.time > 0 && record.time <= MAX_CLOCK_TIME_MS ? record.time : ctx.clock.now(),
          user_identity_id: credential?.user_identity_id ?? null,
          acs_entrance_id: acsEntranceId,
          // Only genuine (lock-signed) records get here, so the first relay of a sequence is the lock's own.
          dedupe_key: `audit:${lockId}:${record.sequence}`,
        });
        if (id !== null) recorded++;
        else duplicate++;
      });
    })();
    if (refusals.length > 0) {
      const byReason: Record<string, number> = {};
      for (const r of refusals) byReason[r.reason] = (byReason[r.reason] ?? 0) + 1;
      ctx.logger.info({ received: checked.length, refused: refusals.length, byReason }, 'audit records refused');
    }
    return { audit_upload: { received: checked.length, recorded, duplicate, refused: refusals.length, refusals } };
  },
});
