/**
 * GET /ik/<secret> — the instant key URL the guest opens — and everything else under /ik/ (the
 * web app's files: its scope is /ik/). Pass `instantKeyPage` to startCloud to serve the web app
 * (`webAppPage(dir)` serves a built app folder); by default a minimal page shows the key's status
 * and tells the holder's app to POST the URL to /instant_keys/open. The secret is kept out of logs
 * (redactUrl), caches (no-store) and Referer headers (no-referrer).
 *
 * A path shaped like a secret goes through the same brake as POST /instant_keys/open (the
 * keyOpenLimiter, per client address) in every mode: a blocked address gets 429 for right and
 * wrong links alike, and the default page, which looks the key up, counts an unknown one as a
 * failed attempt — so the page is no unthrottled 200/404 oracle. The web app handler serves the
 * same index.html for every secret (it never looks one up).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CloudContext } from '../context.js';
import { hashToken } from '../auth/tokens.js';
import { instantKeyPreview } from '../resources/instantKeyPreview.js';
import { tooManyRequests } from './SeamApiError.js';
import { secretFromUrl, type InstantKeyRow } from '../resources/instantKeys.js';

/**
 * Serves a GET under /ik/. `path` is what follows /ik/ (e.g. "app.js", or the secret);
 * `secret` is set when `path` has the shape of an instant key secret (it is not checked against
 * the database: the app calls /instant_keys/open for that).
 */
/**
 * Content-Security-Policy of every /ik/ response (docs/CLOUD.md, "Security headers"): the web app
 * runs only its own script and stylesheet, talks only to this origin, may show a logo from any
 * https: or data: URL, and may not be framed (clickjacking an "Unlock" button).
 */
export const KEY_PAGE_CSP = [
  "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' https: data:", "connect-src 'self'",
  "manifest-src 'self'", "worker-src 'self'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
].join('; ');

export type InstantKeyPageHandler = (args: { path: string; secret: string | null; request: FastifyRequest; reply: FastifyReply }) => unknown;

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function defaultPage(ctx: CloudContext, secret: string | null, request: FastifyRequest, reply: FastifyReply) {
  const key = secret ? (ctx.db.prepare('SELECT * FROM instant_keys WHERE secret_hash = ?').get(hashToken(secret)) as InstantKeyRow | undefined) : undefined;
  if (!key) {
    if (secret) ctx.keyOpenLimiter.fail(request.ip);
    return reply.status(404).type('text/html; charset=utf-8').send('<!doctype html><meta name="robots" content="noindex, nofollow"><title>keyrig</title><p>This key link is not valid.</p>');
  }
  const preview = instantKeyPreview(ctx, key);
  if ((request.headers.accept ?? '').includes('application/json')) return { instant_key_preview: preview, ok: true };
  const items = preview.access.map((a) => `<li>${escapeHtml(a.name)} — ${escapeHtml(a.hours)}</li>`).join('');
  return reply
    .type('text/html; charset=utf-8')
    .send(
      `<!doctype html><meta charset="utf-8"><meta name="robots" content="noindex, nofollow"><title>Your key</title><h1>Your key (${escapeHtml(preview.key_status)})</h1><ul>${items}</ul>` +
        `<p>The keyrig web app is served here. Its API: POST /instant_keys/open {"instant_key_url": location.href}.</p>`,
    );
}

export function registerInstantKeyPage(app: FastifyInstance, ctx: CloudContext, custom?: InstantKeyPageHandler): void {
  app.get('/ik/*', async (request, reply) => {
    void reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').header('content-security-policy', KEY_PAGE_CSP).header('x-frame-options', 'DENY');
    const path = (request.params as { '*': string })['*'];
    const secret = secretFromUrl(path) === path ? path : null;
    if (secret) {
      const retryAfter = ctx.keyOpenLimiter.retryAfterMs(request.ip);
      if (retryAfter > 0) throw tooManyRequests(retryAfter);
    }
    if (custom) return custom({ path, secret, request, reply });
    return defaultPage(ctx, secret, request, reply);
  });
}
