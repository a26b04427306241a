/** Ids come from the injected RNG: the same seed and clock give the same ids (reproducible runs). */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Rng } from '../../src/cloud/index.js';
import { startTestCloud } from './testCloud.js';

function seededRng(seed: string): Rng {
  let counter = 0;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i += 32) out.set(createHash('sha256').update(`${seed}:${counter++}`).digest().subarray(0, Math.min(32, n - i)), i);
    return out;
  };
}

async function firstIds(seed: string) {
  const t = await startTestCloud({ rng: seededRng(seed), apiKey: 'seam_test_seeded_rng_0123456789abcdefgh' });
  try {
    const ui = (await t.call('/user_identities/create', { full_name: 'Seed' })).body.user_identity;
    const ik = (await t.call('/user_identities/generate_instant_key', { user_identity_id: ui.user_identity_id })).body.instant_key;
    return [ui.user_identity_id, ik.instant_key_id, ik.instant_key_url.split('/ik/')[1]];
  } finally {
    await t.close();
  }
}

describe('injected RNG', () => {
  it('same seed, same ids and secrets; another seed, others', async () => {
    const a = await firstIds('one');
    expect(await firstIds('one')).toEqual(a);
    expect((await firstIds('two'))[0]).not.toBe(a[0]);
  });
});
