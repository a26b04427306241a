/**
 * GET /ik/<secret> — the instant key URL the guest opens. This is where the web app will be
 * served (pass `instantKeyPage` to startCloud to serve it); until then a minimal page shows the
 * key's status and tells the holder's app to POST the URL to /instant_keys/open. The secret is
 * kept out of logs (redactUrl), caches (no-store) and Referer headers (no-referrer).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CloudContext } from '../context.js';
import { hashToken } from '../auth/tokens.js';
import { instantKeyPreview } from '../resources/instantKeyPreview.js';
import { secretFromUrl, type InstantKeyRow } from '../resources/instantKeys.js';

/** Serves the key holder's page for a (syntactically valid) instant key secret. */
export type InstantKeyPageHandler = (args: { secret: string; request: FastifyRequest; reply: FastifyReply }) => unknown;

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function registerInstantKeyPage(app: FastifyInstance, ctx: CloudContext, custom?: InstantKeyPageHandler): void {
  app.get('/ik/:secret', async (request, reply) => {
    void reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    const secret = secretFromUrl((request.params as { secret: string }).secret);
    if (custom && secret) return custom({ secret, request, reply });
    const key = secret ? (ctx.db.prepare('SELECT * FROM instant_keys WHERE secret_hash = ?').get(hashToken(secret)) as InstantKeyRow | undefined) : undefined;
    if (!key) {
      return reply.status(404).type('text/html; charset=utf-8').send('<!doctype html><title>keyrig</title><p>This key link is not valid.</p>');
    }
    const preview = instantKeyPreview(ctx, key);
    if ((request.headers.accept ?? '').includes('application/json')) return { instant_key_preview: preview, ok: true };
    const items = preview.access.map((a) => `<li>${escapeHtml(a.name)} — ${escapeHtml(a.hours)}</li>`).join('');
    return reply
      .type('text/html; charset=utf-8')
      .send(
        `<!doctype html><meta charset="utf-8"><title>Your key</title><h1>Your key (${escapeHtml(preview.key_status)})</h1><ul>${items}</ul>` +
          `<p>The keyrig web app is served here. Its API: POST /instant_keys/open {"instant_key_url": location.href}.</p>`,
      );
  });
}
