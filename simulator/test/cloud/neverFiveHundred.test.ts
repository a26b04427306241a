/**
 * "Bad input -> 400, never a 5xx": every route gets random JSON bodies (built from the field
 * names routes use, with values of every JSON type) from an API key, a client session and no
 * token; the answer must be a 2xx or 4xx in Seam's error shape.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes, keyHolderRoutes } from '../../src/cloud/routes/index.js';
import { guestWithKey, holderLoads, startTestCloud, type TestCloud } from './testCloud.js';

const FIELDS = [
  'user_identity_id', 'user_identity_key', 'email_address', 'phone_number', 'full_name', 'access_grant_id', 'acs_entrance_ids',
  'acs_entrance_id', 'starts_at', 'ends_at', 'requested_access_methods', 'mode', 'max_use_count', 'instant_key_id', 'instant_key_url',
  'client_session_id', 'endpoint_id', 'public_key', 'public_jwk', 'records', 'lock_id', 'record', 'since', 'between', 'event_types',
  'limit', 'url', 'floors', 'customization', 'access_method_id', 'acs_credential_id', 'webhook_id', 'device_id', 'page_cursor', 'user_identity',
];

describe('no 5xx for any input', () => {
  let t: TestCloud;
  let token: string;
  let ids: string[];
  beforeAll(async () => {
    t = await startTestCloud();
    const g = await guestWithKey(t, ['room-101']);
    const r = await holderLoads(t, g.instantKey.instant_key_url);
    token = r.token!;
    ids = [g.userIdentity.user_identity_id, g.grant.access_grant_id, g.instantKey.instant_key_id, g.instantKey.client_session_id, r.register!.body.endpoint.endpoint_id, ...g.entranceIds];
  });
  afterAll(async () => t.close());

  it('every route answers 2xx/4xx with Seam\'s error shape', async () => {
    const scalar = fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom(...ids), fc.constant('2026-06-02T00:00:00Z'));
    const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.dictionary(fc.constantFrom('mode', 'primary_color', 'lock_id', 'record', 'kty', 'x'), scalar, { maxKeys: 3 }));
    const body = fc.oneof(fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 5 }), fc.jsonValue({ maxDepth: 2 }));
    const caller = fc.constantFrom<'api' | 'session' | 'none'>('api', 'session', 'none');
    const stats = new Map<number, number>();
    const paths = [...apiRoutes, ...keyHolderRoutes].map((r) => r.path);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), body, caller, async (path, b, who) => {
        const r = await t.call(path, b, who === 'api' ? t.cloud.apiKey : who === 'session' ? token : null);
        stats.set(r.status, (stats.get(r.status) ?? 0) + 1);
        expect(r.status, `${path} ${JSON.stringify(b)} -> ${JSON.stringify(r.body)}`).toBeLessThan(500);
        if (r.status >= 400) {
          expect(typeof r.body.error?.type).toBe('string');
          expect(r.body.error.message.length).toBeGreaterThan(5);
        }
      }),
      { numRuns: 1500, seed: 20261126 },
    );
    // The bodies reach past validation too: some calls succeed.
    expect(stats.get(200) ?? 0, JSON.stringify([...stats])).toBeGreaterThan(20);
  });
});
