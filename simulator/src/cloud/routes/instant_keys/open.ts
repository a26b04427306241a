/**
 * POST /instant_keys/open — key-holder route (no Authorization: the instant key URL's secret is
 * the credential). Returns a fresh client session token (`seam_cst…`, shown once) for the
 * `/phone/...` routes, and the key's preview. Opening does not use up the key; registering a
 * new device does. A key keeps at most 20 live tokens (the oldest is dropped).
 */
import { iso } from '../../context.js';
import { defineRoute } from '../../http/defineRoute.js';
import { forbidden, tooManyRequests, unauthorized } from '../../http/SeamApiError.js';
import { hashToken, mintClientSessionToken } from '../../auth/tokens.js';
import { secretFromUrl, type InstantKeyRow } from '../../resources/instantKeys.js';
import { addClientSessionToken, getClientSession, toClientSession } from '../../resources/clientSessions.js';
import { instantKeyPreview } from '../../resources/instantKeyPreview.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.instantKeysOpen,
  handler: ({ ctx, input, request }) => {
    // Guessing links is refused per client address once it failed too often (docs/SECURITY.md).
    const retryAfter = ctx.keyOpenLimiter.retryAfterMs(request.ip);
    if (retryAfter > 0) throw tooManyRequests(retryAfter);
    const secret = secretFromUrl(input.instant_key_url);
    const hash = secret ? hashToken(secret) : null;
    const key = hash ? (ctx.db.prepare('SELECT * FROM instant_keys WHERE secret_hash = ?').get(hash) as InstantKeyRow | undefined) : undefined;
    if (!key) {
      ctx.keyOpenLimiter.fail(request.ip);
      throw unauthorized('this instant key link is not valid (unknown, mistyped or deleted)');
    }
    const now = ctx.clock.now();
    if (key.expires_at <= now) throw forbidden('instant_key_expired', `this instant key expired at ${iso(key.expires_at)}`);
    const session = getClientSession(ctx, key.client_session_id);
    if (session.revoked_at !== null) throw forbidden('client_session_revoked', 'access through this instant key was revoked');
    const token = mintClientSessionToken(ctx.rng);
    addClientSessionToken(ctx, session.client_session_id, hashToken(token), now); // at most 20 live per key
    return {
      client_session: toClientSession(ctx, session, token),
      instant_key_preview: { instant_key_id: key.instant_key_id, customization: key.customization_json ? (JSON.parse(key.customization_json) as Record<string, string>) : null, ...instantKeyPreview(ctx, key) },
    };
  },
});
