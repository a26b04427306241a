/**
 * Creating, changing and deleting access grants, with their access methods, ACS credentials,
 * events and revocations. Every function runs inside the caller's transaction.
 */
import type { CloudContext } from '../context.js';
import { newId } from '../context.js';
import { accessMethodEvent, type GrantRef, accessMethodGoneEvents, accessTimesChangedEvent, doorEvents, grantCreatedEvent, grantDeletedEvent } from './lifecycleEvents.js';
import { revokeDocuments } from './blocklist.js';
import { grantAccessMethods, grantKeySequences, type AccessGrantRow, type KeyMode } from './accessGrants.js';
import { carriesKeySequence, type EntranceRow } from './entrances.js';
import { coverNewGrant, followCoveredGrants, followingKeyExpiry, keysCovering } from './instantKeyExpiry.js';
import { insertInstantKey } from './instantKeys.js';

export interface NewAccessGrant {
  user_identity_id: string;
  acs_entrance_ids: string[];
  starts_at: number;
  ends_at: number | null;
  floors: number[] | null;
  name: string | null;
  access_grant_key: string | null;
  /** Default override (docs/CLOUD.md "Key sequences"). */
  key_mode?: KeyMode;
  /** One mobile_key access method per entry. */
  methods: { instant_key_max_use_count: number | null }[];
  reservation_key?: string | null;
  customization_profile_id?: string | null;
  /** Opaque space ids (grantSpaces.ts). */
  space_ids?: readonly string[];
}

/**
 * The key sequence a grant takes for an entrance (PROTOCOL.md §6, the hotel model): at a
 * guest-room door an override bumps the door's counter and takes the new value (its first use
 * at the lock supersedes every earlier guest's key), a joiner takes the current value (it opens
 * alongside the guest it joins); other entrances carry none (null).
 */
function takeKeySequence(ctx: CloudContext, entranceId: string, mode: KeyMode): number | null {
  const e = ctx.db.prepare('SELECT type, category FROM entrances WHERE acs_entrance_id = ?').get(entranceId) as Pick<EntranceRow, 'type' | 'category'>;
  if (!carriesKeySequence(e)) return null;
  const sql =
    mode === 'override'
      ? 'UPDATE entrances SET key_sequence = key_sequence + 1 WHERE acs_entrance_id = ? RETURNING key_sequence'
      : 'SELECT key_sequence FROM entrances WHERE acs_entrance_id = ?';
  return (ctx.db.prepare(sql).get(entranceId) as { key_sequence: number }).key_sequence;
}

/** Stores the grant's entrances; kept ones keep their sequence, new ones take one by the grant's mode. */
function setGrantEntrances(ctx: CloudContext, grantId: string, entranceIds: readonly string[], mode: KeyMode, keep: ReadonlyMap<string, number | null>): void {
  ctx.db.prepare('DELETE FROM access_grant_entrances WHERE access_grant_id = ?').run(grantId);
  const add = ctx.db.prepare('INSERT INTO access_grant_entrances (access_grant_id, acs_entrance_id, key_sequence) VALUES (?, ?, ?)');
  for (const e of new Set(entranceIds)) add.run(grantId, e, keep.has(e) ? keep.get(e)! : takeKeySequence(ctx, e, mode));
}

export function insertAccessGrant(ctx: CloudContext, g: NewAccessGrant): string {
  const now = ctx.clock.now();
  const id = newId(ctx.rng);
  const mode = g.key_mode ?? 'override';
  ctx.db
    .prepare(
      `INSERT INTO access_grants (access_grant_id, workspace_id, user_identity_id, access_grant_key, name, starts_at, ends_at, floors_json, created_at, key_mode,
         reservation_key, customization_profile_id, space_ids_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      id, ctx.workspace.workspace_id, g.user_identity_id, g.access_grant_key, g.name, g.starts_at, g.ends_at, g.floors ? JSON.stringify(g.floors) : null, now, mode,
      g.reservation_key ?? null, g.customization_profile_id ?? null, g.space_ids && g.space_ids.length > 0 ? JSON.stringify(g.space_ids) : null,
    );
  setGrantEntrances(ctx, id, g.acs_entrance_ids, mode, new Map());
  const ref = { access_grant_id: id, user_identity_id: g.user_identity_id, access_grant_key: g.access_grant_key };
  grantCreatedEvent(ctx, ref);
  coverNewGrant(ctx, g.user_identity_id, id);
  for (const m of g.methods) {
    const methodId = newId(ctx.rng);
    // A mobile key is issued as soon as it exists: the holder's next credential load carries it.
    ctx.db
      .prepare('INSERT INTO access_methods (access_method_id, workspace_id, access_grant_id, mode, instant_key_max_use_count, created_at, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(methodId, ctx.workspace.workspace_id, id, 'mobile_key', m.instant_key_max_use_count, now, now);
    ctx.db
      .prepare('INSERT INTO acs_credentials (acs_credential_id, workspace_id, access_method_id, user_identity_id, created_at, issued_at) VALUES (?, ?, ?, ?, ?, NULL)')
      .run(newId(ctx.rng), ctx.workspace.workspace_id, methodId, g.user_identity_id, now);
    deliverInstantKey(ctx, methodId, g, m.instant_key_max_use_count);
    accessMethodEvent(ctx, 'access_method.created', methodId, ref);
    accessMethodEvent(ctx, 'access_method.issued', methodId, ref);
  }
  // A mobile key's doors are granted at once (offline locks: nothing waits on a device).
  doorEvents(ctx, ref, [...new Set(g.acs_entrance_ids)].sort(), []);
  return id;
}

/**
 * The grant delivers the key (Seam's hospitality flow): each mobile_key access method gets an
 * instant key at grant time, whose URL the grant and the method return. It is a key that follows
 * the identity's grants (instantKeyExpiry.ts, C1), usable by `instant_key_max_use_count` devices
 * (default 1, as Seam), with the grant's customization profile.
 */
function deliverInstantKey(ctx: CloudContext, accessMethodId: string, g: NewAccessGrant, maxUseCount: number | null): void {
  const { instant_key_id } = insertInstantKey(ctx, {
    user_identity_id: g.user_identity_id,
    max_use_count: maxUseCount ?? 1,
    expires_at: followingKeyExpiry(ctx, g.user_identity_id),
    follows_grants: true,
    customization: null,
    customization_profile_id: g.customization_profile_id ?? null,
  });
  ctx.db.prepare('UPDATE access_methods SET instant_key_id = ? WHERE access_method_id = ?').run(instant_key_id, accessMethodId);
}

/**
 * Applies a changed window/entrance set. Issued documents the new grant no longer covers
 * (shortened, moved, entrance removed) are revoked; documents still inside it stay valid, and the
 * holder's next load brings documents for the new window (reissue). Key sequences are kept (an
 * extension is the same guest: no bump, so it supersedes nobody); an added door takes one by the
 * grant's key mode. Events: the new window (access_times_changed), doors lost and gained, and
 * access_method.reissued for each of its methods when the window or the doors changed.
 */
export function changeAccessGrant(
  ctx: CloudContext,
  g: AccessGrantRow,
  change: { starts_at: number; ends_at: number | null; acs_entrance_ids: string[] | null; name?: string | null },
): void {
  ctx.db
    .prepare('UPDATE access_grants SET starts_at = ?, ends_at = ?, name = coalesce(?, name), revision = revision + 1 WHERE access_grant_id = ?')
    .run(change.starts_at, change.ends_at, change.name ?? null, g.access_grant_id);
  const before = grantKeySequences(ctx, g.access_grant_id);
  if (change.acs_entrance_ids) setGrantEntrances(ctx, g.access_grant_id, change.acs_entrance_ids, g.key_mode, before);
  const after = new Set(change.acs_entrance_ids ?? before.keys());
  const lost = [...before.keys()].filter((e) => !after.has(e)).sort();
  const gained = [...after].filter((e) => !before.has(e)).sort();
  const timesChanged = change.starts_at !== g.starts_at || change.ends_at !== g.ends_at;
  if (timesChanged) accessTimesChangedEvent(ctx, g, change.starts_at, change.ends_at);
  doorEvents(ctx, g, gained, lost);
  if (timesChanged || lost.length > 0 || gained.length > 0) {
    for (const m of grantAccessMethods(ctx, g.access_grant_id)) accessMethodEvent(ctx, 'access_method.reissued', m.access_method_id, g);
  }
  // Keys that follow this grant follow the change, expired ones too (CLOUD.md, C1).
  for (const k of keysCovering(ctx, g.access_grant_id)) followCoveredGrants(ctx, k);
  const end = change.ends_at ?? Number.MAX_SAFE_INTEGER;
  const revoked = revokeDocuments(
    ctx,
    `access_grant_id = ? AND (not_before < ? OR not_after > ? OR acs_entrance_id NOT IN (SELECT acs_entrance_id FROM access_grant_entrances WHERE access_grant_id = ?))`,
    [g.access_grant_id, change.starts_at, end, g.access_grant_id],
    'access grant changed',
  );
  if (revoked > 0) {
    ctx.db.prepare('UPDATE credential_documents SET superseded_at = ? WHERE access_grant_id = ? AND revoked_at IS NOT NULL AND superseded_at IS NULL').run(ctx.clock.now(), g.access_grant_id);
  }
}

/** Deletes a grant: its documents are revoked, its access methods and credentials go with it. */
export function deleteAccessGrant(ctx: CloudContext, g: AccessGrantRow): void {
  revokeDocuments(ctx, 'access_grant_id = ?', [g.access_grant_id], 'access grant deleted');
  for (const m of grantAccessMethods(ctx, g.access_grant_id)) {
    const cred = ctx.db.prepare('SELECT acs_credential_id FROM acs_credentials WHERE access_method_id = ?').get(m.access_method_id) as
      | { acs_credential_id: string }
      | undefined;
    accessMethodGoneEvents(ctx, m.access_method_id, cred?.acs_credential_id ?? null, g);
  }
  const following = keysCovering(ctx, g.access_grant_id);
  ctx.db.prepare('DELETE FROM access_grants WHERE access_grant_id = ?').run(g.access_grant_id);
  // The key's expiry is the latest end of the covered grants not deleted (none left: it stays).
  for (const k of following) followCoveredGrants(ctx, k);
  grantDeletedEvent(ctx, g);
}

/**
 * Deletes one access method (and its ACS credential). A grant with no mobile-key method left is
 * no longer delivered, so its issued documents are revoked.
 */
export function revokeAccessMethod(ctx: CloudContext, m: { access_method_id: string; access_grant_id: string }, why: string): void {
  const g = ctx.db.prepare('SELECT access_grant_id, user_identity_id, access_grant_key FROM access_grants WHERE access_grant_id = ?').get(m.access_grant_id) as GrantRef;
  const cred = ctx.db.prepare('SELECT acs_credential_id FROM acs_credentials WHERE access_method_id = ?').get(m.access_method_id) as { acs_credential_id: string } | undefined;
  ctx.db.prepare('DELETE FROM access_methods WHERE access_method_id = ?').run(m.access_method_id);
  const left = ctx.db.prepare('SELECT count(*) AS n FROM access_methods WHERE access_grant_id = ?').get(m.access_grant_id) as { n: number };
  if (left.n === 0) revokeDocuments(ctx, 'access_grant_id = ?', [m.access_grant_id], `access method ${why}`);
  accessMethodGoneEvents(ctx, m.access_method_id, cred?.acs_credential_id ?? null, g);
}
