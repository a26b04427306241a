/**
 * The second wave of Seam routes (#19): client_sessions/create|get_or_create|delete,
 * user_identities/list_accessible_entrances, access_grants/request_access_methods, Seam's
 * instant-key preview route and acs/entrances/unlock. Real HTTP on a random port and the official
 * SDK; every resource validates against @seamapi/types (zod where it has the schema, OpenAPI
 * otherwise). Expected values come from docs/CLOUD.md and the demo hotel, counted by hand.
 */
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { SeamActionAttemptFailedError, SeamHttp } from '@seamapi/http/connect';
import { openapi, schemas } from '@seamapi/types/connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guestWithKey, holderLoads, startTestCloud, type TestCloud } from './testCloud.js';
import { startSdkCloud } from './sdkCloud.js';
import { checkOpenApi, checkOpenApiRoute } from './openApiCheck.js';

const DAY = 86_400_000;
const NO_SUCH = '00000000-0000-4000-8000-000000000000';

describe('second-wave Seam routes', () => {
  let t: TestCloud;
  let seam: SeamHttp;
  let ids: Record<string, string>;
  beforeAll(async () => {
    ({ t, seam, ids } = await startSdkCloud());
  });
  afterAll(async () => t.close());

  async function identity(name = 'Ada Lovelace') {
    return seam.userIdentities.create({ full_name: name, email_address: `${Math.random().toString(36).slice(2)}@example.com` });
  }

  it('client_sessions/create: a session of the identity whose token (>= 128 bits) is shown once and stored only as its SHA-256', async () => {
    const ui = await identity();
    const s = await seam.clientSessions.create({ user_identity_id: ui.user_identity_id });
    schemas.client_session.parse(s);
    expect(s.user_identity_ids).toEqual([ui.user_identity_id]);
    expect(s.token).toMatch(/^seam_cst/);
    expect(Buffer.from(s.token.slice('seam_cst1_'.length), 'base64url').length).toBeGreaterThanOrEqual(16);
    // Default lifetime: a day (docs/CLOUD.md "Client sessions").
    expect(Date.parse(s.expires_at) - Date.parse(s.created_at)).toBe(DAY);
    // The token authenticates as that session, and is never shown again.
    const own = await t.call('/client_sessions/get', {}, s.token);
    expect(own.body.client_session.client_session_id).toBe(s.client_session_id);
    expect((await seam.clientSessions.get({ client_session_id: s.client_session_id })).token).not.toBe(s.token);
    // Stored hashed: the database has SHA-256(token) and never the token; nothing logged it.
    const db = new Database(t.dbPath, { readonly: true });
    const rows = db.prepare('SELECT token_hash FROM client_session_tokens WHERE client_session_id = ?').all(s.client_session_id) as { token_hash: Buffer }[];
    db.close();
    expect(rows.map((r) => r.token_hash.toString('hex'))).toEqual([createHash('sha256').update(s.token).digest('hex')]);
    expect(t.logs.some((l) => l.includes(s.token))).toBe(false);
    // A session made with an API key sets up no phone: that goes through an instant key.
    const reg = await t.call('/phone/endpoints/register', { public_key: 'x'.repeat(87), user_agent: 'vitest' }, s.token);
    expect(reg.status).toBe(403);

    const until = new Date(t.clock.now() + 3 * 3_600_000).toISOString();
    expect((await seam.clientSessions.create({ user_identity_ids: [ui.user_identity_id], expires_at: until })).expires_at).toBe(until);
  });

  it('client_sessions/create refuses what keyrig cannot honour, with clear errors', async () => {
    const ui = await identity();
    const cases: [unknown, number, RegExp][] = [
      [{}, 400, /belong to a user identity/],
      [{ user_identity_id: ui.user_identity_id, connected_account_ids: ['ca'] }, 400, /no connected accounts/],
      [{ user_identity_id: ui.user_identity_id, expires_at: new Date(t.clock.now() - 1000).toISOString() }, 400, /expires_at must be in the future/],
      [{ user_identity_ids: [ui.user_identity_id, ui.user_identity_id] }, 400, /exactly one id/],
      [{ user_identity_id: NO_SUCH }, 404, /user identity .* not found/],
    ];
    for (const [body, status, message] of cases) {
      const res = await t.call('/client_sessions/create', body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.error.message).toMatch(message);
    }
  });

  it('client_sessions/get_or_create returns the live API-key session with a fresh token, else makes one', async () => {
    // The identity already has a live session behind an instant key: that one is never handed out.
    const g = await guestWithKey(t, ['room-101']);
    const ui = g.userIdentity;
    const first = await seam.clientSessions.getOrCreate({ user_identity_id: ui.user_identity_id });
    schemas.client_session.parse(first);
    expect(first.client_session_id).not.toBe(g.instantKey.client_session_id);
    const later = new Date(t.clock.now() + 2 * DAY).toISOString();
    const again = await seam.clientSessions.getOrCreate({ user_identity_id: ui.user_identity_id, expires_at: later });
    expect(again.client_session_id).toBe(first.client_session_id);
    expect(again.expires_at).toBe(later);
    expect(again.token).not.toBe(first.token);
    for (const token of [first.token, again.token]) expect((await t.call('/client_sessions/get', {}, token)).status).toBe(200);
    // Once revoked, a new session is made.
    await seam.clientSessions.revoke({ client_session_id: first.client_session_id });
    const fresh = await seam.clientSessions.getOrCreate({ user_identity_id: ui.user_identity_id });
    expect(fresh.client_session_id).not.toBe(first.client_session_id);
  });

  it('client_sessions/delete: revoked, then gone (404); an instant key behind it is deleted too', async () => {
    const ui = await identity();
    const s = await seam.clientSessions.create({ user_identity_id: ui.user_identity_id });
    await seam.clientSessions.delete({ client_session_id: s.client_session_id });
    await expect(seam.clientSessions.get({ client_session_id: s.client_session_id })).rejects.toMatchObject({ statusCode: 404 });
    expect((await t.call('/client_sessions/get', {}, s.token)).status).toBe(401);
    const deleted = (await t.call('/events/list', { event_type: 'client_session.deleted' })).body.events.filter((e: any) => e.client_session_id === s.client_session_id);
    expect(deleted).toHaveLength(1);

    const g = await guestWithKey(t, ['room-102']);
    const holder = await holderLoads(t, g.instantKey.instant_key_url);
    expect(holder.load!.status).toBe(200);
    await t.call('/client_sessions/delete', { client_session_id: g.instantKey.client_session_id });
    expect((await t.call('/instant_keys/get', { instant_key_id: g.instantKey.instant_key_id })).status).toBe(404);
    expect((await t.call('/instant_keys/open', { instant_key_url: g.instantKey.instant_key_url }, null)).status).toBe(401);
    expect((await t.call('/phone/endpoints/list', {}, holder.token)).status).toBe(401);
    expect((await t.call('/client_sessions/delete', { client_session_id: g.instantKey.client_session_id })).status).toBe(404);
  });

  it('user_identities/list_accessible_entrances: the entrances of grants that have not ended, each once', async () => {
    const ui = await identity();
    const grant = (entrances: string[], startsIn: number, endsIn: number) =>
      seam.accessGrants.create({
        user_identity_id: ui.user_identity_id,
        acs_entrance_ids: entrances.map((k) => ids[k]!),
        starts_at: new Date(t.clock.now() + startsIn).toISOString(),
        ends_at: new Date(t.clock.now() + endsIn).toISOString(),
        requested_access_methods: [{ mode: 'mobile_key' }],
      });
    await grant(['room-101', 'elevator'], 0, 2 * DAY);
    await grant(['elevator', 'gym'], 0, 3_600_000); // ends in an hour
    await grant(['pool'], DAY, 2 * DAY); // starts tomorrow
    const names = async () => (await seam.userIdentities.listAccessibleEntrances({ user_identity_id: ui.user_identity_id })).map((e) => e.display_name).sort();
    expect(await names()).toEqual(['Elevator', 'Gym', 'Pool', 'Room 101']);
    for (const e of await seam.userIdentities.listAccessibleEntrances({ user_identity_id: ui.user_identity_id })) schemas.acs_entrance.parse(e);
    t.clock.advance(2 * 3_600_000); // the one-hour grant has ended
    expect(await names()).toEqual(['Elevator', 'Pool', 'Room 101']);
    const none = await identity('Nobody');
    expect(await seam.userIdentities.listAccessibleEntrances({ user_identity_id: none.user_identity_id })).toEqual([]);
    expect((await t.call('/user_identities/list_accessible_entrances', { user_identity_id: NO_SUCH })).status).toBe(404);
  });

  it('access_grants/request_access_methods adds mobile keys to a grant; other modes and ended grants are refused', async () => {
    const g = await guestWithKey(t, ['room-101']);
    t.clock.advance(1000); // the added method is the later one
    const grant = await seam.accessGrants.requestAccessMethods({ access_grant_id: g.grant.access_grant_id, requested_access_methods: [{ mode: 'mobile_key', instant_key_max_use_count: 3 }] });
    checkOpenApi(openapi, 'access_grant', grant);
    expect(grant.access_method_ids).toHaveLength(2);
    expect(grant.requested_access_methods.map((m) => m.instant_key_max_use_count ?? null)).toEqual([null, 3]);
    const added = grant.access_method_ids.find((id) => !g.grant.access_method_ids.includes(id))!;
    checkOpenApi(openapi, 'access_method', await seam.accessMethods.get({ access_method_id: added }));
    const events = (await t.call('/events/list', { access_method_id: added })).body.events.map((e: any) => e.event_type).sort();
    expect(events).toEqual(['access_method.created', 'access_method.issued']);
    // The identity's next instant key defaults to the largest use count of its grants (CLOUD.md, C2): now 3.
    const ik = await t.call('/user_identities/generate_instant_key', { user_identity_id: g.userIdentity.user_identity_id });
    expect(ik.body.instant_key.keyrig_metadata.max_use_count).toBe(3);

    const code = await t.call('/access_grants/request_access_methods', { access_grant_id: g.grant.access_grant_id, requested_access_methods: [{ mode: 'code' }] });
    expect(code.status).toBe(400);
    expect(code.body.error.message).toMatch(/mobile keys only/);
    const empty = await t.call('/access_grants/request_access_methods', { access_grant_id: g.grant.access_grant_id, requested_access_methods: [] });
    expect(empty.body.error.message).toMatch(/at least one entry/);
    t.clock.advance(4 * DAY); // guestWithKey's grant ends after 3 days
    const ended = await t.call('/access_grants/request_access_methods', { access_grant_id: g.grant.access_grant_id, requested_access_methods: [{ mode: 'mobile_key' }] });
    expect(ended.status).toBe(400);
    expect(ended.body.error.message).toMatch(/has ended/);
  });

  it("Seam's instant-key preview route: public, validates against @seamapi/types, names the guest, room and access", async () => {
    const g = await guestWithKey(t, ['room-102', 'elevator', 'gym'], { floors: [3] }, { customization: { primary_color: '#112233', logo_url: 'https://example.com/logo.png' } });
    await t.call('/user_identities/update', { user_identity_id: g.userIdentity.user_identity_id, full_name: 'Ada King Lovelace' });
    const res = await t.call('/seam/instant_key/v1/preview/get', { instant_key_url: g.instantKey.instant_key_url }, null);
    expect(res.status).toBe(200);
    checkOpenApiRoute(openapi, '/seam/instant_key/v1/preview/get', res.body);
    const p = res.body.instant_key_preview;
    expect(p.guest).toMatchObject({ first_name: 'Ada King', last_name: 'Lovelace', full_name: 'Ada King Lovelace' });
    expect(p.guest.check_out_date).toBe(g.grant.ends_at);
    expect(p.room).toEqual({ room_number: '102', room_type: 'guest room', floor: 3 });
    expect(p.hotel).toMatchObject({ hotel_name: 'keyrig Demo Hotel', primary_color: '#112233', logo_url: 'https://example.com/logo.png', verified: false });
    expect(p.access.map((a: any) => [a.name, a.icon]).sort()).toEqual([['Elevator', 'elevator'], ['Gym', 'amenity'], ['Room 102', 'door']]);
    expect(p.key_status).toBe('ready');
    expect(p.shortcode).toBe(g.instantKey.instant_key_id); // never the URL's secret
    // The checker can fail.
    expect(() => checkOpenApiRoute(openapi, '/seam/instant_key/v1/preview/get', { ...res.body, instant_key_preview: { ...p, key_status: 'open' } })).toThrow(/key_status/);
    const wrong = await t.call('/seam/instant_key/v1/preview/get', { instant_key_url: `${t.cloud.url}/ik/${'A'.repeat(43)}` }, null);
    expect(wrong.status).toBe(401);
    t.clock.advance(10 * DAY);
    const expired = await t.call('/seam/instant_key/v1/preview/get', { instant_key_url: g.instantKey.instant_key_url }, null);
    expect(expired.body.instant_key_preview.key_status).toBe('expired');
  });

  it('the preview route shares the brake on wrong links with /instant_keys/open (docs/SECURITY.md)', async () => {
    const small = await startTestCloud({ keyOpenLimit: { burst: 2, refillPerMinute: 1 } });
    try {
      const g = await guestWithKey(small, ['room-101']);
      const wrong = `${small.cloud.url}/ik/${'B'.repeat(43)}`;
      for (let i = 0; i < 2; i++) expect((await small.call('/seam/instant_key/v1/preview/get', { instant_key_url: wrong }, null)).status).toBe(401);
      // The bucket is empty: even the right link is refused, on both routes.
      expect((await small.call('/seam/instant_key/v1/preview/get', { instant_key_url: g.instantKey.instant_key_url }, null)).status).toBe(429);
      expect((await small.call('/instant_keys/open', { instant_key_url: g.instantKey.instant_key_url }, null)).status).toBe(429);
    } finally {
      await small.close();
    }
  });

  it('acs/entrances/unlock: a failed UNLOCK_DOOR action attempt (BLE-only locks), which the SDK raises at once', async () => {
    const g = await guestWithKey(t, ['room-101']);
    const cred = (await t.call('/acs/credentials/list', { user_identity_id: g.userIdentity.user_identity_id })).body.acs_credentials[0];
    const res = await t.call('/acs/entrances/unlock', { acs_entrance_id: ids['room-101'], acs_credential_id: cred.acs_credential_id });
    expect(res.status).toBe(200);
    const attempt = schemas.action_attempt.parse(res.body.action_attempt);
    expect(attempt).toMatchObject({ action_type: 'UNLOCK_DOOR', status: 'error', error: { type: 'cannot_unlock_remotely' } });
    expect(res.body.action_attempt.error.message).toMatch(/Room 101 cannot be unlocked remotely/);
    const thrown = await seam.acs.entrances.unlock({ acs_entrance_id: ids['room-101']!, acs_credential_id: cred.acs_credential_id }).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(SeamActionAttemptFailedError);
    expect((await t.call('/acs/entrances/unlock', { acs_entrance_id: NO_SUCH, acs_credential_id: cred.acs_credential_id })).status).toBe(404);
    expect((await t.call('/acs/entrances/unlock', { acs_entrance_id: ids['room-101'], acs_credential_id: NO_SUCH })).status).toBe(404);
  });
});
