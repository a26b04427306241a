/**
 * Auth, least privilege, Seam's error shape, and secrets kept out of logs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guestWithKey, holderLoads, startTestCloud, type TestCloud } from './testCloud.js';

describe('auth and errors', () => {
  let t: TestCloud;
  beforeAll(async () => {
    t = await startTestCloud({ apiKey: 'seam_test_keyrig_configured_key_0123456789' });
  });
  afterAll(async () => t.close());

  it('401 without, with a malformed or with an unknown token; every error has Seam\'s shape and a request id', async () => {
    for (const [token, message] of [
      [null, /missing Authorization header/],
      ['seam_key1_unknown_unknown_unknown_unknown', /unknown API key/],
      ['seam_cst1_unknown_unknown_unknown_unknown', /unknown client session token/],
      ['abc123', /unrecognized token/],
      ['two words', /malformed Authorization header/],
    ] as const) {
      const r = await t.call('/workspaces/get', {}, token);
      expect(r.status).toBe(401);
      expect(r.body.error.type).toBe('unauthorized');
      expect(r.body.error.message).toMatch(message);
      expect(r.headers.get('seam-request-id')).toBe(r.body.error.request_id);
      expect(r.headers.get('content-type')).toMatch(/application\/json/);
    }
    expect((await t.call('/workspaces/get', {}, 'seam_test_keyrig_configured_key_0123456789')).status).toBe(200);
  });

  it('bad input is a 400 invalid_input naming the field, never a 5xx', async () => {
    const cases: [string, unknown, RegExp][] = [
      ['/user_identities/create', { email_address: 'nope' }, /email_address must be an email address/],
      ['/user_identities/create', { phone_number: '12' }, /phone_number must be in E\.164 format/],
      ['/user_identities/create', { surprise: 1 }, /Unrecognized key.*surprise/i],
      ['/access_grants/create', { user_identity_id: 'x', acs_entrance_ids: [], requested_access_methods: [] }, /user_identity_id must be a UUID/],
      ['/access_grants/create', { user_identity_id: '00000000-0000-4000-8000-000000000000', acs_entrance_ids: ['00000000-0000-4000-8000-000000000001'], requested_access_methods: [{ mode: 'code' }] }, /mobile keys only/],
      ['/access_grants/create', { user_identity_id: '00000000-0000-4000-8000-000000000000', acs_entrance_ids: ['00000000-0000-4000-8000-000000000001'], requested_access_methods: [{ mode: 'mobile_key' }], starts_at: 'tomorrow' }, /starts_at must be an ISO 8601 date-time/],
      ['/user_identities/generate_instant_key', { user_identity_id: '00000000-0000-4000-8000-000000000000', max_use_count: 0 }, /max_use_count must be at least 1/],
      ['/events/list', { since: 'yesterday' }, /since must be an ISO 8601/],
      ['/webhooks/create', { url: 'ftp://x' }, /url must be http or https/],
    ];
    for (const [path, body, message] of cases) {
      const r = await t.call(path, body);
      expect(r.status, `${path} ${JSON.stringify(r.body)}`).toBe(400);
      expect(r.body.error.type).toBe('invalid_input');
      expect(r.body.error.message).toMatch(message);
    }
    // Not JSON at all, JSON that is not an object, unknown entrance:
    const raw = await fetch(`${t.cloud.url}/user_identities/create`, { method: 'POST', headers: { authorization: `Bearer ${t.cloud.apiKey}`, 'content-type': 'application/json' }, body: '{"full_name":' });
    expect(raw.status).toBe(400);
    expect(((await raw.json()) as any).error).toMatchObject({ type: 'invalid_input', message: expect.stringMatching(/not valid JSON/) });
    const empty = await fetch(`${t.cloud.url}/workspaces/get`, { method: 'POST', headers: { authorization: `Bearer ${t.cloud.apiKey}`, 'content-type': 'application/json' } });
    expect(empty.status).toBe(200); // an empty JSON body is {}
    const arr = await fetch(`${t.cloud.url}/user_identities/create`, { method: 'POST', headers: { authorization: `Bearer ${t.cloud.apiKey}`, 'content-type': 'application/json' }, body: '[1]' });
    expect(arr.status).toBe(400);
    const ui = (await t.call('/user_identities/create', { full_name: 'Eve' })).body.user_identity;
    const unknown = await t.call('/access_grants/create', { user_identity_id: ui.user_identity_id, acs_entrance_ids: ['00000000-0000-4000-8000-000000000001'], requested_access_methods: [{ mode: 'mobile_key' }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/unknown acs_entrance_ids: 00000000-0000-4000-8000-000000000001/);
    const dup = await t.call('/user_identities/create', { user_identity_key: 'k1' });
    expect(dup.status).toBe(200);
    expect((await t.call('/user_identities/create', { user_identity_key: 'k1' })).body.error.message).toMatch(/already exists/);
    const route = await t.call('/devices/list', {});
    expect(route.status).toBe(404);
    expect(route.body.error.type).toBe('endpoint_not_found');
  });

  it('a client session token reaches only the key holder routes, and only its own endpoints', async () => {
    const a = await guestWithKey(t, ['room-101']);
    const b = await guestWithKey(t, ['room-102']);
    const ra = await holderLoads(t, a.instantKey.instant_key_url);
    const rb = await holderLoads(t, b.instantKey.instant_key_url);
    for (const path of ['/user_identities/list', '/access_grants/list', '/events/list', '/instant_keys/list', '/keyrig/locks/provisioning']) {
      const r = await t.call(path, {}, ra.token);
      expect(r.status, path).toBe(403);
      expect(r.body.error.message).toMatch(/client session token cannot call/);
    }
    const theirs = await t.call('/phone/credentials/load', { endpoint_id: rb.register!.body.endpoint.endpoint_id }, ra.token);
    expect(theirs.status).toBe(404);
    expect((await t.call('/phone/endpoints/remove', { endpoint_id: rb.register!.body.endpoint.endpoint_id }, ra.token)).status).toBe(404);
    expect((await t.call('/client_sessions/get', { client_session_id: b.instantKey.client_session_id }, ra.token)).status).toBe(403);
    expect((await t.call('/client_sessions/get', {}, ra.token)).body.client_session.client_session_id).toBe(a.instantKey.client_session_id);
    // And an API key cannot act as a key holder.
    expect((await t.call('/phone/endpoints/list', {})).status).toBe(403);
  });

  it('tokens and secrets are stored hashed (instant key secrets also encrypted) and never logged, at trace level', async () => {
    const g = await guestWithKey(t, ['room-101']);
    const r = await holderLoads(t, g.instantKey.instant_key_url);
    await fetch(g.instantKey.instant_key_url);
    await t.call('/instant_keys/get', { instant_key_url: g.instantKey.instant_key_url });
    const secret = g.instantKey.instant_key_url.split('/ik/')[1];
    const all = t.logs.join('\n');
    expect(all).toContain('"url":"/ik/[redacted]"');
    for (const s of [t.cloud.apiKey, r.token!, secret]) expect(all).not.toContain(s);
    expect(all).not.toMatch(/"d":"/); // no private JWK
    // The instant key URL reads back (as Seam's does): stored encrypted, never logged (#19).
    const later = (await t.call('/instant_keys/get', { instant_key_id: g.instantKey.instant_key_id })).body.instant_key;
    expect(later.instant_key_url).toBe(g.instantKey.instant_key_url);
    const session = (await t.call('/client_sessions/get', { client_session_id: g.instantKey.client_session_id })).body.client_session;
    expect(session.token).toBe('seam_cst_redacted');
  });

  it('refuses an --api-key the SDK would not accept', async () => {
    await expect(startTestCloud({ apiKey: 'seam_cst_thisLooksLikeAClientSessionToken' })).rejects.toThrow(/must not start with "seam_cst"/);
    await expect(startTestCloud({ apiKey: 'seam_short' })).rejects.toThrow(/at least 22 characters/);
  });
});
