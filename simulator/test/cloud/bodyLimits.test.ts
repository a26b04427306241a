/**
 * Body limits (docs/CLOUD.md, "Body limits"): an unauthenticated route takes at most 16 KiB
 * (413 payload_too_large, refused before reading); no route parses a body nested deeper than
 * 32 levels (400 invalid_input, refused before JSON.parse); an authenticated route reads no
 * body before the key is checked. Before this, one 1 MB `[[[…]]]` body to /instant_keys/open
 * blocked the event loop ~0.46-0.9 s (bench: simulator/test/cloud/bench/bodyBlockBench.mjs).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guestWithKey, startTestCloud, type TestCloud } from './testCloud.js';

const MB = 1024 * 1024;
const deepArrays = (bytes: number) => '['.repeat(bytes / 2) + ']'.repeat(bytes / 2);

describe('body limits on the public routes', () => {
  let t: TestCloud;
  beforeAll(async () => {
    t = await startTestCloud();
  });
  afterAll(async () => t.close());

  const post = async (path: string, body: string, token?: string) => {
    const r = await fetch(`${t.cloud.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body,
    });
    return { status: r.status, body: (await r.json()) as { error?: { type: string; message: string } } };
  };

  it('a 1 MB nested body to /instant_keys/open: 413 saying the limit, and the loop is not blocked', async () => {
    const h = monitorEventLoopDelay({ resolution: 1 });
    h.enable();
    const r = await post('/instant_keys/open', deepArrays(MB));
    h.disable();
    expect(r.status).toBe(413);
    expect(r.body.error?.type).toBe('payload_too_large');
    expect(r.body.error?.message).toBe('the request body is larger than 16384 bytes, the most /instant_keys/open accepts');
    expect(h.max / 1e6).toBeLessThan(250); // generous: was ~460-900 ms
  });

  it('a small body nested 33 deep is refused before parsing; 32 deep reaches the schema check', async () => {
    const deep = await post('/instant_keys/open', `{"instant_key_url":"x","p":${'['.repeat(32)}${']'.repeat(32)}}`);
    expect(deep.status).toBe(400);
    expect(deep.body.error?.message).toBe('the request body nests arrays/objects deeper than 32 levels (refused unparsed)');
    const ok = await post('/instant_keys/open', `{"instant_key_url":"x","p":${'['.repeat(31)}${']'.repeat(31)}}`);
    expect(ok.status).toBe(400);
    expect(ok.body.error?.message).toMatch(/invalid input to \/instant_keys\/open/); // the unknown key "p"
  });

  it('a real open still works (its body is small)', async () => {
    const g = await guestWithKey(t, ['room-101']);
    expect((await t.call('/instant_keys/open', { instant_key_url: g.instantKey.instant_key_url }, null)).status).toBe(200);
  });

  it('an authenticated route reads no body before the key: 1 MB nested without a key is 401, with a key 400 (depth)', async () => {
    const body = deepArrays(MB - 2);
    expect((await post('/user_identities/create', body)).status).toBe(401);
    const h = monitorEventLoopDelay({ resolution: 1 });
    h.enable();
    const withKey = await post('/user_identities/create', body, t.cloud.apiKey);
    h.disable();
    expect(withKey.status).toBe(400);
    expect(withKey.body.error?.message).toMatch(/deeper than 32 levels/);
    expect(h.max / 1e6).toBeLessThan(250);
    const tooBig = await post('/user_identities/create', JSON.stringify({ full_name: 'x'.repeat(MB) }), t.cloud.apiKey);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error?.message).toBe('the request body is larger than 1048576 bytes, the most /user_identities/create accepts');
  });
});
