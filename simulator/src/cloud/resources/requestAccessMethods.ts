/**
 * Adding access methods to an existing grant (access_grants/request_access_methods). keyrig's
 * methods are mobile keys: each new one gets its ACS credential and is issued at once, with the
 * same events access_grants/create records per method (docs/CLOUD.md "Events").
 */
import type { CloudContext } from '../context.js';
import { newId } from '../context.js';
import { invalidInput } from '../http/SeamApiError.js';
import type { AccessGrantRow } from './accessGrants.js';
import { accessMethodEvent } from './lifecycleEvents.js';

/** Adds one mobile_key method per entry (inside the caller's transaction); returns their ids. A grant that has ended takes none. */
export function addMobileKeyMethods(ctx: CloudContext, g: AccessGrantRow, methods: readonly { instant_key_max_use_count?: number | undefined }[]): string[] {
  const now = ctx.clock.now();
  if (g.ends_at !== null && g.ends_at <= now) throw invalidInput(`access grant ${g.access_grant_id} has ended; create a new grant instead`);
  const ref = { access_grant_id: g.access_grant_id, user_identity_id: g.user_identity_id, access_grant_key: g.access_grant_key };
  const ids: string[] = [];
  for (const m of methods) {
    const methodId = newId(ctx.rng);
    ctx.db
      .prepare('INSERT INTO access_methods (access_method_id, workspace_id, access_grant_id, mode, instant_key_max_use_count, created_at, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(methodId, ctx.workspace.workspace_id, g.access_grant_id, 'mobile_key', m.instant_key_max_use_count ?? null, now, now);
    ctx.db
      .prepare('INSERT INTO acs_credentials (acs_credential_id, workspace_id, access_method_id, user_identity_id, created_at, issued_at) VALUES (?, ?, ?, ?, ?, NULL)')
      .run(newId(ctx.rng), ctx.workspace.workspace_id, methodId, g.user_identity_id, now);
    accessMethodEvent(ctx, 'access_method.created', methodId, ref);
    accessMethodEvent(ctx, 'access_method.issued', methodId, ref);
    ids.push(methodId);
  }
  return ids;
}
