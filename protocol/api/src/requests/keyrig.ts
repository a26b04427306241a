/** Requests of keyrig's own routes: /phones/*, /keyrig/* and the test control routes under /_keyrig/. */
import { z } from 'zod';
import { intParam, isoTimeParam, uuidParam } from './params.js';

export const phonesDeactivateInput = z.object({ device_id: uuidParam('device_id') }).strict();

export const phonesListInput = z.object({ owner_user_identity_id: uuidParam('owner_user_identity_id').optional() }).strict();

export const clockAdvanceInput = z.object({ ms: intParam('ms', -10 * 365 * 86_400_000, 10 * 365 * 86_400_000) }).strict();

export const clockSetInput = z.object({ time: isoTimeParam('time') }).strict();

export const outageStartInput = z.object({ message: z.string().max(200).optional() }).strict();
