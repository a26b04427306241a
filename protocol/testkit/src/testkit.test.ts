import { describe, expect, it } from 'vitest';
import { verifyCredentialDocument } from '@keyrig/protocol';
import { issueKey, makeProvider, waitUntil } from './index.js';

const LOCK = '6b657972-0000-4000-8000-000000000001';

describe('testkit', () => {
  it('issues a key the provider signed, bound to its endpoint key', async () => {
    const provider = await makeProvider('kit-1');
    const key = await issueKey(provider, [LOCK], {}, { now: Date.UTC(2026, 0, 1) });
    expect(key.credential.document).toMatchObject({ keyId: 'kit-1', entrances: [LOCK], notAfter: Date.UTC(2026, 0, 2) });
    expect(provider.publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256' });
    await expect(verifyCredentialDocument(key.credential.bytes, provider.keys)).resolves.toMatchObject({ ok: true });
  });

  it('waits until a condition holds, and says what never happened', async () => {
    let n = 0;
    const t = setInterval(() => n++, 5);
    await waitUntil(() => n >= 3, 'three ticks', 2000);
    clearInterval(t);
    await expect(waitUntil(() => false, 'the impossible', 50)).rejects.toThrow('timed out waiting for the impossible');
  });
});
