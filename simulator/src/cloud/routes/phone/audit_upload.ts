/**
 * POST /phone/audit/upload — the phone relays audit records it fetched from locks (PROTOCOL.md
 * §10). Each becomes a Seam event: lock.unlocked (is_via_bluetooth) for GRANTED, else
 * lock.access_denied, with entrance and identity. Records are deduplicated per lock and sequence,
 * so a retried upload records nothing twice.
 */
import { CommandOp, decodeAuditRecord, fromBase64Url, MAX_CLOCK_TIME_MS, NO_CREDENTIAL_ID, ResultCode, resultCodeName, type AuditRecord } from '@keyrig/protocol';
import { defineRoute } from '../../http/defineRoute.js';
import { invalidInput } from '../../http/SeamApiError.js';
import { recordEvent } from '../../resources/events.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.phoneAuditUpload,
  handler: ({ ctx, input }) => {
    const decoded: { lock_id: string; record: AuditRecord }[] = input.records.map((r, i) => {
      try {
        return { lock_id: r.lock_id, record: decodeAuditRecord(fromBase64Url(r.record)) };
      } catch (err) {
        throw invalidInput(`records.${i}.record is not an audit record (PROTOCOL.md §10): ${(err as Error).message}`);
      }
    });
    let accepted = 0;
    ctx.db.transaction(() => {
      for (const { lock_id, record } of decoded) {
        if (record.op === CommandOp.FETCH_AUDIT) continue; // audit fetches are not access attempts
        const lock = ctx.db.prepare('SELECT acs_entrance_id FROM locks WHERE lock_id = ?').get(lock_id) as { acs_entrance_id: string } | undefined;
        const doc = record.credentialId === NO_CREDENTIAL_ID ? undefined
          : (ctx.db.prepare('SELECT user_identity_id, access_grant_id FROM credential_documents WHERE credential_id = ?').get(record.credentialId) as { user_identity_id: string; access_grant_id: string } | undefined);
        const granted = record.resultCode === ResultCode.GRANTED;
        // C4 (CLOUD.md): a record written while the lock's clock was unset (time 0) is dated at
        // upload and says so.
        const clockUnset = record.time === 0;
        const common = {
          connected_account_id: ctx.workspace.connected_account_id,
          acs_system_id: ctx.workspace.acs_system_id,
          keyrig_metadata: {
            lock_id, audit_sequence: record.sequence, credential_id: record.credentialId, access_grant_id: doc?.access_grant_id ?? null,
            result_code: record.resultCode, result: resultCodeName(record.resultCode) ?? 'UNKNOWN', floors: record.floors,
            lock_clock_unset: clockUnset,
          },
        };
        const fields = granted ? { ...common, method: 'unknown', is_via_bluetooth: true } : { ...common };
        const id = recordEvent(ctx, granted ? 'lock.unlocked' : 'lock.access_denied', fields, {
          // Lock time is whatever the lock's RTC said: unset (0) or past 9999-12-31 (a broken or
          // hostile lock) is not a time; the cloud's time stands in. Past year 9999 an ISO string
          // needs an expanded year ("+275760-…"), which is not an RFC 3339 date-time: Seam's event
          // schema (and ours, @keyrig/api) would refuse the event.
          occurred_at: record.time > 0 && record.time <= MAX_CLOCK_TIME_MS ? record.time : ctx.clock.now(),
          user_identity_id: doc?.user_identity_id ?? null,
          acs_entrance_id: lock?.acs_entrance_id ?? null,
          dedupe_key: `audit:${lock_id}:${record.sequence}`,
        });
        if (id !== null) accepted++;
      }
    })();
    return { audit_upload: { received: decoded.length, recorded: accepted } };
  },
});
