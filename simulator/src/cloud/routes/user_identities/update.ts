/** POST /user_identities/update — set the given fields (null clears). */
import { defineRoute } from '../../http/defineRoute.js';
import { invalidInput } from '../../http/SeamApiError.js';
import { getUserIdentity, uniqueViolationField } from '../../resources/userIdentities.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.userIdentitiesUpdate,
  handler: ({ ctx, input }) => {
    getUserIdentity(ctx, input.user_identity_id);
    const { user_identity_id, ...fields } = input;
    const sets = Object.entries(fields).filter(([, v]) => v !== undefined);
    if (sets.length > 0) {
      try {
        ctx.db
          .prepare(`UPDATE user_identities SET ${sets.map(([k]) => `${k} = ?`).join(', ')} WHERE user_identity_id = ?`)
          .run(...sets.map(([, v]) => v ?? null), user_identity_id);
      } catch (err) {
        const field = uniqueViolationField(err);
        if (field) throw invalidInput(`a user identity with this ${field} already exists`);
        throw err;
      }
    }
    return {};
  },
});
