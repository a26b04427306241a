/**
 * Each POST /instant_keys/open mints a client session token; a key keeps at most 20 live ones
 * (docs/CLOUD.md, "Key-holder flow"): the 21st open drops the oldest, which then gets 401 while
 * the 20 newest keep working. Opening again gives a device a working token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guestWithKey, startTestCloud, type TestCloud } from './testCloud.js';

describe('live client session tokens per instant key', () => {
  let t: TestCloud;
  beforeAll(async () => {
    t = await startTestCloud();
  });
  afterAll(async () => t.close());

  it('25 opens leave the 20 newest tokens live and the 5 oldest refused', async () => {
    const g = await guestWithKey(t, ['room-101']);
    const tokens: string[] = [];
    for (let i = 0; i < 25; i++) {
      const r = await t.call('/instant_keys/open', { instant_key_url: g.instantKey.instant_key_url }, null);
      expect(r.status).toBe(200);
      tokens.push(r.body.client_session.token as string);
      t.clock.advance(1000);
    }
    const statuses = await Promise.all(tokens.map(async (tok) => (await t.call('/phone/endpoints/list', {}, tok)).status));
    expect(statuses).toEqual([...Array<number>(5).fill(401), ...Array<number>(20).fill(200)]);
    // Another key's tokens are not touched by this one's opens.
    const other = await guestWithKey(t, ['room-101']);
    const otherToken = (await t.call('/instant_keys/open', { instant_key_url: other.instantKey.instant_key_url }, null)).body.client_session.token as string;
    for (let i = 0; i < 21; i++) await t.call('/instant_keys/open', { instant_key_url: g.instantKey.instant_key_url }, null);
    expect((await t.call('/phone/endpoints/list', {}, otherToken)).status).toBe(200);
  });

  it('opens at the same clock time are capped too (oldest by insertion)', async () => {
    const g = await guestWithKey(t, ['room-101']);
    const tokens: string[] = [];
    for (let i = 0; i < 21; i++) tokens.push((await t.call('/instant_keys/open', { instant_key_url: g.instantKey.instant_key_url }, null)).body.client_session.token as string);
    expect((await t.call('/phone/endpoints/list', {}, tokens[0])).status).toBe(401);
    expect((await t.call('/phone/endpoints/list', {}, tokens[1])).status).toBe(200);
  });
});
