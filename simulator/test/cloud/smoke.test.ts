import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guestWithKey, holderLoads, startTestCloud, type TestCloud } from './testCloud.js';

describe('cloud smoke', () => {
  let t: TestCloud;
  beforeAll(async () => {
    t = await startTestCloud();
  });
  afterAll(async () => t.close());

  it('issues an instant key and loads credentials', async () => {
    const g = await guestWithKey(t, ['room-101', 'elevator', 'gym']);
    const r = await holderLoads(t, g.instantKey.instant_key_url);
    expect(r.open.status, JSON.stringify(r.open.body)).toBe(200);
    expect(r.register?.status, JSON.stringify(r.register?.body)).toBe(200);
    expect(r.load?.status, JSON.stringify(r.load?.body)).toBe(200);
    console.log(JSON.stringify(r.load?.body, null, 1).slice(0, 3000));
  });
});
