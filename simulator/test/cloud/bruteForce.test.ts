/**
 * Guessing instant key URLs (docs/SECURITY.md): the secret is 256 random bits, and each address
 * gets only a few wrong guesses per window before every open is refused with 429 and Retry-After
 * — even a right one, so a guesser cannot tell a hit. Other addresses are not affected; the window
 * runs on the cloud's injected clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { guestWithKey, startTestCloud, type TestCloud } from './testCloud.js';

let t: TestCloud | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('instant key URL brute force', () => {
  it('refuses an address after 5 wrong guesses, with 429 and Retry-After, until the window ends', async () => {
    t = await startTestCloud({ keyOpenLimit: { maxFailures: 5, windowMs: 60_000 } });
    const g = await guestWithKey(t, ['room-101']);
    const real = g.instantKey.instant_key_url as string;
    const secret = real.slice(real.lastIndexOf('/') + 1);
    // Guesses of the right shape, the last character changed.
    for (let i = 0; i < 5; i++) {
      const guess = real.slice(0, -1) + (secret.endsWith(String(i)) ? 'x' : String(i));
      const r = await t.call('/instant_keys/open', { instant_key_url: guess }, null);
      expect(r.status).toBe(401);
    }
    const blocked = await t.call('/instant_keys/open', { instant_key_url: real }, null);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.type).toBe('too_many_requests');
    expect(blocked.body.error.message).toMatch(/too many invalid attempts from this address: try again in 60 s/);
    expect(blocked.headers.get('retry-after')).toBe('60');
    // The secret never shows up in what the cloud logged.
    expect(t.logs.join('\n')).not.toContain(secret);

    t.clock.advance(60_000);
    const after = await t.call('/instant_keys/open', { instant_key_url: real }, null);
    expect(after.status).toBe(200);
    expect(after.body.client_session.token).toMatch(/^seam_cst/);
  });

  it('does not count successful opens', async () => {
    t = await startTestCloud({ keyOpenLimit: { maxFailures: 2 } });
    const g = await guestWithKey(t, ['room-101']);
    for (let i = 0; i < 6; i++) {
      expect((await t.call('/instant_keys/open', { instant_key_url: g.instantKey.instant_key_url }, null)).status).toBe(200);
    }
  });
});
