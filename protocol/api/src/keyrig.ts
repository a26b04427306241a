/** Responses of keyrig's own routes: /phones/*, /keyrig/* and the test control routes under /_keyrig/. */
import * as z from 'zod/mini';
import { dateTime, providerKeySchema } from './common.js';
import { endpointSchema } from './keyHolder.js';

/** An operator's view of a key holder's device: the endpoint under Seam's `device_id`. */
export const phoneSchema = z.extend(endpointSchema, { device_id: z.string() });
export type PhoneJson = z.infer<typeof phoneSchema>;

export const phonesListResponse = z.object({ phones: z.array(phoneSchema) });

export const providerKeysListResponse = z.object({ provider_keys: z.array(providerKeySchema) });
export const providerKeysRotateResponse = z.object({ provider_keys: z.array(providerKeySchema), active_kid: z.string() });

/**
 * Every lock's provisioning (keys, certificate, schedule). Its full schema is the lock's
 * (simulator/src/property/provisioning.ts, checked where a lock loads it); here the envelope.
 */
export const provisioningFileSchema = z.looseObject({
  version: z.literal(1),
  property_name: z.string(),
  generated_at: dateTime,
  locks: z.array(z.looseObject({ lock_id: z.string(), acs_entrance_id: z.string() })),
});

export const locksProvisioningResponse = z.object({ provisioning: provisioningFileSchema });

/** /_keyrig/clock/*: the cloud's (simulated) time. */
export const clockResponse = z.object({ clock: z.object({ time: dateTime }) });

/** /_keyrig/outage/*: whether every non-control route answers 503. */
export const outageResponse = z.object({ outage: z.object({ active: z.boolean(), message: z.optional(z.string()) }) });
