/**
 * POST /seam/instant_key/v1/preview/get — Seam's preview of an instant key, for a key page that
 * speaks Seam's shape. Public like /instant_keys/open: the URL's secret is the credential, and
 * wrong URLs count against the same per-address brake. Previewing never uses the key up; an
 * expired or used-up key previews with key_status "expired" / "used".
 */
import { defineRoute } from '../../../../../http/defineRoute.js';
import { tooManyRequests, unauthorized } from '../../../../../http/SeamApiError.js';
import { hashToken } from '../../../../../auth/tokens.js';
import { secretFromUrl, type InstantKeyRow } from '../../../../../resources/instantKeys.js';
import { seamInstantKeyPreview } from '../../../../../resources/seamInstantKeyPreview.js';
import { cloudApi } from '@keyrig/api';

export default defineRoute({
  ...cloudApi.seamInstantKeyPreviewGet,
  handler: ({ ctx, input, request }) => {
    const retryAfter = ctx.keyOpenLimiter.retryAfterMs(request.ip);
    if (retryAfter > 0) throw tooManyRequests(retryAfter);
    const secret = secretFromUrl(input.instant_key_url);
    const key = secret ? (ctx.db.prepare('SELECT * FROM instant_keys WHERE secret_hash = ?').get(hashToken(secret)) as InstantKeyRow | undefined) : undefined;
    if (!key) {
      ctx.keyOpenLimiter.fail(request.ip);
      throw unauthorized('this instant key link is not valid (unknown, mistyped or deleted)');
    }
    return { instant_key_preview: seamInstantKeyPreview(ctx, key) };
  },
});
