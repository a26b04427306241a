/**
 * Brute force of instant key URLs (docs/SECURITY.md): the link's secret is 256 random bits, so
 * guessing is hopeless as long as guesses are refused uniformly — every wrong guess the same 401
 * with the same message, well-formed or not, whatever its likeness to a real one — and, as a
 * second line, wrong guesses are rate limited per client address (FailedAttemptLimiter, a token bucket).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guestWithKey, startTestCloud, type TestCloud } from '../cloud/testCloud.js';

const GUESSES = Number(process.env.KEYRIG_FUZZ_GUESSES ?? 400);
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('instant key URLs cannot be guessed', () => {
  let t: TestCloud;
  let realUrl: string;
  beforeAll(async () => {
    t = await startTestCloud();
    realUrl = (await guestWithKey(t, ['room-101'])).instantKey.instant_key_url;
  });
  afterAll(async () => t.close());

  it('the secret is 43 base64url characters (256 bits) and unique per key', async () => {
    const secret = realUrl.split('/ik/')[1]!;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret, 'base64url').length * 8).toBe(256);
    const more = await Promise.all([0, 1, 2].map(async () => (await guestWithKey(t, ['room-101'])).instantKey.instant_key_url));
    expect(new Set([realUrl, ...more]).size).toBe(4);
  });

  it(`${GUESSES} guesses (random, one character off the real secret, malformed): all the same 401, the real one opens`, async () => {
    const secret = realUrl.split('/ik/')[1]!;
    const base = realUrl.slice(0, realUrl.length - secret.length);
    const guess = fc.oneof(
      fc.array(fc.constantFrom(...B64URL), { minLength: 43, maxLength: 43 }).map((c) => c.join('')),
      fc.tuple(fc.nat(42), fc.constantFrom(...B64URL)).map(([i, c]) => secret.slice(0, i) + c + secret.slice(i + 1)).filter((g) => g !== secret),
      fc.string({ maxLength: 60 }),
    );
    const seen = new Map<string, number>();
    let limited = 0;
    await fc.assert(
      fc.asyncProperty(guess, fc.boolean(), async (g, whole) => {
        const url = whole ? base + g : g;
        let r = await t.call('/instant_keys/open', { instant_key_url: url }, null);
        if (r.status === 429) {
          // A rate limit on wrong guesses (per client, per window on the cloud clock) is welcome;
          // the answer after the window must still be the uniform 401.
          limited++;
          t.clock.advance(Number(r.headers.get('retry-after') ?? 60) * 1000 + 1000);
          r = await t.call('/instant_keys/open', { instant_key_url: url }, null);
        }
        const key = `${r.status} ${r.body?.error?.type} ${r.body?.error?.message}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
        // An empty string is a schema error (400); everything else must look identical.
        return url === '' ? r.status === 400 : r.status === 401;
      }),
      { numRuns: GUESSES },
    );
    const answers = [...seen.keys()].filter((k) => k.startsWith('401'));
    expect(answers).toEqual(['401 unauthorized this instant key link is not valid (unknown, mistyped or deleted)']);
    t.clock.advance(240_000); // a full bucket again
    expect((await t.call('/instant_keys/open', { instant_key_url: realUrl }, null)).status).toBe(200);
    void limited;
  }, 60_000);

  it('a client hammering /instant_keys/open with wrong links is slowed down: 429 with retry-after, then 401 again after the window', async () => {
    t.clock.advance(240_000); // a full bucket again (200 at 60 per minute, docs/CLOUD.md)
    let limitedAt = 0;
    let last: Awaited<ReturnType<TestCloud['call']>> | undefined;
    for (let i = 1; i <= 300 && !limitedAt; i++) {
      last = await t.call('/instant_keys/open', { instant_key_url: `${realUrl.slice(0, -4)}zzz${i % 10}` }, null);
      if (last.status === 429) limitedAt = i;
    }
    expect(limitedAt).toBe(201);
    expect(last!.body.error.type).toBeTypeOf('string');
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    // While limited, even the right link waits (no oracle); after the window it opens.
    expect((await t.call('/instant_keys/open', { instant_key_url: realUrl }, null)).status).toBe(429);
    t.clock.advance(Number(last!.headers.get('retry-after')) * 1000 + 1000);
    expect((await t.call('/instant_keys/open', { instant_key_url: realUrl }, null)).status).toBe(200);
  }, 60_000);
});
