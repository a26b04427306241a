/**
 * Inputs too large or too deep for the cloud, from callers with and without a key: a body over
 * fastify's 1 MiB limit, JSON nested past the parser's stack, a field past its schema's maximum,
 * a URL past Node's header limit. Each is a 4xx with a message (Seam's shape where fastify sees
 * the request; Node's own 431 before that), never a 5xx or a stuck server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../cloud/testCloud.js';

describe('oversized and deeply nested input to the cloud', () => {
  let t: TestCloud;
  beforeAll(async () => {
    t = await startTestCloud();
  });
  afterAll(async () => t.close());

  const post = async (path: string, body: string, auth = true) => {
    const r = await fetch(`${t.cloud.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${t.cloud.apiKey}` } : {}) }, body });
    return { status: r.status, body: (await r.json()) as { error?: { type: string; message: string } } };
  };

  it('a 3 MB body (no key needed): 413; 200,000-deep arrays and objects, an over-long field: 400 invalid_input', async () => {
    const cases = [
      ['/instant_keys/open', JSON.stringify({ instant_key_url: 'x'.repeat(3_000_000) }), false, /larger than 16384 bytes/, 413, 'payload_too_large'],
      ['/user_identities/create', '['.repeat(200_000) + ']'.repeat(200_000), true, /deeper than 32 levels/, 400, 'invalid_input'],
      ['/user_identities/create', '{"full_name":' + '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_001), true, /deeper than 32 levels/, 400, 'invalid_input'],
      ['/user_identities/create', JSON.stringify({ full_name: 'x'.repeat(900_000) }), true, /full_name/, 400, 'invalid_input'],
    ] as const;
    for (const [path, body, auth, message, status, type] of cases) {
      const r = await post(path, body, auth);
      expect(r.status, `${path} ${body.slice(0, 20)}`).toBe(status);
      expect(r.body.error?.type).toBe(type);
      expect(r.body.error?.message).toMatch(message);
    }
  });

  it('a 100 kB query string is refused by Node (431) and the cloud keeps serving', async () => {
    const r = await fetch(`${t.cloud.url}/user_identities/list?${'a.'.repeat(50_000)}b=1`, { headers: { authorization: `Bearer ${t.cloud.apiKey}` } });
    expect(r.status).toBe(431);
    expect((await post('/workspaces/get', '{}')).status).toBe(200);
    expect(t.logs.filter((l) => (JSON.parse(l) as { level: number }).level >= 50)).toEqual([]);
  });
});
