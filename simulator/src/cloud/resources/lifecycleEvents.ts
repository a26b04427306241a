/**
 * Seam's lifecycle events for access grants, access methods, ACS credentials and client sessions,
 * with the payload fields of @seamapi/types (docs/CLOUD.md "Events"). Each is recorded by
 * recordEvent, so inside the caller's transaction and queued for matching webhooks.
 */
import type { CloudContext } from '../context.js';
import { iso } from '../context.js';
import { recordEvent } from './events.js';
import { revokeClientSession } from './blocklist.js';

/** What an event about a grant needs to know of it. */
export interface GrantRef {
  access_grant_id: string;
  user_identity_id: string;
  access_grant_key: string | null;
}

export type AccessMethodEventType = 'access_method.created' | 'access_method.issued' | 'access_method.reissued' | 'access_method.revoked' | 'access_method.deleted';

export function accessMethodEvent(ctx: CloudContext, type: AccessMethodEventType, accessMethodId: string, g: GrantRef): void {
  recordEvent(
    ctx,
    type,
    {
      access_method_id: accessMethodId,
      access_grant_ids: [g.access_grant_id],
      ...(g.access_grant_key !== null ? { access_grant_keys: [g.access_grant_key] } : {}),
    },
    { user_identity_id: g.user_identity_id },
  );
}

function grantEvent(ctx: CloudContext, type: string, g: GrantRef, acsEntranceId?: string): void {
  recordEvent(ctx, type, { access_grant_id: g.access_grant_id }, { user_identity_id: g.user_identity_id, acs_entrance_id: acsEntranceId ?? null });
}

export const grantCreatedEvent = (ctx: CloudContext, g: GrantRef): void => grantEvent(ctx, 'access_grant.created', g);
export const grantDeletedEvent = (ctx: CloudContext, g: GrantRef): void => grantEvent(ctx, 'access_grant.deleted', g);

/**
 * Doors a grant gained and lost: `access_granted_to_door` per gained door (acs_entrance_id set),
 * then `access_granted_to_all_doors` (keyrig grants a mobile key's doors at once: nothing waits
 * on a lock), and `access_to_door_lost` per lost door.
 */
export function doorEvents(ctx: CloudContext, g: GrantRef, gained: readonly string[], lost: readonly string[]): void {
  for (const e of lost) grantEvent(ctx, 'access_grant.access_to_door_lost', g, e);
  for (const e of gained) grantEvent(ctx, 'access_grant.access_granted_to_door', g, e);
  if (gained.length > 0) grantEvent(ctx, 'access_grant.access_granted_to_all_doors', g);
}

/** `access_grant.access_times_changed` with the new window (ends_at absent: open-ended). */
export function accessTimesChangedEvent(ctx: CloudContext, g: GrantRef, startsAt: number, endsAt: number | null): void {
  recordEvent(
    ctx,
    'access_grant.access_times_changed',
    {
      access_grant_id: g.access_grant_id,
      ...(g.access_grant_key !== null ? { access_grant_key: g.access_grant_key } : {}),
      starts_at: iso(startsAt),
      ...(endsAt !== null ? { ends_at: iso(endsAt) } : {}),
    },
    { user_identity_id: g.user_identity_id },
  );
}

/**
 * An access method that goes away (its grant deleted, or itself deleted): it is revoked (its
 * credential invalidated), then deleted with its credential.
 */
export function accessMethodGoneEvents(ctx: CloudContext, accessMethodId: string, acsCredentialId: string | null, g: GrantRef): void {
  const cred = (type: string, id: string) =>
    recordEvent(ctx, type, { acs_system_id: ctx.workspace.acs_system_id, acs_credential_id: id, connected_account_id: ctx.workspace.connected_account_id }, { user_identity_id: g.user_identity_id });
  accessMethodEvent(ctx, 'access_method.revoked', accessMethodId, g);
  if (acsCredentialId) cred('acs_credential.invalidated', acsCredentialId);
  accessMethodEvent(ctx, 'access_method.deleted', accessMethodId, g);
  if (acsCredentialId) cred('acs_credential.deleted', acsCredentialId);
}

/**
 * Revokes a client session (its tokens stop working, its phones lose their credentials) and
 * records `client_session.deleted` — once: a session already revoked records nothing.
 */
export function endClientSession(ctx: CloudContext, s: { client_session_id: string; user_identity_id: string }, reason: string): void {
  if (!revokeClientSession(ctx, s.client_session_id, reason)) return;
  recordEvent(ctx, 'client_session.deleted', { client_session_id: s.client_session_id }, { user_identity_id: s.user_identity_id });
}
