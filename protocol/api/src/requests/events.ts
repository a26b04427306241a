/** Requests of /events/* and /webhooks/*. */
import { z } from 'zod';
import { arrayParam, intParam, isoTimeParam, uuidParam } from './params.js';

export const eventsListInput = z
  .object({
    since: isoTimeParam('since').optional(),
    between: arrayParam(isoTimeParam('between[]')).refine((a) => a.length === 2, 'between needs exactly two times').optional(),
    event_type: z.string().min(1).optional(),
    event_types: arrayParam(z.string().min(1)).optional(),
    user_identity_id: uuidParam('user_identity_id').optional(),
    acs_entrance_id: uuidParam('acs_entrance_id').optional(),
    access_grant_id: uuidParam('access_grant_id').optional(),
    access_grant_ids: arrayParam(uuidParam('access_grant_ids[]')).optional(),
    access_method_id: uuidParam('access_method_id').optional(),
    access_method_ids: arrayParam(uuidParam('access_method_ids[]')).optional(),
    acs_credential_id: uuidParam('acs_credential_id').optional(),
    event_ids: arrayParam(uuidParam('event_ids[]')).optional(),
    limit: intParam('limit', 1, 10_000).optional(),
    unstable_offset: intParam('unstable_offset', 0, Number.MAX_SAFE_INTEGER).optional(),
  })
  .strict();

export const eventsGetInput = z.object({ event_id: uuidParam('event_id') }).strict();

export const webhooksCreateInput = z
  .object({
    url: z.string().url('url must be an absolute http(s) URL').refine((u) => /^https?:\/\//.test(u), 'url must be http or https'),
    event_types: arrayParam(z.string().min(1)).optional(),
  })
  .strict();

export const webhooksGetInput = z.object({ webhook_id: uuidParam('webhook_id') }).strict();

export const webhooksDeleteInput = z.object({ webhook_id: uuidParam('webhook_id') }).strict();
