/**
 * The key holder's credential load (docs/CLOUD.md, "Key-holder flow"): one provider-signed
 * credential document (PROTOCOL.md §6) per active grant x entrance, bound to the endpoint's
 * public key, plus the signed blocklist and time sync (§9) and the provider verification keys.
 *
 * Documents are reused across loads while their grant is unchanged, so a credential id stays
 * stable; a changed grant gets new documents. Key sequences (PROTOCOL.md §6, the hotel model) are
 * the grant's per guest-room door (taken at creation: override or joiner, grantLifecycle.ts);
 * documents for other entrances carry none, so nobody is ever superseded there.
 */
import {
  signCredentialDocument,
  signTimeSync,
  toBase64Url,
  toScheduleWindows,
  type CredentialDocumentFields,
} from '@keyrig/protocol';
import type { CloudContext } from '../context.js';
import { iso, newId } from '../context.js';
import { currentGrantsOf, grantKeySequences, type AccessGrantRow } from './accessGrants.js';
import { signCurrentBlocklist } from './blocklist.js';
import { carriesKeySequence, getEntrance, type Entrance } from './entrances.js';
import { recordEvent } from './events.js';
import { describeSchedule } from '../../property/schedule.js';

/** Validity of a document for a grant without an end: the holder revalidates (reloads) within it. */
export const OPEN_ENDED_VALIDITY_MS = 30 * 24 * 3600_000;

interface DocRow {
  credential_id: string;
  endpoint_id: string;
  access_grant_id: string;
  acs_entrance_id: string;
  user_identity_id: string;
  not_before: number;
  not_after: number;
  floors_json: string | null;
  /** The sequence for every lock of the entrance; null: the document carries none. */
  key_sequence: number | null;
  document: Buffer | null;
  kid: string | null;
  issued_at: number;
}

export interface EndpointRef {
  endpoint_id: string;
  user_identity_id: string;
  public_key: Uint8Array;
}

function floorsFor(grant: AccessGrantRow, e: Entrance): number[] {
  if (e.type !== 'elevator' || !e.floors) return [];
  const allowed = grant.floors_json ? (JSON.parse(grant.floors_json) as number[]) : e.floors;
  return e.floors.filter((f) => allowed.includes(f));
}

/** Sync part, in one transaction: decide which documents the endpoint should hold, creating rows for new ones. */
function planDocuments(ctx: CloudContext, ep: EndpointRef): DocRow[] {
  const now = ctx.clock.now();
  const rows: DocRow[] = [];
  const grants = currentGrantsOf(ctx, ep.user_identity_id).filter(
    (g) => (ctx.db.prepare('SELECT count(*) AS n FROM access_methods WHERE access_grant_id = ?').get(g.access_grant_id) as { n: number }).n > 0,
  );
  for (const g of grants) {
    const sequences = grantKeySequences(ctx, g.access_grant_id);
    for (const entranceId of sequences.keys()) {
      const e = getEntrance(ctx, entranceId);
      if (e.hours !== null && e.hours.length === 0) continue; // never open: nothing to issue
      const floors = JSON.stringify(floorsFor(g, e));
      const keySequence = carriesKeySequence(e) ? (sequences.get(entranceId) ?? null) : null;
      const live = ctx.db
        .prepare('SELECT * FROM credential_documents WHERE endpoint_id = ? AND access_grant_id = ? AND acs_entrance_id = ? AND revoked_at IS NULL AND superseded_at IS NULL')
        .get(ep.endpoint_id, g.access_grant_id, entranceId) as DocRow | undefined;
      const wantedEnd = g.ends_at ?? now + OPEN_ENDED_VALIDITY_MS;
      const fresh =
        live !== undefined &&
        live.not_before === g.starts_at &&
        live.key_sequence === keySequence &&
        live.floors_json === floors &&
        (g.ends_at !== null ? live.not_after === g.ends_at : live.not_after - now > OPEN_ENDED_VALIDITY_MS / 2);
      if (fresh) {
        rows.push(live);
        continue;
      }
      if (live) ctx.db.prepare('UPDATE credential_documents SET superseded_at = ? WHERE credential_id = ?').run(now, live.credential_id);
      const row: DocRow = {
        credential_id: newId(ctx.rng), endpoint_id: ep.endpoint_id, access_grant_id: g.access_grant_id, acs_entrance_id: entranceId,
        user_identity_id: ep.user_identity_id, not_before: g.starts_at, not_after: wantedEnd, floors_json: floors,
        key_sequence: keySequence, document: null, kid: null, issued_at: now,
      };
      ctx.db
        .prepare(
          `INSERT INTO credential_documents (credential_id, endpoint_id, access_grant_id, acs_entrance_id, user_identity_id, not_before, not_after, floors_json, key_sequence, issued_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(row.credential_id, row.endpoint_id, row.access_grant_id, row.acs_entrance_id, row.user_identity_id, row.not_before, row.not_after, row.floors_json, row.key_sequence, row.issued_at);
      rows.push(row);
    }
    // First delivery of this grant's mobile key: the ACS credential is now issued (Seam's acs_credential.issued).
    const creds = ctx.db
      .prepare('SELECT c.acs_credential_id FROM acs_credentials c JOIN access_methods m USING (access_method_id) WHERE m.access_grant_id = ? AND c.issued_at IS NULL')
      .all(g.access_grant_id) as { acs_credential_id: string }[];
    for (const c of creds) {
      ctx.db.prepare('UPDATE acs_credentials SET issued_at = ? WHERE acs_credential_id = ?').run(now, c.acs_credential_id);
      recordEvent(ctx, 'acs_credential.issued', { acs_system_id: ctx.workspace.acs_system_id, acs_credential_id: c.acs_credential_id, connected_account_id: ctx.workspace.connected_account_id }, { user_identity_id: g.user_identity_id });
    }
  }
  ctx.db.prepare('UPDATE endpoints SET last_loaded_at = ? WHERE endpoint_id = ?').run(now, ep.endpoint_id);
  return rows;
}

/** Builds the credential bundle for one endpoint (signing new documents with the active provider key). */
export async function loadCredentialBundle(ctx: CloudContext, ep: EndpointRef) {
  const rows = ctx.db.transaction(() => planDocuments(ctx, ep))();
  const signer = ctx.keyring.signingKey();
  const credentials = [];
  const signed: [string, Uint8Array][] = [];
  for (const row of rows) {
    const e = getEntrance(ctx, row.acs_entrance_id);
    let document: Uint8Array;
    if (row.document) {
      document = new Uint8Array(row.document);
    } else {
      const fields: CredentialDocumentFields = {
        credentialId: row.credential_id,
        userIdentityId: row.user_identity_id,
        accessGrantId: row.access_grant_id,
        endpointPublicKey: ep.public_key,
        entrances: e.lock_ids,
        floors: JSON.parse(row.floors_json ?? '[]') as number[],
        notBefore: row.not_before,
        notAfter: row.not_after,
        schedule: toScheduleWindows(e.hours),
        keySequences: row.key_sequence === null ? {} : Object.fromEntries(e.lock_ids.map((l) => [l, row.key_sequence!])),
        issuedAt: row.issued_at,
      };
      document = await signCredentialDocument(fields, signer);
      signed.push([row.credential_id, document]);
    }
    credentials.push({
      credential_id: row.credential_id,
      access_grant_id: row.access_grant_id,
      acs_entrance_id: row.acs_entrance_id,
      entrance_name: e.display_name,
      entrance_type: e.type,
      lock_ids: e.lock_ids,
      floors: JSON.parse(row.floors_json ?? '[]') as number[],
      hours: e.hours,
      hours_description: describeSchedule(e.hours),
      time_zone: e.time_zone,
      starts_at: iso(row.not_before),
      ends_at: iso(row.not_after),
      key_sequence: row.key_sequence,
      issued_at: iso(row.issued_at),
      document: toBase64Url(document),
    });
  }
  if (signed.length > 0) {
    // One commit for all new documents (each commit is an fsync with synchronous=FULL).
    const store = ctx.db.prepare('UPDATE credential_documents SET document = ?, kid = ? WHERE credential_id = ?');
    ctx.db.transaction(() => {
      for (const [id, bytes] of signed) store.run(Buffer.from(bytes), signer.keyId, id);
    })();
  }
  const now = ctx.clock.now();
  const { version, revokedCredentialIds: revoked, signed: blocklist } = await signCurrentBlocklist(ctx, signer);
  const timeSync = await signTimeSync({ time: now }, signer);
  ctx.logger.debug(
    { endpointId: ep.endpoint_id, credentials: credentials.length, blocklistVersion: version, revoked: revoked.length, kid: signer.keyId },
    'credential bundle issued',
  );
  return {
    endpoint_id: ep.endpoint_id,
    user_identity_id: ep.user_identity_id,
    issued_at: iso(now),
    credentials,
    blocklist: { version, revoked_credential_ids: revoked, signed: toBase64Url(blocklist) },
    time_sync: { time: iso(now), signed: toBase64Url(timeSync) },
    provider_keys: ctx.keyring.verificationKeys(),
  };
}

