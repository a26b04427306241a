/** access_grant, access_method and acs_credential rows and their Seam representations. */
import type { CloudContext } from '../context.js';
import { iso, isoOrNull } from '../context.js';
import { notFound } from '../http/SeamApiError.js';
import { grantSpaceIds } from './grantSpaces.js';
import { instantKeyUrl, storedSecret } from './instantKeys.js';

export interface AccessGrantRow {
  access_grant_id: string;
  workspace_id: string;
  user_identity_id: string;
  access_grant_key: string | null;
  name: string | null;
  starts_at: number;
  ends_at: number | null;
  floors_json: string | null;
  created_at: number;
  /** Bumped on every change; no longer the key sequence (migration 3: sequences are per door). */
  revision: number;
  /** How the grant took its guest-room doors' key sequences (docs/CLOUD.md "Key sequences"). */
  key_mode: KeyMode;
  /** Migration 5: echoed on the grant, filters of access_grants/list. */
  reservation_key: string | null;
  customization_profile_id: string | null;
  space_ids_json: string | null;
}

/** override: a new guest, whose first use supersedes earlier keys at the door; joiner: shares the door's current sequence. */
export type KeyMode = 'override' | 'joiner';

export interface AccessMethodRow {
  access_method_id: string;
  workspace_id: string;
  access_grant_id: string;
  /** keyrig issues mobile keys only. */
  mode: 'mobile_key';
  instant_key_max_use_count: number | null;
  created_at: number;
  issued_at: number | null;
  /** The instant key delivered at grant time (migration 5); null when none or deleted. */
  instant_key_id: string | null;
}

export interface AcsCredentialRow {
  acs_credential_id: string;
  workspace_id: string;
  access_method_id: string;
  user_identity_id: string;
  created_at: number;
  issued_at: number | null;
}

export function grantEntranceIds(ctx: CloudContext, grantId: string): string[] {
  return (
    ctx.db.prepare('SELECT acs_entrance_id FROM access_grant_entrances WHERE access_grant_id = ? ORDER BY acs_entrance_id').all(grantId) as {
      acs_entrance_id: string;
    }[]
  ).map((r) => r.acs_entrance_id);
}

/** The grant's entrances (in id order) with the key sequence it holds for each (null where the entrance carries none). */
export function grantKeySequences(ctx: CloudContext, grantId: string): Map<string, number | null> {
  const rows = ctx.db.prepare('SELECT acs_entrance_id, key_sequence FROM access_grant_entrances WHERE access_grant_id = ? ORDER BY acs_entrance_id').all(grantId) as {
    acs_entrance_id: string;
    key_sequence: number | null;
  }[];
  return new Map(rows.map((r) => [r.acs_entrance_id, r.key_sequence]));
}

export function grantAccessMethods(ctx: CloudContext, grantId: string): AccessMethodRow[] {
  return ctx.db.prepare('SELECT * FROM access_methods WHERE access_grant_id = ? ORDER BY created_at, access_method_id').all(grantId) as AccessMethodRow[];
}

function grantName(g: AccessGrantRow): string {
  return g.name ?? `Access grant ${g.access_grant_id.slice(0, 8)}`;
}

/** The URL of the instant key an access method delivered, when that key still exists and its secret is stored. */
export function methodInstantKeyUrl(ctx: CloudContext, m: AccessMethodRow): string | null {
  if (m.instant_key_id === null) return null;
  const k = ctx.db.prepare('SELECT instant_key_id, secret_ciphertext FROM instant_keys WHERE instant_key_id = ?').get(m.instant_key_id) as
    | { instant_key_id: string; secret_ciphertext: Buffer | null }
    | undefined;
  const secret = k ? storedSecret(ctx, k) : null;
  return secret === null ? null : instantKeyUrl(ctx, secret);
}

export function toAccessGrant(ctx: CloudContext, g: AccessGrantRow) {
  const methods = grantAccessMethods(ctx, g.access_grant_id);
  // Seam: "Only returned if the Access Grant has a single mobile_key access_method".
  const url = methods.length === 1 ? methodInstantKeyUrl(ctx, methods[0]!) : null;
  const spaceIds = grantSpaceIds(g.space_ids_json);
  return {
    workspace_id: g.workspace_id,
    access_grant_id: g.access_grant_id,
    ...(g.access_grant_key !== null ? { access_grant_key: g.access_grant_key } : {}),
    ...(g.reservation_key !== null ? { reservation_key: g.reservation_key } : {}),
    ...(g.customization_profile_id !== null ? { customization_profile_id: g.customization_profile_id } : {}),
    ...(url !== null ? { instant_key_url: url } : {}),
    user_identity_id: g.user_identity_id,
    location_ids: spaceIds,
    space_ids: spaceIds,
    acs_entrance_ids: grantEntranceIds(ctx, g.access_grant_id),
    requested_access_methods: methods.map((m) => ({
      display_name: 'Mobile Key',
      mode: m.mode,
      created_at: iso(m.created_at),
      created_access_method_ids: [m.access_method_id],
      ...(m.instant_key_max_use_count !== null ? { instant_key_max_use_count: m.instant_key_max_use_count } : {}),
    })),
    access_method_ids: methods.map((m) => m.access_method_id),
    name: g.name,
    display_name: grantName(g),
    created_at: iso(g.created_at),
    starts_at: iso(g.starts_at),
    ends_at: isoOrNull(g.ends_at),
    warnings: [],
    errors: [],
    pending_mutations: [],
    keyrig_metadata: {
      floors: g.floors_json ? (JSON.parse(g.floors_json) as number[]) : null,
      key_mode: g.key_mode,
      /** Per guest-room door of the grant: the sequence its documents carry. */
      key_sequences: Object.fromEntries([...grantKeySequences(ctx, g.access_grant_id)].filter((e): e is [string, number] => e[1] !== null)),
    },
  };
}

export function toAccessMethod(ctx: CloudContext, m: AccessMethodRow) {
  const url = methodInstantKeyUrl(ctx, m);
  const profile = (ctx.db.prepare('SELECT customization_profile_id FROM access_grants WHERE access_grant_id = ?').get(m.access_grant_id) as
    | { customization_profile_id: string | null }
    | undefined)?.customization_profile_id ?? null;
  return {
    workspace_id: m.workspace_id,
    access_method_id: m.access_method_id,
    display_name: 'Mobile Key',
    mode: m.mode,
    created_at: iso(m.created_at),
    issued_at: isoOrNull(m.issued_at),
    is_issued: m.issued_at !== null,
    ...(url !== null ? { instant_key_url: url } : {}),
    ...(profile !== null ? { customization_profile_id: profile } : {}),
    warnings: [],
    errors: [],
    pending_mutations: [],
    keyrig_metadata: { access_grant_id: m.access_grant_id },
  };
}

export function toAcsCredential(ctx: CloudContext, c: AcsCredentialRow & { starts_at: number; ends_at: number | null }) {
  return {
    acs_credential_id: c.acs_credential_id,
    user_identity_id: c.user_identity_id,
    connected_account_id: ctx.workspace.connected_account_id,
    acs_system_id: ctx.workspace.acs_system_id,
    display_name: 'Mobile Key',
    is_one_time_use: false,
    is_issued: c.issued_at !== null,
    issued_at: isoOrNull(c.issued_at),
    access_method: 'mobile_key' as const,
    created_at: iso(c.created_at),
    workspace_id: c.workspace_id,
    starts_at: iso(c.starts_at),
    ...(c.ends_at !== null ? { ends_at: iso(c.ends_at) } : {}),
    errors: [],
    warnings: [],
    is_multi_phone_sync_credential: true,
    is_managed: true as const,
    keyrig_metadata: { access_method_id: c.access_method_id },
  };
}

export const ACS_CREDENTIAL_SELECT = `SELECT c.*, g.starts_at, g.ends_at, g.access_grant_id FROM acs_credentials c
  JOIN access_methods m USING (access_method_id) JOIN access_grants g ON g.access_grant_id = m.access_grant_id`;

export function getAccessGrant(ctx: CloudContext, id: string): AccessGrantRow {
  const row = ctx.db.prepare('SELECT * FROM access_grants WHERE access_grant_id = ? AND workspace_id = ?').get(id, ctx.workspace.workspace_id) as
    | AccessGrantRow
    | undefined;
  if (!row) throw notFound('access_grant', id);
  return row;
}

/** Grants of an identity that are valid now or later (a reload picks up future ones too). */
export function currentGrantsOf(ctx: CloudContext, userIdentityId: string): AccessGrantRow[] {
  return ctx.db
    .prepare('SELECT * FROM access_grants WHERE user_identity_id = ? AND (ends_at IS NULL OR ends_at > ?) ORDER BY created_at, access_grant_id')
    .all(userIdentityId, ctx.clock.now()) as AccessGrantRow[];
}

export function getAccessMethod(ctx: CloudContext, id: string): AccessMethodRow {
  const row = ctx.db.prepare('SELECT * FROM access_methods WHERE access_method_id = ? AND workspace_id = ?').get(id, ctx.workspace.workspace_id) as
    | AccessMethodRow
    | undefined;
  if (!row) throw notFound('access_method', id);
  return row;
}

/** An ACS credential with its grant's window and id (ACS_CREDENTIAL_SELECT). */
export type AcsCredentialWithGrant = AcsCredentialRow & { starts_at: number; ends_at: number | null; access_grant_id: string };

export function getAcsCredential(ctx: CloudContext, id: string): AcsCredentialWithGrant {
  const row = ctx.db.prepare(`${ACS_CREDENTIAL_SELECT} WHERE c.acs_credential_id = ? AND c.workspace_id = ?`).get(id, ctx.workspace.workspace_id) as
    | AcsCredentialWithGrant
    | undefined;
  if (!row) throw notFound('acs_credential', id);
  return row;
}
