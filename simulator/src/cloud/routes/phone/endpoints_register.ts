/**
 * POST /phone/endpoints/register — key-holder route (client session token from an instant key).
 * The phone or browser generated a non-extractable P-256 key; its public point is registered here
 * and every credential document is bound to it. Each new device uses one of the instant key's
 * `max_use_count` (re-registering the same key is free); user agent and time are recorded.
 */
import { createHash } from 'node:crypto';
import { fromBase64Url, importPublicKey, jwkToPublicKeyRaw, KeyrigError } from '@keyrig/protocol';
import { newId } from '../../context.js';
import { defineRoute } from '../../http/defineRoute.js';
import { forbidden, invalidInput } from '../../http/SeamApiError.js';
import { getInstantKey, useCount } from '../../resources/instantKeys.js';
import { toEndpoint, type EndpointRow } from './endpointResource.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.phoneEndpointsRegister,
  handler: async ({ ctx, input, caller, request }) => {
    if (caller?.kind !== 'client_session' || caller.instant_key_id === null) throw forbidden('forbidden', 'endpoints are registered through an instant key');
    let raw: Uint8Array;
    try {
      raw = input.public_key !== undefined ? fromBase64Url(input.public_key) : jwkToPublicKeyRaw(input.public_jwk!);
      await importPublicKey(raw, 'ecdsa');
    } catch (err) {
      throw invalidInput(`the endpoint public key is not a P-256 public key: ${err instanceof KeyrigError ? err.message : 'invalid'}`);
    }
    const thumbprint = createHash('sha256').update(raw).digest('hex');
    const key = getInstantKey(ctx, caller.instant_key_id);
    const userAgent = input.user_agent ?? request.headers['user-agent'] ?? null;
    const result = ctx.db.transaction(() => {
      const existing = ctx.db.prepare('SELECT * FROM endpoints WHERE instant_key_id = ? AND public_key_thumbprint = ?').get(key.instant_key_id, thumbprint) as EndpointRow | undefined;
      if (existing) {
        if (existing.removed_at !== null) throw forbidden('endpoint_removed', 'this device was removed from the key; ask for a new instant key');
        return existing.endpoint_id;
      }
      const uses = useCount(ctx, key.instant_key_id);
      if (uses >= key.max_use_count) {
        throw forbidden('max_use_count_reached', `this instant key was already set up on ${uses} device(s), its max_use_count is ${key.max_use_count}`);
      }
      const id = newId(ctx.rng);
      ctx.db
        .prepare(
          `INSERT INTO endpoints (endpoint_id, instant_key_id, client_session_id, user_identity_id, public_key, public_key_thumbprint, user_agent, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, key.instant_key_id, caller.client_session_id, caller.user_identity_id, Buffer.from(raw).toString('base64url'), thumbprint, userAgent, ctx.clock.now());
      return id;
    })();
    const row = ctx.db.prepare('SELECT * FROM endpoints WHERE endpoint_id = ?').get(result) as EndpointRow;
    ctx.logger.debug({ endpointId: row.endpoint_id, instantKeyId: key.instant_key_id, thumbprint: thumbprint.slice(0, 16) }, 'endpoint registered');
    return { endpoint: toEndpoint(row) };
  },
});
