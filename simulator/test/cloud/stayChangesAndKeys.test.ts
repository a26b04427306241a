/**
 * Issue #16 cloud decisions over real HTTP (docs/CLOUD.md): C1 an instant key without expires_at
 * follows the grants it covers, extension after expiry included; C2 the default max_use_count
 * ignores ended grants; C3 an expired key's session gets 403 instant_key_expired; C4 a record
 * written with the lock's clock unset is dated at upload and flagged. Expected values are
 * computed by hand from those rules (START = 2026-06-01T12:00Z).
 */
import { CommandOp, encodeAuditRecord, ResultCode, toBase64Url } from '@keyrig/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { guestWithKey, holderLoads, lockAuditSealer, newDeviceKey, START, startTestCloud, type TestCloud } from './testCloud.js';

const DAY = 86_400_000;
const at = (ms: number) => new Date(START + ms).toISOString();

let t: TestCloud;
beforeEach(async () => {
  t = await startTestCloud();
});
afterEach(async () => t.close());

const keyExpiry = async (id: string) => (await t.call('/instant_keys/get', { instant_key_id: id })).body.instant_key.expires_at as string;
const update = (grantId: string, endsAt: string) => t.call('/access_grants/update', { access_grant_id: grantId, ends_at: endsAt });
async function grant(userIdentityId: string, entranceId: string, o: Record<string, unknown>) {
  const r = await t.call('/access_grants/create', { user_identity_id: userIdentityId, acs_entrance_ids: [entranceId], requested_access_methods: [{ mode: 'mobile_key' }], ...o });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.access_grant.access_grant_id as string;
}

describe('C1: an instant key created without expires_at follows the grants it covers', () => {
  it('a stay extended after the key expired: the expiry follows and the same session loads the extension', async () => {
    const g = await guestWithKey(t, ['room-101'], { ends_at: at(DAY) });
    expect(g.instantKey.expires_at).toBe(at(DAY));
    const r = await holderLoads(t, g.instantKey.instant_key_url);
    const endpoint = r.register!.body.endpoint.endpoint_id;
    t.clock.advance(2 * DAY); // the key expired at +1 d
    expect((await t.call('/phone/credentials/load', { endpoint_id: endpoint }, r.token)).status).toBe(403);
    expect((await update(g.grant.access_grant_id, at(5 * DAY))).status).toBe(200);
    expect(await keyExpiry(g.instantKey.instant_key_id)).toBe(at(5 * DAY));
    const load = await t.call('/phone/credentials/load', { endpoint_id: endpoint }, r.token);
    expect(load.status, JSON.stringify(load.body)).toBe(200);
    expect(load.body.credential_bundle.credentials.map((c: any) => c.ends_at)).toEqual([at(5 * DAY)]);
    expect((await t.call('/instant_keys/open', { instant_key_url: g.instantKey.instant_key_url }, null)).status).toBe(200);
  });

  it('latest end of the covered grants: shortened → moves back; a deleted grant no longer counts; none left → stays', async () => {
    const g = await guestWithKey(t, ['room-101'], { ends_at: at(1 * DAY) });
    const b = await grant(g.userIdentity.user_identity_id, g.entranceIds[0]!, { ends_at: at(3 * DAY) });
    // b was created while the key was valid: covered.
    expect(await keyExpiry(g.instantKey.instant_key_id)).toBe(at(3 * DAY));
    await update(b, at(2 * DAY));
    expect(await keyExpiry(g.instantKey.instant_key_id)).toBe(at(2 * DAY));
    await t.call('/access_grants/delete', { access_grant_id: b });
    expect(await keyExpiry(g.instantKey.instant_key_id)).toBe(at(1 * DAY));
    await t.call('/access_grants/delete', { access_grant_id: g.grant.access_grant_id });
    expect(await keyExpiry(g.instantKey.instant_key_id)).toBe(at(1 * DAY));
  });

  it('a grant created after the key expired is not covered: the old link does not revive for a new stay', async () => {
    const g = await guestWithKey(t, ['room-101'], { ends_at: at(DAY) });
    t.clock.advance(2 * DAY);
    const next = await grant(g.userIdentity.user_identity_id, g.entranceIds[0]!, { starts_at: at(3 * DAY), ends_at: at(6 * DAY) });
    expect(await keyExpiry(g.instantKey.instant_key_id)).toBe(at(DAY));
    await update(next, at(8 * DAY)); // not covered: its changes do not move the key either
    expect(await keyExpiry(g.instantKey.instant_key_id)).toBe(at(DAY));
    expect((await t.call('/instant_keys/open', { instant_key_url: g.instantKey.instant_key_url }, null)).body.error.type).toBe('instant_key_expired');
  });

  it('an open-ended grant counts as its start + 7 days', async () => {
    const ui = (await t.call('/user_identities/create', { full_name: 'Open Ended' })).body.user_identity;
    const room = (await t.call('/acs/entrances/list')).body.acs_entrances.find((e: any) => e.keyrig_metadata.entrance_key === 'room-101');
    await grant(ui.user_identity_id, room.acs_entrance_id, { starts_at: at(2 * DAY) });
    const k = (await t.call('/user_identities/generate_instant_key', { user_identity_id: ui.user_identity_id })).body.instant_key;
    expect(k.expires_at).toBe(at(9 * DAY));
  });

  it('an explicit expires_at never moves; a deleted key never revives', async () => {
    const g = await guestWithKey(t, ['room-101'], { ends_at: at(DAY) }, { expires_at: at(DAY / 2) });
    await update(g.grant.access_grant_id, at(4 * DAY));
    expect(await keyExpiry(g.instantKey.instant_key_id)).toBe(at(DAY / 2));
    const h = await guestWithKey(t, ['room-101'], { ends_at: at(DAY) });
    const r = await holderLoads(t, h.instantKey.instant_key_url);
    await t.call('/instant_keys/delete', { instant_key_id: h.instantKey.instant_key_id });
    await update(h.grant.access_grant_id, at(4 * DAY));
    expect((await t.call('/instant_keys/get', { instant_key_id: h.instantKey.instant_key_id })).status).toBe(404);
    expect((await t.call('/phone/credentials/load', { endpoint_id: r.register!.body.endpoint.endpoint_id }, r.token)).status).toBe(401);
  });
});

describe('C2: default max_use_count', () => {
  it('the largest instant_key_max_use_count among grants not ended at the call, else 1', async () => {
    const ui = (await t.call('/user_identities/create', { full_name: 'Max Uses' })).body.user_identity;
    const room = (await t.call('/acs/entrances/list')).body.acs_entrances.find((e: any) => e.keyrig_metadata.entrance_key === 'room-101');
    const mk = (n: number) => [{ mode: 'mobile_key', instant_key_max_use_count: n }];
    await grant(ui.user_identity_id, room.acs_entrance_id, { ends_at: at(DAY), requested_access_methods: mk(5) });
    await grant(ui.user_identity_id, room.acs_entrance_id, { ends_at: at(3 * DAY), requested_access_methods: mk(2) });
    const gen = async () => (await t.call('/user_identities/generate_instant_key', { user_identity_id: ui.user_identity_id })).body.instant_key.keyrig_metadata.max_use_count;
    expect(await gen()).toBe(5);
    t.clock.advance(DAY); // the 5-use grant ends exactly now: ended
    expect(await gen()).toBe(2);
    t.clock.advance(2 * DAY);
    expect(await gen()).toBe(1);
  });
});

describe('C3: the session of an expired instant key', () => {
  it('gets 403 instant_key_expired on register, load and upload; a revoked session keeps 401', async () => {
    const g = await guestWithKey(t, ['room-101'], { ends_at: at(DAY) });
    const r = await holderLoads(t, g.instantKey.instant_key_url);
    const cred = r.load!.body.credential_bundle.credentials[0];
    t.clock.advance(DAY);
    const record = toBase64Url(encodeAuditRecord({ sequence: 1, time: START, credentialId: cred.credential_id, op: CommandOp.UNLOCK, resultCode: ResultCode.GRANTED, floors: [] }));
    const calls = [
      t.call('/phone/endpoints/register', { public_key: (await newDeviceKey()).publicKey, user_agent: 'vitest' }, r.token),
      t.call('/phone/credentials/load', { endpoint_id: r.register!.body.endpoint.endpoint_id }, r.token),
      t.call('/phone/audit/upload', { records: [{ lock_id: cred.lock_ids[0], record }] }, r.token),
    ];
    for (const res of await Promise.all(calls)) {
      expect(res.status, JSON.stringify(res.body)).toBe(403);
      expect(res.body.error.type).toBe('instant_key_expired');
    }
    const h = await guestWithKey(t, ['room-101']);
    const rh = await holderLoads(t, h.instantKey.instant_key_url);
    await t.call('/client_sessions/revoke', { client_session_id: h.instantKey.client_session_id });
    const revoked = await t.call('/phone/credentials/load', { endpoint_id: rh.register!.body.endpoint.endpoint_id }, rh.token);
    expect(revoked.status).toBe(401);
  });
});

describe('C4: a record written while the lock clock was unset', () => {
  it('is dated at upload and flagged lock_clock_unset: true; a dated record is not', async () => {
    const g = await guestWithKey(t, ['room-101']);
    const r = await holderLoads(t, g.instantKey.instant_key_url);
    const cred = r.load!.body.credential_bundle.credentials[0];
    const rec = (sequence: number, time: number) => ({ sequence, time, credentialId: cred.credential_id, op: CommandOp.UNLOCK, resultCode: ResultCode.CLOCK_UNSET, floors: [] });
    t.clock.advance(60_000);
    const records = await (await lockAuditSealer(t, cred.lock_ids[0]))([rec(1, 0), rec(2, START + 1000)]);
    const up = await t.call('/phone/audit/upload', { records }, r.token);
    expect(up.body.audit_upload).toMatchObject({ received: 2, recorded: 2, refused: 0 });
    const events = (await t.call('/events/list', { user_identity_id: g.userIdentity.user_identity_id, event_types: ['lock.access_denied'] })).body.events as any[];
    const bySeq = new Map(events.map((e) => [e.keyrig_metadata.audit_sequence, e]));
    expect(bySeq.get(1).occurred_at).toBe(at(60_000));
    expect(bySeq.get(1).keyrig_metadata.lock_clock_unset).toBe(true);
    expect(bySeq.get(2).occurred_at).toBe(at(1000));
    expect(bySeq.get(2).keyrig_metadata.lock_clock_unset).toBe(false);
  });
});
