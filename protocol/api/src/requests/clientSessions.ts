/**
 * Requests of /client_sessions/create, /get_or_create and /delete. A keyrig client session belongs
 * to one user identity (it reaches that identity's key-holder routes); Seam's connected accounts,
 * Connect Webviews and bare `user_identifier_key` sessions have nothing to reach in keyrig.
 */
import { z } from 'zod';
import { arrayParam, isoTimeParam, uuidParam } from './params.js';

const none = (name: string) =>
  arrayParam(z.string()).refine((a) => a.length === 0, `keyrig has no ${name}: a client session belongs to a user identity (user_identity_id)`).optional();

const sessionFields = {
  user_identity_id: uuidParam('user_identity_id').optional(),
  /** Seam's deprecated form: exactly one id. */
  user_identity_ids: arrayParam(uuidParam('user_identity_ids[]')).refine((a) => a.length === 1, 'user_identity_ids takes exactly one id (use user_identity_id)').optional(),
  expires_at: isoTimeParam('expires_at').optional(),
  connected_account_ids: none('connected accounts'),
  connect_webview_ids: none('Connect Webviews'),
};

function oneIdentity<T extends { user_identity_id?: string; user_identity_ids?: string[] }>(i: T): boolean {
  return i.user_identity_id !== undefined || i.user_identity_ids !== undefined;
}
const needsIdentity = { message: 'keyrig client sessions belong to a user identity: give user_identity_id' };

export const clientSessionsCreateInput = z.object(sessionFields).strict().refine(oneIdentity, needsIdentity);
export const clientSessionsGetOrCreateInput = z.object(sessionFields).strict().refine(oneIdentity, needsIdentity);
export const clientSessionsDeleteInput = z.object({ client_session_id: uuidParam('client_session_id') }).strict();
