/** Requests of /instant_keys/* and /client_sessions/* (the operator's side of a key holder's access). */
import { z } from 'zod';
import { uuidParam } from './params.js';

export const instantKeysGetInput = z
  .object({ instant_key_id: uuidParam('instant_key_id').optional(), instant_key_url: z.string().min(1).optional() })
  .strict()
  .refine((i) => (i.instant_key_id === undefined) !== (i.instant_key_url === undefined), { message: 'give exactly one of instant_key_id or instant_key_url' });

export const instantKeysListInput = z.object({ user_identity_id: uuidParam('user_identity_id').optional() }).strict();

export const instantKeysDeleteInput = z.object({ instant_key_id: uuidParam('instant_key_id') }).strict();

export const clientSessionsGetInput = z.object({ client_session_id: uuidParam('client_session_id').optional(), user_identifier_key: z.string().optional() }).strict();

export const clientSessionsListInput = z.object({ user_identity_id: uuidParam('user_identity_id').optional() }).strict();

export const clientSessionsRevokeInput = z.object({ client_session_id: uuidParam('client_session_id') }).strict();
