/** GET /ik/…: the default status page, and a web app folder served with webAppPage(dir). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webAppPage } from '../../src/cloud/index.js';
import { guestWithKey, startTestCloud, type TestCloud } from './testCloud.js';

describe('the instant key page', () => {
  it('by default shows the key status, without leaking the secret into logs', async () => {
    const t = await startTestCloud();
    try {
      const g = await guestWithKey(t, ['gym']);
      const page = await fetch(g.instantKey.instant_key_url);
      expect(page.status).toBe(200);
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(await page.text()).toContain('Gym — daily 06:00-22:00');
      const json = await fetch(g.instantKey.instant_key_url, { headers: { accept: 'application/json' } });
      expect(((await json.json()) as any).instant_key_preview.key_status).toBe('ready');
      expect((await fetch(`${t.cloud.url}/ik/${'A'.repeat(43)}`)).status).toBe(404);
      expect(t.logs.join('')).not.toContain(g.instantKey.instant_key_url.split('/ik/')[1]);
    } finally {
      await t.close();
    }
  });

  describe('with a web app folder', () => {
    let t: TestCloud;
    beforeAll(async () => {
      const dir = join(process.env.TMPDIR ?? '/tmp', `keyrig-webapp-${process.pid}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'index.html'), '<!doctype html><title>app</title>');
      writeFileSync(join(dir, 'app.js'), 'console.log(1)');
      t = await startTestCloud({ instantKeyPage: webAppPage(dir) });
    });
    afterAll(async () => t.close());

    it('serves index.html for a secret and files by name, nothing outside', async () => {
      const g = await guestWithKey(t, ['room-101']);
      const page = await fetch(g.instantKey.instant_key_url);
      expect(await page.text()).toContain('<title>app</title>');
      const js = await fetch(`${t.cloud.url}/ik/app.js`);
      expect(js.headers.get('content-type')).toMatch(/text\/javascript/);
      expect(await js.text()).toBe('console.log(1)');
      expect((await fetch(`${t.cloud.url}/ik/..%2Fpackage.json`)).status).toBe(404);
      expect((await fetch(`${t.cloud.url}/ik/nope.js`)).status).toBe(404);
    });
  });
});
