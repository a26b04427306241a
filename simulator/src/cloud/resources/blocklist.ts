/**
 * Revocation (docs/CLOUD.md, "Revocation"): a revoked credential document that has not expired
 * yet is on the blocklist; every change bumps the blocklist version, which phones carry to
 * offline locks (PROTOCOL.md §9). All functions run inside the caller's transaction.
 */
import { signBlocklist, type ProviderSigningKey } from '@keyrig/protocol';
import type { CloudContext } from '../context.js';
import { recordEvent } from './events.js';

export function blocklistVersion(ctx: CloudContext): number {
  const row = ctx.db.prepare("SELECT value FROM meta WHERE key = 'blocklist_version'").get() as { value: string } | undefined;
  return row ? Number(row.value) : 0;
}

function bumpBlocklistVersion(ctx: CloudContext): number {
  const next = blocklistVersion(ctx) + 1;
  ctx.db.prepare("INSERT INTO meta (key, value) VALUES ('blocklist_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(String(next));
  return next;
}

/** Credential ids revoked and still unexpired (expired documents are refused by locks anyway). */
export function blocklistedCredentialIds(ctx: CloudContext): string[] {
  return (
    ctx.db.prepare('SELECT credential_id FROM credential_documents WHERE revoked_at IS NOT NULL AND not_after > ? ORDER BY credential_id').all(ctx.clock.now()) as {
      credential_id: string;
    }[]
  ).map((r) => r.credential_id);
}

/** The current complete blocklist, signed now (PROTOCOL.md §9): credential bundles and lock provisioning carry it. */
export async function signCurrentBlocklist(
  ctx: CloudContext,
  signer: ProviderSigningKey,
): Promise<{ version: number; revokedCredentialIds: string[]; signed: Uint8Array }> {
  const version = blocklistVersion(ctx);
  const revokedCredentialIds = blocklistedCredentialIds(ctx);
  const signed = await signBlocklist({ version, issuedAt: ctx.clock.now(), revokedCredentialIds }, signer);
  return { version, revokedCredentialIds, signed };
}

/**
 * Revokes the live (unrevoked, unexpired) documents matching `where` (an SQL condition on
 * credential_documents with `?` parameters); bumps the blocklist version when any were revoked.
 * Returns how many were revoked.
 */
export function revokeDocuments(ctx: CloudContext, where: string, params: unknown[], reason: string): number {
  const now = ctx.clock.now();
  const info = ctx.db
    .prepare(`UPDATE credential_documents SET revoked_at = ?, revoked_reason = ? WHERE revoked_at IS NULL AND not_after > ? AND (${where})`)
    .run(now, reason, now, ...params);
  if (info.changes > 0) bumpBlocklistVersion(ctx);
  return info.changes;
}

/** Removes an endpoint (phone) and revokes its documents. */
export function removeEndpoint(ctx: CloudContext, endpointId: string, reason: string): void {
  const removed = ctx.db.prepare('UPDATE endpoints SET removed_at = ? WHERE endpoint_id = ? AND removed_at IS NULL RETURNING user_identity_id').get(ctx.clock.now(), endpointId) as
    | { user_identity_id: string }
    | undefined;
  revokeDocuments(ctx, 'endpoint_id = ?', [endpointId], reason);
  // Seam's phone.deactivated (device_id: /phones/list's id for the endpoint), once per endpoint.
  if (removed) recordEvent(ctx, 'phone.deactivated', { device_id: endpointId }, { user_identity_id: removed.user_identity_id });
}

/** Revokes a client session: its tokens stop working, its endpoints are removed. True when it was live until now. */
export function revokeClientSession(ctx: CloudContext, clientSessionId: string, reason: string): boolean {
  const info = ctx.db.prepare('UPDATE client_sessions SET revoked_at = ? WHERE client_session_id = ? AND revoked_at IS NULL').run(ctx.clock.now(), clientSessionId);
  const endpoints = ctx.db.prepare('SELECT endpoint_id FROM endpoints WHERE client_session_id = ? AND removed_at IS NULL').all(clientSessionId) as { endpoint_id: string }[];
  for (const e of endpoints) removeEndpoint(ctx, e.endpoint_id, reason);
  return info.changes > 0;
}
