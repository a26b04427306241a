/** user_identity rows and their Seam representation. */
import type { CloudContext } from '../context.js';
import { iso } from '../context.js';
import { notFound } from '../http/SeamApiError.js';

export interface UserIdentityRow {
  user_identity_id: string;
  workspace_id: string;
  user_identity_key: string | null;
  email_address: string | null;
  phone_number: string | null;
  full_name: string | null;
  created_at: number;
}

export function toUserIdentity(row: UserIdentityRow) {
  return {
    user_identity_id: row.user_identity_id,
    user_identity_key: row.user_identity_key,
    email_address: row.email_address,
    phone_number: row.phone_number,
    display_name: row.full_name ?? row.email_address ?? row.phone_number ?? row.user_identity_key ?? row.user_identity_id,
    full_name: row.full_name,
    created_at: iso(row.created_at),
    workspace_id: row.workspace_id,
    errors: [],
    warnings: [],
    acs_user_ids: [],
  };
}

export function findUserIdentity(ctx: CloudContext, id: string): UserIdentityRow | undefined {
  return ctx.db
    .prepare('SELECT * FROM user_identities WHERE user_identity_id = ? AND workspace_id = ?')
    .get(id, ctx.workspace.workspace_id) as UserIdentityRow | undefined;
}

export function getUserIdentity(ctx: CloudContext, id: string): UserIdentityRow {
  const row = findUserIdentity(ctx, id);
  if (!row) throw notFound('user_identity', id);
  return row;
}

/** Unique-constraint failures to a 400 naming the field. */
export function uniqueViolationField(err: unknown): string | null {
  const message = err instanceof Error ? err.message : '';
  if (!/UNIQUE constraint failed/.test(message)) return null;
  if (message.includes('user_identity_key')) return 'user_identity_key';
  if (message.includes('email_address')) return 'email_address';
  if (message.includes('access_grant_key')) return 'access_grant_key';
  return 'a unique field';
}
