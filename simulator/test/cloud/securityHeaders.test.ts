/**
 * Security headers (docs/CLOUD.md, "Security headers"): every response says nosniff and
 * noindex and may not be framed; key pages (/ik/…) carry the app's CSP with
 * frame-ancestors 'none' and a robots meta; a web app folder's source maps are never served.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webAppPage } from '../../src/cloud/index.js';
import { guestWithKey, startTestCloud, type TestCloud } from './testCloud.js';

/** The directives the key pages must have, as docs/CLOUD.md states them. */
function cspDirectives(header: string | null): Map<string, string> {
  return new Map((header ?? '').split(';').map((d) => d.trim()).filter(Boolean).map((d) => [d.split(/\s+/)[0]!, d.split(/\s+/).slice(1).join(' ')]));
}

function expectCommonHeaders(r: Response): void {
  expect(r.headers.get('x-content-type-options')).toBe('nosniff');
  expect(r.headers.get('x-robots-tag')).toMatch(/\bnoindex\b/);
  expect(cspDirectives(r.headers.get('content-security-policy')).get('frame-ancestors')).toBe("'none'");
}

describe('security headers', () => {
  let t: TestCloud;
  let dir: string;
  beforeAll(async () => {
    t = await startTestCloud();
    dir = mkdtempSync(join(tmpdir(), 'keyrig-webapp-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(dir, 'app.js'), 'console.log(1)');
    writeFileSync(join(dir, 'app.js.map'), '{"version":3,"sources":["secret-source.ts"]}');
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the default key page (200 and 404): CSP without scripts, nosniff, noindex header and meta', async () => {
    const g = await guestWithKey(t, ['room-101']);
    const url = g.instantKey.instant_key_url as string;
    for (const r of [await fetch(url), await fetch(`${url.slice(0, -1)}${url.endsWith('A') ? 'B' : 'A'}`)]) {
      expectCommonHeaders(r);
      const csp = cspDirectives(r.headers.get('content-security-policy'));
      expect(csp.get('default-src')).toBe("'none'");
      expect(csp.get('script-src')).toBe("'self'"); // no inline script, no eval
      expect(r.headers.get('x-frame-options')).toBe('DENY');
      expect(await r.text()).toContain('<meta name="robots" content="noindex, nofollow">');
    }
  });

  it('API responses (200, 401, unknown route) say nosniff and noindex and load nothing', async () => {
    for (const r of [
      await fetch(`${t.cloud.url}/workspaces/get`, { headers: { authorization: `Bearer ${t.cloud.apiKey}` } }),
      await fetch(`${t.cloud.url}/workspaces/get`),
      await fetch(`${t.cloud.url}/nope`),
    ]) {
      expectCommonHeaders(r);
      expect(cspDirectives(r.headers.get('content-security-policy')).get('default-src')).toBe("'none'");
    }
  });

  it('a web app folder: CSP on the page and its files, and its source map is not served', async () => {
    const app = await startTestCloud({ instantKeyPage: webAppPage(dir) });
    try {
      const g = await guestWithKey(app, ['room-101']);
      const page = await fetch(g.instantKey.instant_key_url);
      expect(page.status).toBe(200);
      expectCommonHeaders(page);
      const js = await fetch(`${app.cloud.url}/ik/app.js`);
      expect(js.status).toBe(200);
      expectCommonHeaders(js);
      const map = await fetch(`${app.cloud.url}/ik/app.js.map`);
      expect(map.status).toBe(404);
      expect(await map.text()).not.toContain('secret-source');
    } finally {
      await app.close();
    }
  });
});
