/**
 * keyrig administration (API key): provider signing keys and lock provisioning.
 * POST /keyrig/provider_keys/list, /keyrig/provider_keys/rotate, /keyrig/locks/provisioning.
 */
import { z } from 'zod';
import { defineRoute } from '../../http/defineRoute.js';
import { buildProvisioningFile } from '../../keys/provisionLocks.js';

export const providerKeysList = defineRoute({
  path: '/keyrig/provider_keys/list',
  auth: ['api_key'],
  input: z.object({}).strict(),
  handler: ({ ctx }) => ({ provider_keys: ctx.keyring.verificationKeys() }),
});

export const providerKeysRotate = defineRoute({
  path: '/keyrig/provider_keys/rotate',
  auth: ['api_key'],
  input: z.object({}).strict(),
  handler: async ({ ctx }) => {
    const kid = await ctx.keyring.rotate();
    return { provider_keys: ctx.keyring.verificationKeys(), active_kid: kid };
  },
});

/** Holds every lock's private key: only for the API key holder, and never logged. */
export const locksProvisioning = defineRoute({
  path: '/keyrig/locks/provisioning',
  auth: ['api_key'],
  input: z.object({}).strict(),
  handler: async ({ ctx }) => ({ provisioning: await buildProvisioningFile(ctx) }),
});
