/**
 * Hotel key sequences (PROTOCOL.md §6, docs/CLOUD.md "Key sequences"): each guest-room door has a
 * counter; an override grant bumps it, a joiner shares it, an update keeps it; common areas carry
 * none. Checked on the documents the cloud signs, then end to end: those documents decided by
 * lock firmware provisioned by the same cloud.
 */
import {
  decodeCredentialDocument,
  fromBase64Url,
  importProviderKeys,
  jwkToPublicKeyRaw,
  ResultCode,
  verifyCredentialDocument,
  type VerifiedCredential,
} from '@keyrig/protocol';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LockFirmware } from '../../src/lock/LockFirmware.js';
import { guestWithKey, holderLoads, startTestCloud, type TestCloud } from './testCloud.js';

const UNLOCK = { op: 'unlock' } as const;

/** A guest's stay: grant (with keyrig extensions), instant key, one device's credential bundle. */
async function stay(t: TestCloud, entrances: string[], grant: Record<string, unknown> = {}) {
  const g = await guestWithKey(t, entrances, grant);
  const r = await holderLoads(t, g.instantKey.instant_key_url);
  expect(r.load?.status, JSON.stringify(r.load?.body)).toBe(200);
  const bundle = r.load!.body.credential_bundle;
  const byName = (name: string) => bundle.credentials.find((c: any) => c.entrance_name === name);
  /** The same device loading again (after a grant change). */
  const reload = async () => (await t.call('/phone/credentials/load', { endpoint_id: bundle.endpoint_id }, r.token)).body.credential_bundle;
  return { ...g, bundle, byName, reload, sequences: (name: string) => decodeCredentialDocument(fromBase64Url(byName(name).document)).keySequences };
}

describe('key sequences per guest-room door (override / joiner)', () => {
  let t: TestCloud;
  beforeAll(async () => {
    t = await startTestCloud();
  });
  afterAll(async () => t.close());

  it('a second override grant carries sequence + 1 for the door and none for elevator, gym or main entrance; a joiner shares it; an update keeps it', async () => {
    const where = ['room-102', 'elevator', 'gym', 'main-entrance'];
    const a = await stay(t, where);
    const room = a.byName('Room 102');
    const [lock] = room.lock_ids as string[];
    const first = a.sequences('Room 102')[lock!]!;
    expect(room.key_sequence).toBe(first);
    for (const common of ['Elevator', 'Gym', 'Main Entrance']) {
      expect(a.sequences(common), common).toEqual({});
      expect(a.byName(common).key_sequence, common).toBeNull();
    }

    const b = await stay(t, where); // the next guest in room 102 (override by default)
    expect(b.sequences('Room 102')).toEqual({ [lock!]: first + 1 });
    for (const common of ['Elevator', 'Gym', 'Main Entrance']) expect(b.sequences(common), common).toEqual({});
    expect(b.grant.keyrig_metadata).toMatchObject({ key_mode: 'override', key_sequences: { [room.acs_entrance_id]: first + 1 } });
    expect(Object.keys(b.grant.keyrig_metadata.key_sequences)).toEqual([room.acs_entrance_id]);

    const c = await stay(t, ['room-102'], { keyrig_key_mode: 'joiner' }); // joins B's stay
    expect(c.sequences('Room 102')).toEqual({ [lock!]: first + 1 });
    expect(c.grant.keyrig_metadata.key_mode).toBe('joiner');
    const entrance = (await t.call('/acs/entrances/get', { acs_entrance_id: room.acs_entrance_id })).body.acs_entrance;
    expect(entrance.keyrig_metadata.key_sequence).toBe(first + 1);

    // Extending B, or adding a door B already has, takes no new sequence; a door added to B does (override).
    const later = new Date(t.clock.now() + 9 * 86_400_000).toISOString();
    const ids = (await t.call('/acs/entrances/list')).body.acs_entrances as any[];
    const room101 = ids.find((e) => e.keyrig_metadata.entrance_key === 'room-101');
    const before101 = room101.keyrig_metadata.key_sequence as number;
    const update = await t.call('/access_grants/update', {
      access_grant_id: b.grant.access_grant_id,
      ends_at: later,
      acs_entrance_ids: [...b.entranceIds, room101.acs_entrance_id],
    });
    expect(update.status, JSON.stringify(update.body)).toBe(200);
    const updated = (await t.call('/access_grants/get', { access_grant_id: b.grant.access_grant_id })).body.access_grant;
    expect(updated.keyrig_metadata.key_sequences).toEqual({ [room.acs_entrance_id]: first + 1, [room101.acs_entrance_id]: before101 + 1 });
    const reloaded = await b.reload();
    expect(reloaded.credentials.find((x: any) => x.entrance_name === 'Room 102').key_sequence).toBe(first + 1);
    expect(reloaded.credentials.find((x: any) => x.entrance_name === 'Room 101').key_sequence).toBe(before101 + 1);
    const stillAt = (await t.call('/acs/entrances/get', { acs_entrance_id: room.acs_entrance_id })).body.acs_entrance;
    expect(stillAt.keyrig_metadata.key_sequence).toBe(first + 1);
  });

  it('refuses an unknown keyrig_key_mode', async () => {
    const ui = (await t.call('/user_identities/create', { full_name: 'Mallory' })).body.user_identity;
    const room = (await t.call('/acs/entrances/list')).body.acs_entrances.find((e: any) => e.display_name === 'Room 101');
    const r = await t.call('/access_grants/create', {
      user_identity_id: ui.user_identity_id, acs_entrance_ids: [room.acs_entrance_id], requested_access_methods: [{ mode: 'mobile_key' }], keyrig_key_mode: 'master',
    });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/keyrig_key_mode must be "override" or "joiner"/);
  });

  it('end to end on lock firmware: B overrides A at room 101, A keeps elevator and gym, joiner C and B both open', async () => {
    const provisioning = await t.cloud.provisioning();
    const keys = await importProviderKeys(t.cloud.providerKeys().map((k) => [k.kid, jwkToPublicKeyRaw(k.public_jwk)] as const));
    const lockOf = async (name: string) => {
      const p = provisioning.locks.find((l) => l.entrance_name === name)!;
      const fw = new LockFirmware({ provisioning: p, clock: t.clock, logger: pino({ level: 'silent' }) });
      await fw.installProvisionedBlocklist(keys);
      return fw;
    };
    const room101 = await lockOf('Room 101');
    const elevator = await lockOf('Elevator');
    const gym = await lockOf('Gym');
    const verified = async (document: string): Promise<VerifiedCredential> => {
      const v = await verifyCredentialDocument(fromBase64Url(document), keys);
      if (!v.ok) throw new Error(v.reason);
      return v.value;
    };
    const held = (s: Awaited<ReturnType<typeof stay>>, name: string) => verified(s.byName(name).document);
    const where = ['room-101', 'elevator', 'gym'];

    const a = await stay(t, where); // guest A checks in
    expect(room101.decide(await held(a, 'Room 101'), UNLOCK).code).toBe(ResultCode.GRANTED);
    const b = await stay(t, where); // guest B checks in to the same room: override
    expect(room101.decide(await held(b, 'Room 101'), UNLOCK).code).toBe(ResultCode.GRANTED);
    expect(room101.decide(await held(a, 'Room 101'), UNLOCK).code).toBe(ResultCode.SUPERSEDED);
    expect(elevator.decide(await held(a, 'Elevator'), UNLOCK).code).toBe(ResultCode.GRANTED);
    expect(gym.decide(await held(a, 'Gym'), UNLOCK).code).toBe(ResultCode.GRANTED);
    const c = await stay(t, ['room-101', 'gym'], { keyrig_key_mode: 'joiner' }); // C joins B's stay
    expect(room101.decide(await held(c, 'Room 101'), UNLOCK).code).toBe(ResultCode.GRANTED);
    expect(room101.decide(await held(b, 'Room 101'), UNLOCK).code).toBe(ResultCode.GRANTED);
    expect(gym.decide(await held(c, 'Gym'), UNLOCK).code).toBe(ResultCode.GRANTED);
    // B's stay is extended: same sequence, so the joiner is not locked out by B's new document.
    await t.call('/access_grants/update', { access_grant_id: b.grant.access_grant_id, ends_at: new Date(t.clock.now() + 7 * 86_400_000).toISOString() });
    const extended = await verified((await b.reload()).credentials.find((x: any) => x.entrance_name === 'Room 101').document);
    expect(extended.document.credentialId).not.toBe((await held(b, 'Room 101')).document.credentialId);
    expect(room101.decide(extended, UNLOCK).code).toBe(ResultCode.GRANTED);
    expect(room101.decide(await held(c, 'Room 101'), UNLOCK).code).toBe(ResultCode.GRANTED);
    expect(room101.decide(await held(a, 'Room 101'), UNLOCK).code).toBe(ResultCode.SUPERSEDED);
  });
});
