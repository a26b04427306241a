/**
 * POST /user_identities/delete — deletes the identity with its grants, instant keys and client
 * sessions; every credential it held is revoked (blocklisted).
 */
import { defineRoute } from '../../http/defineRoute.js';
import { getUserIdentity } from '../../resources/userIdentities.js';
import { deleteAccessGrant } from '../../resources/grantLifecycle.js';
import { deleteInstantKey } from '../../resources/instantKeys.js';
import { endClientSession } from '../../resources/lifecycleEvents.js';
import type { AccessGrantRow } from '../../resources/accessGrants.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.userIdentitiesDelete,
  handler: ({ ctx, input }) => {
    const id = getUserIdentity(ctx, input.user_identity_id).user_identity_id;
    ctx.db.transaction(() => {
      for (const g of ctx.db.prepare('SELECT * FROM access_grants WHERE user_identity_id = ?').all(id) as AccessGrantRow[]) {
        deleteAccessGrant(ctx, g);
      }
      for (const k of ctx.db.prepare('SELECT instant_key_id FROM instant_keys WHERE user_identity_id = ?').all(id) as { instant_key_id: string }[]) {
        deleteInstantKey(ctx, k.instant_key_id, 'user identity deleted');
      }
      const sessions = ctx.db.prepare('SELECT client_session_id, user_identity_id FROM client_sessions WHERE user_identity_id = ?').all(id) as { client_session_id: string; user_identity_id: string }[];
      for (const s of sessions) {
        endClientSession(ctx, s, 'user identity deleted');
        ctx.db.prepare('DELETE FROM client_session_tokens WHERE client_session_id = ?').run(s.client_session_id);
      }
      ctx.db.prepare('UPDATE endpoints SET removed_at = coalesce(removed_at, ?) WHERE user_identity_id = ?').run(ctx.clock.now(), id);
      ctx.db.prepare('DELETE FROM client_sessions WHERE user_identity_id = ?').run(id);
      ctx.db.prepare('DELETE FROM user_identities WHERE user_identity_id = ?').run(id);
    })();
    return {};
  },
});
