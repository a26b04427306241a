/**
 * POST /acs/entrances/unlock — Seam's remote unlock needs a cloud_key credential and a lock the
 * cloud can reach. keyrig's locks are BLE-only and offline (PROTOCOL.md: nothing goes from the
 * cloud to a lock), and every credential is a mobile key, so this answers what Seam answers for
 * an unlock that cannot happen: a failed UNLOCK_DOOR action attempt with a clear error (the SDK
 * throws SeamActionAttemptFailedError at once, without polling). The entrance and the credential
 * must exist (404 otherwise). The attempt is not stored: keyrig has no /action_attempts/get.
 */
import { newId } from '../../../context.js';
import { defineRoute } from '../../../http/defineRoute.js';
import { getEntrance } from '../../../resources/entrances.js';
import { getAcsCredential } from '../../../resources/accessGrants.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.acsEntrancesUnlock,
  handler: ({ ctx, input }) => {
    const e = getEntrance(ctx, input.acs_entrance_id);
    getAcsCredential(ctx, input.acs_credential_id);
    return {
      action_attempt: {
        action_attempt_id: newId(ctx.rng),
        action_type: 'UNLOCK_DOOR' as const,
        status: 'error' as const,
        result: null,
        error: {
          type: 'cannot_unlock_remotely',
          message: `${e.display_name} cannot be unlocked remotely: keyrig locks are BLE-only and have no link to the cloud (can_unlock_with_cloud_key is false); the credential is a mobile key, used at the door by the holder's phone`,
        },
      },
    };
  },
});
