/**
 * Found by the cloud fuzz (cloudFuzz.test.ts): Seam-style dotted query names were nested into a
 * plain object, so `?__proto__.polluted=1` wrote onto Object.prototype of the whole cloud
 * process — also on the unauthenticated /instant_keys/open. Every object in the process then
 * carried the attacker's property. The query must be refused as input, the process untouched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../cloud/testCloud.js';

describe('query strings cannot reach Object.prototype', () => {
  let t: TestCloud;
  beforeAll(async () => {
    t = await startTestCloud();
  });
  afterAll(async () => t.close());

  for (const [route, auth] of [['/instant_keys/open', false], ['/user_identities/list', true]] as const) {
    it(`${route}${auth ? '' : ' (no auth needed)'}: ?__proto__.x=… and ?constructor.prototype.x=… are a 400, nothing polluted`, async () => {
      for (const key of ['__proto__.keyrigPolluted', 'constructor.prototype.keyrigPolluted', '__proto__']) {
        const res = await fetch(`${t.cloud.url}${route}?${encodeURIComponent(key)}=yes`, {
          method: 'GET',
          headers: auth ? { authorization: `Bearer ${t.cloud.apiKey}` } : {},
        });
        const polluted = ({} as Record<string, unknown>).keyrigPolluted;
        delete (Object.prototype as Record<string, unknown>).keyrigPolluted;
        expect(polluted, key).toBeUndefined();
        expect(res.status, key).toBe(400);
        expect(((await res.json()) as { error: { type: string } }).error.type).toBe('invalid_input');
      }
    });
  }
});
