/**
 * Revocation (grant deleted or shortened, instant key deleted, client session revoked, endpoint
 * removed) puts the issued documents on the blocklist and bumps its version; expiry ends the
 * instant key link and drops ended grants from the next load.
 */
import { schemas } from '@seamapi/types/connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guestWithKey, holderLoads, newDeviceKey, startTestCloud, type TestCloud } from './testCloud.js';

const DAY = 86_400_000;

describe('revocation', () => {
  let t: TestCloud;
  beforeAll(async () => {
    t = await startTestCloud();
  });
  afterAll(async () => t.close());

  async function loaded(entrances = ['room-101']) {
    const g = await guestWithKey(t, entrances, {}, { max_use_count: 3 });
    const device = await newDeviceKey();
    const r = await holderLoads(t, g.instantKey.instant_key_url, device);
    const bundle = r.load!.body.credential_bundle;
    return { g, r, device, bundle, ids: bundle.credentials.map((c: any) => c.credential_id) as string[], endpoint: r.register!.body.endpoint.endpoint_id as string };
  }

  /** The blocklist as a fresh, unrelated holder would load it. */
  async function blocklist() {
    const other = await loaded(['pool']);
    return other.bundle.blocklist as { version: number; revoked_credential_ids: string[] };
  }

  it('deleting the grant blocklists its documents and bumps the version', async () => {
    const { g, ids } = await loaded();
    const before = (await blocklist()).version;
    expect((await t.call('/access_grants/delete', { access_grant_id: g.grant.access_grant_id })).status).toBe(200);
    const after = await blocklist();
    expect(after.version).toBeGreaterThan(before);
    for (const id of ids) expect(after.revoked_credential_ids).toContain(id);
    const events = (await t.call('/events/list', { access_grant_id: g.grant.access_grant_id })).body.events.map((e: any) => e.event_type);
    expect(events).toEqual(expect.arrayContaining(['access_grant.deleted', 'access_method.revoked']));
  });

  it('shortening the grant blocklists documents it no longer covers; the next load reissues', async () => {
    const { g, r, ids, endpoint } = await loaded();
    const shorter = new Date(t.clock.now() + DAY).toISOString();
    expect((await t.call('/access_grants/update', { access_grant_id: g.grant.access_grant_id, ends_at: shorter })).status).toBe(200);
    const next = (await t.call('/phone/credentials/load', { endpoint_id: endpoint }, r.token)).body.credential_bundle;
    for (const id of ids) expect(next.blocklist.revoked_credential_ids).toContain(id);
    expect(next.credentials).toHaveLength(1);
    expect(next.credentials[0].ends_at).toBe(shorter);
    expect(ids).not.toContain(next.credentials[0].credential_id);
  });

  it('deleting the instant key revokes its session and blocklists its phones', async () => {
    const { g, r, ids, endpoint } = await loaded();
    expect((await t.call('/instant_keys/delete', { instant_key_id: g.instantKey.instant_key_id })).status).toBe(200);
    const denied = await t.call('/phone/credentials/load', { endpoint_id: endpoint }, r.token);
    expect(denied.status).toBe(401);
    expect(denied.body.error.message).toMatch(/revoked/);
    expect((await t.call('/instant_keys/open', { instant_key_url: g.instantKey.instant_key_url }, null)).status).toBe(401);
    const bl = await blocklist();
    for (const id of ids) expect(bl.revoked_credential_ids).toContain(id);
  });

  it('revoking the client session blocklists its phones', async () => {
    const { g, r, ids } = await loaded();
    expect((await t.call('/client_sessions/revoke', { client_session_id: g.instantKey.client_session_id })).status).toBe(200);
    expect((await t.call('/phone/endpoints/list', {}, r.token)).status).toBe(401);
    const bl = await blocklist();
    for (const id of ids) expect(bl.revoked_credential_ids).toContain(id);
  });

  it('removing an endpoint (by the holder or the operator) blocklists its documents only', async () => {
    const a = await loaded();
    const b = await loaded();
    expect((await t.call('/phone/endpoints/remove', { endpoint_id: a.endpoint }, a.r.token)).status).toBe(200);
    expect((await t.call('/phones/deactivate', { device_id: b.endpoint })).status).toBe(200);
    const bl = await blocklist();
    for (const id of [...a.ids, ...b.ids]) expect(bl.revoked_credential_ids).toContain(id);
    // A removed device cannot come back with the same key, even though uses are left.
    const again = await t.call('/phone/endpoints/register', { public_key: a.device.publicKey }, a.r.token);
    expect(again.status).toBe(403);
    expect(again.body.error.type).toBe('endpoint_removed');
  });

  it('every event these revocations recorded is a valid Seam event', async () => {
    const all = (await t.call('/events/list', { limit: 10_000 })).body.events;
    const types = new Set(all.map((e: any) => e.event_type));
    for (const ty of ['access_grant.deleted', 'access_method.revoked', 'acs_credential.invalidated', 'client_session.deleted', 'acs_credential.issued']) expect(types).toContain(ty);
    for (const e of all) schemas.seam_event.parse(e);
  });
});

describe('expiry', () => {
  let t: TestCloud;
  beforeAll(async () => {
    t = await startTestCloud();
  });
  afterAll(async () => t.close());

  it('an expired instant key link no longer opens, and its session stops working', async () => {
    const g = await guestWithKey(t, ['room-101'], {}, { expires_at: new Date(t.clock.now() + 3600_000).toISOString() });
    const r = await holderLoads(t, g.instantKey.instant_key_url);
    expect(r.load?.status).toBe(200);
    t.clock.advance(3600_000);
    const open = await t.call('/instant_keys/open', { instant_key_url: g.instantKey.instant_key_url }, null);
    expect(open.status).toBe(403);
    expect(open.body.error).toMatchObject({ type: 'instant_key_expired' });
    expect(open.body.error.message).toMatch(/expired at 2026-06-01T13:00:00.000Z/);
    const load = await t.call('/phone/credentials/load', { endpoint_id: r.register!.body.endpoint.endpoint_id }, r.token);
    expect(load.status).toBe(403); // C3 (#16): the holder is known, the key expired
    expect(load.body.error).toMatchObject({ type: 'instant_key_expired' });
  });

  it('a grant that ended is not in the next load; a future grant is (valid from its start)', async () => {
    const g = await guestWithKey(t, ['room-101'], { ends_at: new Date(t.clock.now() + DAY).toISOString() }, { expires_at: new Date(t.clock.now() + 5 * DAY).toISOString() });
    const gym = (await t.call('/acs/entrances/list')).body.acs_entrances.find((e: any) => e.display_name === 'Gym');
    const startsAt = new Date(t.clock.now() + 2 * DAY).toISOString();
    await t.call('/access_grants/create', {
      user_identity_id: g.userIdentity.user_identity_id, acs_entrance_ids: [gym.acs_entrance_id], requested_access_methods: [{ mode: 'mobile_key' }],
      starts_at: startsAt, ends_at: new Date(t.clock.now() + 4 * DAY).toISOString(),
    });
    const r = await holderLoads(t, g.instantKey.instant_key_url);
    expect(r.load!.body.credential_bundle.credentials.map((c: any) => c.entrance_name).sort()).toEqual(['Gym', 'Room 101']);
    t.clock.advance(DAY + 1);
    const next = (await t.call('/phone/credentials/load', { endpoint_id: r.register!.body.endpoint.endpoint_id }, r.token)).body.credential_bundle;
    expect(next.credentials.map((c: any) => c.entrance_name)).toEqual(['Gym']);
    expect(next.credentials[0].starts_at).toBe(startsAt);
    const preview = (await t.call('/instant_keys/open', { instant_key_url: g.instantKey.instant_key_url }, null)).body.instant_key_preview;
    expect(preview.access).toEqual([expect.objectContaining({ name: 'Gym', available: false, hours: 'daily 06:00-22:00' })]);
  });
});

describe('deleting a user identity', () => {
  it('revokes everything it held and removes its grants, keys and sessions', async () => {
    const t = await startTestCloud();
    try {
      const g = await guestWithKey(t, ['room-101', 'elevator'], { requested_access_methods: [{ mode: 'mobile_key', instant_key_max_use_count: 3 }] });
      expect(g.instantKey.keyrig_metadata.max_use_count).toBe(3); // from the grant's access method
      const r = await holderLoads(t, g.instantKey.instant_key_url);
      const ids = r.load!.body.credential_bundle.credentials.map((c: any) => c.credential_id);
      expect((await t.call('/user_identities/delete', { user_identity_id: g.userIdentity.user_identity_id })).status).toBe(200);
      expect((await t.call('/user_identities/get', { user_identity_id: g.userIdentity.user_identity_id })).status).toBe(404);
      expect((await t.call('/access_grants/get', { access_grant_id: g.grant.access_grant_id })).status).toBe(404);
      expect((await t.call('/instant_keys/list', { user_identity_id: g.userIdentity.user_identity_id })).body.instant_keys).toEqual([]);
      expect((await t.call('/phone/endpoints/list', {}, r.token)).status).toBe(401);
      const other = await guestWithKey(t, ['pool']);
      const bl = (await holderLoads(t, other.instantKey.instant_key_url)).load!.body.credential_bundle.blocklist;
      for (const id of ids) expect(bl.revoked_credential_ids).toContain(id);
    } finally {
      await t.close();
    }
  });
});

describe('an instant key with a defaulted expiry follows its grants', () => {
  it('extending the grant keeps the link and session alive so the holder can load the extension', async () => {
    const t = await startTestCloud();
    try {
      const g = await guestWithKey(t, ['room-101'], { ends_at: new Date(t.clock.now() + DAY).toISOString() });
      expect(g.instantKey.expires_at).toBe(g.grant.ends_at);
      const r = await holderLoads(t, g.instantKey.instant_key_url);
      const later = new Date(t.clock.now() + 3 * DAY).toISOString();
      await t.call('/access_grants/update', { access_grant_id: g.grant.access_grant_id, ends_at: later });
      expect((await t.call('/instant_keys/get', { instant_key_id: g.instantKey.instant_key_id })).body.instant_key.expires_at).toBe(later);
      t.clock.advance(2 * DAY);
      const next = await t.call('/phone/credentials/load', { endpoint_id: r.register!.body.endpoint.endpoint_id }, r.token);
      expect(next.status, JSON.stringify(next.body)).toBe(200);
      expect(next.body.credential_bundle.credentials[0].ends_at).toBe(later);
      // An explicitly dated key does not move.
      const k2 = (await t.call('/user_identities/generate_instant_key', { user_identity_id: g.userIdentity.user_identity_id, expires_at: new Date(t.clock.now() + 3600_000).toISOString() })).body.instant_key;
      await t.call('/access_grants/update', { access_grant_id: g.grant.access_grant_id, ends_at: new Date(t.clock.now() + 5 * DAY).toISOString() });
      expect((await t.call('/instant_keys/get', { instant_key_id: k2.instant_key_id })).body.instant_key.expires_at).toBe(k2.expires_at);
    } finally {
      await t.close();
    }
  });
});
