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

export type InstantKeyPageHandler = (args: {
  path: string;
  secret: string | null;
  request: FastifyRequest;
  reply: FastifyReply;
  /** Answers 404: a friendly HTML page to a browser, Seam's JSON error to anything else. */
  notFound: (what: string) => unknown;
}) => unknown;

/**
 * What a sentence can glue to the end of a link it quotes: . , ; : ) ] ! ? and straight or curly
 * quotes (a mail or SMS app keeps them in the link it makes clickable).
 */
const TRAILING_PUNCTUATION = /[.,;:)\]!?'"\u2019\u201d\u00bb>]+$/u;

/** The secret a path under /ik/ names once trailing punctuation is dropped, else null. */
export function secretWithoutPunctuation(path: string): string | null {
  const trimmed = path.replace(TRAILING_PUNCTUATION, '');
  return trimmed !== path && secretFromUrl(trimmed) === trimmed ? trimmed : null;
}

/**
 * The page a browser gets for a link that names no key and no file (mistyped, cut off): words, not
 * JSON, and nothing about why (no oracle). `styled` links the web app's stylesheet when it is served.
 */
export function badLinkPage(o: { propertyName: string; frontDesk: string | null; styled: boolean }): string {
  const desk = o.frontDesk ? `<p>Front desk: ${escapeHtml(o.frontDesk)}</p>` : '<p>The front desk can send you the link again.</p>';
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<meta name="robots" content="noindex, nofollow"><title>Key link not found · ${escapeHtml(o.propertyName)}</title>` +
    (o.styled ? '<link rel="stylesheet" href="/ik/app.css">' : '') +
    `</head><body><header class="brand"><div class="brand__text"><p class="brand__property">${escapeHtml(o.propertyName)}</p>` +
    '<h1 class="brand__title">This key link does not work</h1></div></header><main><section class="help">' +
    '<p>The link may be cut short or mistyped. Open it again from the message you received, by tapping it rather than copying it.</p>' +
    `${desk}</section></main></body></html>`
  );
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function defaultPage(ctx: CloudContext, secret: string | null, request: FastifyRequest, reply: FastifyReply) {
  const key = secret ? (ctx.db.prepare('SELECT * FROM instant_keys WHERE secret_hash = ?').get(hashToken(secret)) as InstantKeyRow | undefined) : undefined;
  if (!key) {
    if (secret) ctx.keyOpenLimiter.fail(request.ip);
    return notFoundAnswer(ctx, request, reply, 'this key link is not valid', false);
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

/** A page unless the client asked for JSON only (browsers send text/html; fetch and curl send "any type"). */
function wantsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return /\btext\/html\b/.test(accept) || !/\bapplication\/json\b/.test(accept);
}

function notFoundAnswer(ctx: CloudContext, request: FastifyRequest, reply: FastifyReply, what: string, styled: boolean) {
  if (!wantsHtml(request)) return reply.status(404).send({ error: { type: 'not_found', message: what } });
  const ws = ctx.db.prepare('SELECT name, front_desk FROM workspaces WHERE workspace_id = ?').get(ctx.workspace.workspace_id) as { name: string; front_desk: string | null } | undefined;
  return reply.status(404).type('text/html; charset=utf-8').send(badLinkPage({ propertyName: ws?.name ?? ctx.workspace.name, frontDesk: ws?.front_desk ?? null, styled }));
}

export function registerInstantKeyPage(app: FastifyInstance, ctx: CloudContext, custom?: InstantKeyPageHandler): void {
  app.get('/ik/*', async (request, reply) => {
    void reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').header('content-security-policy', KEY_PAGE_CSP).header('x-frame-options', 'DENY');
    const path = (request.params as { '*': string })['*'];
    // "…/ik/<secret>." from a sentence: send the browser to the link without the punctuation.
    const glued = secretWithoutPunctuation(path);
    if (glued) return reply.redirect(`/ik/${glued}`, 302);
    const secret = secretFromUrl(path) === path ? path : null;
    if (secret) {
      const retryAfter = ctx.keyOpenLimiter.retryAfterMs(request.ip);
      if (retryAfter > 0) throw tooManyRequests(retryAfter);
    }
    if (custom) return custom({ path, secret, request, reply, notFound: (what) => notFoundAnswer(ctx, request, reply, what, true) });
    return defaultPage(ctx, secret, request, reply);
  });
}
