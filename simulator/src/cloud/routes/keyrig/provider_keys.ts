/**
 * keyrig administration (API key): provider signing keys and lock provisioning.
 * POST /keyrig/provider_keys/list, /keyrig/provider_keys/rotate, /keyrig/locks/provisioning.
 */
import { defineRoute } from '../../http/defineRoute.js';
import { buildProvisioningFile } from '../../keys/provisionLocks.js';
import { cloudApi } from '@keyrig/api';

export const providerKeysList = defineRoute({
  ...cloudApi.providerKeysList,
  handler: ({ ctx }) => ({ provider_keys: ctx.keyring.verificationKeys() }),
});

export const providerKeysRotate = defineRoute({
  ...cloudApi.providerKeysRotate,
  handler: async ({ ctx }) => {
    const kid = await ctx.keyring.rotate();
    return { provider_keys: ctx.keyring.verificationKeys(), active_kid: kid };
  },
});

/** Holds every lock's private key: only for the API key holder, and never logged. */
export const locksProvisioning = defineRoute({
  ...cloudApi.locksProvisioning,
  handler: async ({ ctx }) => ({ provisioning: await buildProvisioningFile(ctx) }),
});
