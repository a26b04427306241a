/**
 * Brute force of instant key URLs (docs/SECURITY.md): the link's secret is 256 random bits, so
 * guessing is hopeless as long as guesses are refused uniformly — every wrong guess the same 401
 * with the same message, well-formed or not, whatever its likeness to a real one — and, as a
 * second line, guesses should be rate limited.
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
    await fc.assert(
      fc.asyncProperty(guess, fc.boolean(), async (g, whole) => {
        const url = whole ? base + g : g;
        const r = await t.call('/instant_keys/open', { instant_key_url: url }, null);
        const key = `${r.status} ${r.body?.error?.type} ${r.body?.error?.message}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
        // An empty string is a schema error (400); everything else must look identical.
        return url === '' ? r.status === 400 : r.status === 401;
      }),
      { numRuns: GUESSES },
    );
    const answers = [...seen.keys()].filter((k) => k.startsWith('401'));
    expect(answers).toEqual(['401 unauthorized this instant key link is not valid (unknown, mistyped or deleted)']);
    expect((await t.call('/instant_keys/open', { instant_key_url: realUrl }, null)).status).toBe(200);
  }, 60_000);

  // KNOWN GAP (reported in docs/SECURITY.md and the robustness report): the cloud has no rate limit
  // on /instant_keys/open, so this test is expected to fail — `it.fails` keeps CI green while the gap
  // exists and turns red the day a limit lands (then drop `.fails`). 256-bit secrets keep guessing
  // hopeless regardless; the limit is defence in depth and protects the SQLite lookups.
  it.fails('a client hammering /instant_keys/open with wrong links is slowed down (429 within 200 wrong guesses)', async () => {
    let limited = false;
    for (let i = 0; i < 200 && !limited; i++) {
      const r = await t.call('/instant_keys/open', { instant_key_url: `${realUrl.slice(0, -4)}zzz${i % 10}` }, null);
      limited = r.status === 429;
    }
    expect(limited).toBe(true);
  }, 60_000);
});
