/**
 * `keyrig cloud serve` as a user runs it: a child process on a random port, the URL and minted
 * API key on stdout, a working API, a clean exit on SIGTERM. And `keyrig cloud provision`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';

const cli = join(import.meta.dirname, '..', '..', 'keyrig.js');

describe('keyrig cloud', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyrig-cli-cloud-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serve: prints url and minted key, serves the API, exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [cli, 'cloud', 'serve', '--port', '0', '--db', join(dir, 'a.db')], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, KEYRIG_API_KEY: '' } });
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    const { url, api_key } = JSON.parse(line) as { url: string; api_key: string };
    expect(api_key).toMatch(/^seam_key1_/);
    const res = await fetch(`${url}/workspaces/get`, { method: 'POST', headers: { authorization: `Bearer ${api_key}`, 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(200);
    // An instant key URL opens the web app (the page the key holder sees).
    const post = async (route: string, body: unknown) => {
      const r = await fetch(`${url}${route}`, { method: 'POST', headers: { authorization: `Bearer ${api_key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(r.status, route).toBe(200);
      return (await r.json()) as Record<string, any>;
    };
    const { user_identity } = await post('/user_identities/create', { full_name: 'Web App Guest' });
    const { instant_key } = await post('/user_identities/generate_instant_key', { user_identity_id: user_identity.user_identity_id });
    const page = await fetch(instant_key.instant_key_url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toMatch(/<html[\s\S]*app\.js/);
    // The real web app build (docs/CLOUD.md, "Security headers"): not framable, not indexed, no source map.
    expect(page.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('x-robots-tag')).toMatch(/noindex/);
    expect(html).toMatch(/<meta name="robots" content="noindex/);
    const appJs = await fetch(new URL('app.js', instant_key.instant_key_url));
    expect(appJs.status).toBe(200);
    expect(await appJs.text()).not.toMatch(/sourceMappingURL/);
    expect((await fetch(new URL('app.js.map', instant_key.instant_key_url))).status).toBe(404);
    const exit = new Promise<number | null>((r) => child.once('exit', r));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });

  it('provision: writes a 0600 provisioning file; a bad --api-key is a clear error', () => {
    const out = join(dir, 'locks.json');
    const r = spawnSync(process.execPath, [cli, 'cloud', 'provision', '--db', join(dir, 'b.db'), '--create', '--out', out], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).locks).toHaveLength(6);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const bad = spawnSync(process.execPath, [cli, 'cloud', 'serve', '--db', join(dir, 'c.db'), '--port', '0', '--api-key', 'seam_cst_nope_nope_nope_nope_nope'], { encoding: 'utf8' });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/must not start with "seam_cst"/);
  });
});
