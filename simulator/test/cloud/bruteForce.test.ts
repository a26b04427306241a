/**
 * Guessing instant key URLs (docs/CLOUD.md, "Brute-force brake on instant key URLs"): each client
 * address has a bucket of 200 failed attempts that refills at 60 per minute. A NAT full of honest
 * guests with a few dead links is not locked out; a guesser is, on POST /instant_keys/open and on
 * GET /ik/<secret> alike (one brake), and while it is, even the right link is 429 (no oracle).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { webAppPage } from '../../src/cloud/index.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { guestWithKey, startTestCloud, type TestCloud } from './testCloud.js';

let t: TestCloud | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** A link of the right shape that is not `real` (its last character changed). */
const wrong = (real: string, i: number) => real.slice(0, -1) + ('ABCDEFGHIJ'[i % 10] === real.at(-1) ? 'z' : 'ABCDEFGHIJ'[i % 10]);

describe('instant key URL brute force', () => {
  it('a NAT with 50 dead links among its guests (the old limit was 20) still opens keys', async () => {
    t = await startTestCloud();
    const g = await guestWithKey(t, ['room-101']);
    const real = g.instantKey.instant_key_url as string;
    for (let i = 0; i < 50; i++) expect((await t.call('/instant_keys/open', { instant_key_url: wrong(real, i) }, null)).status).toBe(401);
    expect((await t.call('/instant_keys/open', { instant_key_url: real }, null)).status).toBe(200);
  });

  it('by default the 201st wrong link from one address is 429 with Retry-After 1; a second later one more try', async () => {
    t = await startTestCloud();
    const g = await guestWithKey(t, ['room-101']);
    const real = g.instantKey.instant_key_url as string;
    for (let i = 0; i < 200; i++) expect((await t.call('/instant_keys/open', { instant_key_url: wrong(real, i) }, null)).status).toBe(401);
    const blocked = await t.call('/instant_keys/open', { instant_key_url: real }, null);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.type).toBe('too_many_requests');
    expect(blocked.body.error.message).toBe('too many invalid attempts from this address: try again in 1 s');
    expect(blocked.headers.get('retry-after')).toBe('1');
    expect(t.logs.join('\n')).not.toContain(real.split('/ik/')[1]);
    t.clock.advance(1000);
    expect((await t.call('/instant_keys/open', { instant_key_url: real }, null)).status).toBe(200);
  });

  it('GET /ik/<secret> (the default page) goes through the same brake: no unthrottled 200/404 oracle', async () => {
    t = await startTestCloud({ keyOpenLimit: { burst: 5, refillPerMinute: 6 } }); // a token per 10 s
    const g = await guestWithKey(t, ['room-101']);
    const real = g.instantKey.instant_key_url as string;
    for (let i = 0; i < 5; i++) expect((await fetch(wrong(real, i))).status).toBe(404);
    const page = await fetch(real);
    expect(page.status).toBe(429);
    expect(page.headers.get('retry-after')).toBe('10');
    // One brake: the page's failures also stop opens from that address.
    expect((await t.call('/instant_keys/open', { instant_key_url: real }, null)).status).toBe(429);
    t.clock.advance(10_000);
    expect((await fetch(real)).status).toBe(200);
    // And failed opens stop the page.
    expect((await t.call('/instant_keys/open', { instant_key_url: wrong(real, 1) }, null)).status).toBe(401);
    expect((await fetch(real)).status).toBe(429);
  });

  it('with the web app, every secret gets the same page (no lookup), and a blocked address gets 429 there too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyrig-webapp-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>app</title>');
    t = await startTestCloud({ instantKeyPage: webAppPage(dir), keyOpenLimit: { burst: 2 } });
    const g = await guestWithKey(t, ['room-101']);
    const real = g.instantKey.instant_key_url as string;
    const [a, b] = [await fetch(real), await fetch(wrong(real, 3))];
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(await a.text()).toBe(await b.text());
    for (let i = 0; i < 2; i++) await t.call('/instant_keys/open', { instant_key_url: wrong(real, i) }, null);
    expect((await fetch(real)).status).toBe(429);
    rmSync(dir, { recursive: true, force: true });
  });

  it('does not count successful opens', async () => {
    t = await startTestCloud({ keyOpenLimit: { burst: 2 } });
    const g = await guestWithKey(t, ['room-101']);
    for (let i = 0; i < 6; i++) {
      expect((await t.call('/instant_keys/open', { instant_key_url: g.instantKey.instant_key_url }, null)).status).toBe(200);
    }
  });
});
