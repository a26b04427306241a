/** Requests of /events/* and /webhooks/*. */
import { z } from 'zod';
import { arrayParam, intParam, isoTimeParam, uuidParam } from './params.js';

const uuids = (name: string) => arrayParam(uuidParam(`${name}[]`)).refine((a) => a.length <= 100, `${name} takes at most 100 ids`).optional();

/**
 * Seam's 28 parameters (docs/CLOUD.md, "Compatibility"): filters on resources keyrig does not have
 * (devices, access codes, ACS users, access groups, encoders, Connect Webviews) match no event;
 * `customer_key` is accepted and ignored (keyrig has no customers).
 */
export const eventsListInput = z
  .object({
    customer_key: z.string().optional(),
    device_id: uuidParam('device_id').optional(),
    device_ids: uuids('device_ids'),
    acs_system_id: uuidParam('acs_system_id').optional(),
    acs_system_ids: uuids('acs_system_ids'),
    access_code_id: uuidParam('access_code_id').optional(),
    access_code_ids: uuids('access_code_ids'),
    connected_account_id: uuidParam('connected_account_id').optional(),
    connect_webview_id: uuidParam('connect_webview_id').optional(),
    acs_user_id: uuidParam('acs_user_id').optional(),
    space_id: uuidParam('space_id').optional(),
    space_ids: uuids('space_ids'),
    acs_access_group_id: uuidParam('acs_access_group_id').optional(),
    acs_encoder_id: uuidParam('acs_encoder_id').optional(),
    since: isoTimeParam('since').optional(),
    between: arrayParam(isoTimeParam('between[]')).refine((a) => a.length === 2, 'between needs exactly two times').optional(),
    event_type: z.string().min(1).optional(),
    event_types: arrayParam(z.string().min(1)).optional(),
    user_identity_id: uuidParam('user_identity_id').optional(),
    acs_entrance_id: uuidParam('acs_entrance_id').optional(),
    access_grant_id: uuidParam('access_grant_id').optional(),
    access_grant_ids: uuids('access_grant_ids'),
    access_method_id: uuidParam('access_method_id').optional(),
    access_method_ids: uuids('access_method_ids'),
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
