/**
 * The key holder's side over real HTTP: open -> register endpoint -> load credentials, with the
 * documents, blocklist and time sync verified by @keyrig/protocol against the published provider
 * keys; reissue; max_use_count; audit upload -> Seam events.
 */
import {
  CommandOp,
  decodeCredentialDocument,
  fromBase64Url,
  importProviderKeys,
  jwkToPublicKeyRaw,
  ResultCode,
  toBase64Url,
  verifyBlocklist,
  verifyCredentialDocument,
  verifyTimeSync,
  type ProviderKeys,
} from '@keyrig/protocol';
import { schemas } from '@seamapi/types/connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guestWithKey, holderLoads, lockAuditSealer, newDeviceKey, startTestCloud, type TestCloud } from './testCloud.js';

async function providerKeysOf(bundle: any): Promise<ProviderKeys> {
  return importProviderKeys(bundle.provider_keys.map((k: any) => [k.kid, jwkToPublicKeyRaw(k.public_jwk)] as const));
}

describe('key holder flow', () => {
  let t: TestCloud;
  beforeAll(async () => {
    t = await startTestCloud();
  });
  afterAll(async () => t.close());

  it('the property can drop the elevator from a stay with floors; adding it back keeps the floors (found by the access model, #16)', async () => {
    const g = await guestWithKey(t, ['room-101', 'elevator'], { floors: [2, 3] });
    const entrances = (await t.call('/acs/entrances/list', {})).body.acs_entrances as { acs_entrance_id: string; display_name: string }[];
    const id = (name: string) => entrances.find((e) => e.display_name === name)!.acs_entrance_id;
    const drop = await t.call('/access_grants/update', { access_grant_id: g.grant.access_grant_id, acs_entrance_ids: [id('Room 101')] });
    expect(drop.status, JSON.stringify(drop.body)).toBe(200);
    const back = await t.call('/access_grants/update', { access_grant_id: g.grant.access_grant_id, acs_entrance_ids: [id('Room 101'), id('Elevator')] });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    const r = await holderLoads(t, g.instantKey.instant_key_url, await newDeviceKey());
    const elevator = r.load!.body.credential_bundle.credentials.find((c: { entrance_type: string }) => c.entrance_type === 'elevator');
    expect(decodeCredentialDocument(fromBase64Url(elevator.document)).floors).toEqual([2, 3]);
    // Floors are still checked when given: none of the entrances is an elevator.
    const bad = await t.call('/access_grants/create', { user_identity_id: g.userIdentity.user_identity_id, acs_entrance_ids: [id('Room 101')], floors: [2], requested_access_methods: [{ mode: 'mobile_key' }] });
    expect(bad.status).toBe(400);
  });

  it('loads provider-signed documents bound to the endpoint key, with blocklist and time sync', async () => {
    const g = await guestWithKey(t, ['room-101', 'elevator', 'gym'], { floors: [2, 3] });
    const device = await newDeviceKey();
    const r = await holderLoads(t, g.instantKey.instant_key_url, device);
    expect(r.load?.status, JSON.stringify(r.load?.body)).toBe(200);
    const bundle = r.load!.body.credential_bundle;
    const keys = await providerKeysOf(bundle);
    expect(bundle.credentials).toHaveLength(3);
    const lockIds = new Set<string>();
    for (const c of bundle.credentials) {
      const v = await verifyCredentialDocument(fromBase64Url(c.document), keys);
      expect(v.ok, JSON.stringify(v)).toBe(true);
      const doc = decodeCredentialDocument(fromBase64Url(c.document));
      expect(toBase64Url(doc.endpointPublicKey)).toBe(device.publicKey);
      expect(doc.userIdentityId).toBe(g.userIdentity.user_identity_id);
      expect(doc.notAfter).toBe(Date.parse(g.grant.ends_at));
      expect(doc.entrances).toEqual(c.lock_ids);
      c.lock_ids.forEach((l: string) => lockIds.add(l));
      if (c.entrance_type === 'elevator') expect(doc.floors).toEqual([2, 3]);
      if (c.entrance_name === 'Gym') expect(doc.schedule).toEqual([{ days: 0b1111111, startMinute: 360, endMinute: 1320 }]);
      if (c.entrance_name === 'Room 101') expect(doc.schedule).toEqual([]);
    }
    const bl = await verifyBlocklist(fromBase64Url(bundle.blocklist.signed), keys);
    expect(bl.ok && bl.value.version).toBe(bundle.blocklist.version);
    const ts = await verifyTimeSync(fromBase64Url(bundle.time_sync.signed), keys);
    expect(ts.ok && ts.value.time).toBe(t.clock.now());

    // The provisioning file's locks are the ones the documents name, with the same provider keys.
    const prov = await t.cloud.provisioning();
    const provLocks = new Set(prov.locks.map((l) => l.lock_id));
    for (const l of lockIds) expect(provLocks.has(l)).toBe(true);
    expect(prov.locks[0]!.provider_keys.map((k) => k.kid)).toEqual(bundle.provider_keys.map((k: any) => k.kid));

    // A second load gives the same (stable) credential ids.
    const again = await t.call('/phone/credentials/load', { endpoint_id: r.register!.body.endpoint.endpoint_id }, r.token);
    expect(again.body.credential_bundle.credentials.map((c: any) => c.credential_id).sort()).toEqual(bundle.credentials.map((c: any) => c.credential_id).sort());
  });

  it('reissue: a new or extended grant appears in the next load by itself', async () => {
    const g = await guestWithKey(t, ['room-102']);
    const r = await holderLoads(t, g.instantKey.instant_key_url);
    const endpoint = r.register!.body.endpoint.endpoint_id;
    expect(r.load!.body.credential_bundle.credentials.map((c: any) => c.entrance_name)).toEqual(['Room 102']);
    const pool = (await t.call('/acs/entrances/list')).body.acs_entrances.find((e: any) => e.display_name === 'Pool');
    const newGrant = await t.call('/access_grants/create', {
      user_identity_id: g.userIdentity.user_identity_id, acs_entrance_ids: [pool.acs_entrance_id], requested_access_methods: [{ mode: 'mobile_key' }],
    });
    expect(newGrant.status).toBe(200);
    const newEnd = new Date(t.clock.now() + 10 * 86_400_000).toISOString();
    expect((await t.call('/access_grants/update', { access_grant_id: g.grant.access_grant_id, ends_at: newEnd })).status).toBe(200);
    const next = (await t.call('/phone/credentials/load', { endpoint_id: endpoint }, r.token)).body.credential_bundle;
    const names = next.credentials.map((c: any) => c.entrance_name).sort();
    expect(names).toEqual(['Pool', 'Room 102']);
    const room = next.credentials.find((c: any) => c.entrance_name === 'Room 102');
    expect(room.ends_at).toBe(newEnd);
    // An extension is the same guest: the key sequence stays (no bump, it supersedes nobody).
    expect(room.key_sequence).toBe(r.load!.body.credential_bundle.credentials[0].key_sequence);
    // Extension is not a revocation: the old document is replaced by a new one, not blocklisted.
    const old = r.load!.body.credential_bundle.credentials[0].credential_id;
    expect(room.credential_id).not.toBe(old);
    expect(next.blocklist.revoked_credential_ids).not.toContain(old);
  });

  it('max_use_count: each new device uses one; the same device again is free; then 403', async () => {
    const g = await guestWithKey(t, ['room-101'], {}, { max_use_count: 2 });
    const a = await newDeviceKey();
    const first = await holderLoads(t, g.instantKey.instant_key_url, a);
    expect(first.load?.status).toBe(200);
    expect((await holderLoads(t, g.instantKey.instant_key_url, a)).register?.status).toBe(200); // same key: no new use
    expect((await holderLoads(t, g.instantKey.instant_key_url)).register?.status).toBe(200);
    const third = await holderLoads(t, g.instantKey.instant_key_url);
    expect(third.register?.status).toBe(403);
    expect(third.register?.body.error.type).toBe('max_use_count_reached');
    expect(third.register?.body.error.message).toMatch(/already set up on 2 device\(s\), its max_use_count is 2/);
    const preview = (await t.call('/instant_keys/open', { instant_key_url: g.instantKey.instant_key_url }, null)).body.instant_key_preview;
    expect(preview.key_status).toBe('used');
    // Sharing is tracked: every device with its user agent.
    const phones = (await t.call('/phones/list', { owner_user_identity_id: g.userIdentity.user_identity_id })).body.phones;
    expect(phones).toHaveLength(2);
    expect(phones[0].user_agent).toBe('vitest');
  });

  it('audit upload becomes lock.unlocked / lock.access_denied events with entrance and identity, once', async () => {
    const g = await guestWithKey(t, ['room-101']);
    const r = await holderLoads(t, g.instantKey.instant_key_url);
    const cred = r.load!.body.credential_bundle.credentials[0];
    const lockId = cred.lock_ids[0];
    const rec = (sequence: number, resultCode: number) => ({ sequence, time: t.clock.now() - 1000, credentialId: cred.credential_id, op: CommandOp.UNLOCK, resultCode, floors: [] });
    const records = await (await lockAuditSealer(t, lockId))([rec(1, ResultCode.GRANTED), rec(2, ResultCode.OUTSIDE_SCHEDULE)]);
    const up = await t.call('/phone/audit/upload', { records }, r.token);
    expect(up.body).toEqual({ audit_upload: { received: 2, recorded: 2, duplicate: 0, refused: 0, refusals: [] }, ok: true });
    expect((await t.call('/phone/audit/upload', { records }, r.token)).body.audit_upload).toMatchObject({ recorded: 0, duplicate: 2 });
    const events = (await t.call('/events/list', { user_identity_id: g.userIdentity.user_identity_id, event_types: ['lock.unlocked', 'lock.access_denied'] })).body.events;
    expect(events.map((e: any) => e.event_type).sort()).toEqual(['lock.access_denied', 'lock.unlocked']);
    for (const e of events) {
      schemas.seam_event.parse(e);
      expect(e.acs_entrance_id).toBe(cred.acs_entrance_id);
      expect(e.user_identity_id).toBe(g.userIdentity.user_identity_id);
    }
    expect(events.find((e: any) => e.event_type === 'lock.unlocked').is_via_bluetooth).toBe(true);
    expect(events.find((e: any) => e.event_type === 'lock.access_denied').keyrig_metadata.result).toBe('OUTSIDE_SCHEDULE');
    // Every event the cloud recorded in this file's flows is a valid Seam event.
    const all = (await t.call('/events/list', { limit: 10_000 })).body.events;
    expect(all.length).toBeGreaterThan(10);
    for (const e of all) schemas.seam_event.parse(e);
    // Bytes that are no sealed record are refused and counted; the rest of the batch still counts.
    const bad = await t.call('/phone/audit/upload', { records: [{ lock_id: lockId, record: 'AAAA' }, records[0]] }, r.token);
    expect(bad.status).toBe(200);
    expect(bad.body.audit_upload).toEqual({ received: 2, recorded: 0, duplicate: 1, refused: 1, refusals: [{ index: 0, reason: 'malformed' }] });
  });
});
