/** Key-holder endpoints (a phone's or browser's registered P-256 key). */
import { iso, isoOrNull } from '../../context.js';
import type { CloudContext } from '../../context.js';
import type { Caller } from '../../auth/authenticate.js';
import { notFound } from '../../http/SeamApiError.js';

export interface EndpointRow {
  endpoint_id: string; instant_key_id: string; client_session_id: string; user_identity_id: string;
  public_key: string; public_key_thumbprint: string; user_agent: string | null;
  created_at: number; last_loaded_at: number | null; removed_at: number | null;
}

export function toEndpoint(e: EndpointRow) {
  return {
    endpoint_id: e.endpoint_id,
    instant_key_id: e.instant_key_id,
    user_identity_id: e.user_identity_id,
    public_key: e.public_key,
    public_key_thumbprint: e.public_key_thumbprint,
    user_agent: e.user_agent,
    created_at: iso(e.created_at),
    last_loaded_at: isoOrNull(e.last_loaded_at),
    is_removed: e.removed_at !== null,
  };
}

/** An endpoint of the calling client session's identity (least privilege: never another holder's). */
export function getOwnEndpoint(ctx: CloudContext, caller: Caller | null, id: string): EndpointRow {
  const row = ctx.db.prepare('SELECT * FROM endpoints WHERE endpoint_id = ?').get(id) as EndpointRow | undefined;
  if (!row || caller?.kind !== 'client_session' || row.user_identity_id !== caller.user_identity_id || row.removed_at !== null) throw notFound('endpoint', id);
  return row;
}
