/**
 * The access cloud's JSON bodies and query strings under fuzz (CI budget; `npm run fuzz --
 * --target cloud` is the dedicated run): never a 5xx, always Seam's error shape with a message.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { runCloudFuzz, type CloudFuzzWorld } from '../../src/testing/index.js';

const REQUESTS = Number(process.env.KEYRIG_FUZZ_CLOUD_REQUESTS ?? 600);
const SEED = Number(process.env.KEYRIG_FUZZ_SEED ?? Date.now() % 1_000_000);

describe('cloud input fuzz (CI budget)', () => {
  let world: CloudFuzzWorld | undefined;
  afterAll(async () => world?.t.close());

  it(`${REQUESTS} hostile requests on every route: 2xx or a 4xx with a clear message, never a 5xx`, async () => {
    const r = await runCloudFuzz({ requests: REQUESTS, seed: SEED });
    world = r.world;
    console.log(`cloud fuzz: ${JSON.stringify({ seed: SEED, requests: r.requests, wallMs: r.wallMs, byStatus: r.byStatus })}`);
    expect(r.failures, `seed ${SEED}`).toEqual([]);
    expect(r.requests).toBe(REQUESTS);
    expect(r.world.t.logs.filter((l) => JSON.parse(l).level >= 50)).toEqual([]);
  }, 120_000);
});
