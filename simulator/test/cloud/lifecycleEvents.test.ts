/**
 * Lifecycle events (#17 item 3): for each action on a real cloud (random port), the exact events
 * recorded, in order, with the ids of what changed; each one parsed by Seam's own zod schema
 * (@seamapi/types/connect `schemas.seam_event`) and by keyrig's (@keyrig/api `eventSchema`);
 * /events/list filters; a real local webhook receiver gets every one, signed.
 *
 * The expected events are written out by hand from Seam's event definitions (field names and
 * which ids each type carries) and the action → events table in docs/CLOUD.md "Events".
 */
import { webhookReceiver } from './webhookReceiver.js';
import { schemas } from '@seamapi/types/connect';
import { eventSchema } from '@keyrig/api';
import * as z from 'zod/mini';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../../src/cloud/index.js';
import { holderLoads, startTestCloud, type TestCloud } from './testCloud.js';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

const receiver = webhookReceiver;

/** Seam's schema accepts it, and keyrig adds no field Seam's schema lacks except user_identity_id. */
function checkAgainstSeam(e: Record<string, unknown>): void {
  const parsed = schemas.seam_event.parse(e) as Record<string, unknown>;
  const dropped = Object.keys(e).filter((k) => !(k in parsed));
  expect(dropped, `${String(e.event_type)}: fields Seam does not define`).toEqual(e.user_identity_id ? ['user_identity_id'] : []);
  z.parse(eventSchema, e);
}

describe('lifecycle events as Seam emits them', () => {
  let t: TestCloud;
  let all: Awaited<ReturnType<typeof receiver>>;
  let timesOnly: Awaited<ReturnType<typeof receiver>>;
  let hookSecret: string;
  let ws: string;
  const seen = new Set<string>();
  const recorded: any[] = [];
  const ent: Record<string, string> = {};

  /** Runs an action; returns the events it recorded, oldest first, each checked against Seam. */
  async function action(run: () => Promise<unknown>): Promise<any[]> {
    await run();
    const listed = (await t.call('/events/list', { limit: 10_000 })).body.events as any[];
    const fresh = listed.filter((e) => !seen.has(e.event_id)).reverse();
    for (const e of fresh) {
      seen.add(e.event_id);
      recorded.push(e);
      checkAgainstSeam(e);
    }
    return fresh;
  }
  const ok = async (path: string, body: unknown) => {
    const r = await t.call(path, body);
    expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(200);
    return r.body;
  };
  /** The exact event: common fields, the identity, and the type's own fields, nothing else. */
  const ev = (user: string, event_type: string, fields: Record<string, unknown>) => ({
    event_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    workspace_id: ws,
    created_at: iso(t.clock.now()),
    occurred_at: iso(t.clock.now()),
    event_type,
    user_identity_id: user,
    ...fields,
  });

  beforeAll(async () => {
    t = await startTestCloud();
    all = await receiver();
    timesOnly = await receiver();
    ws = (await t.call('/workspaces/get')).body.workspace.workspace_id;
    for (const e of (await t.call('/acs/entrances/list')).body.acs_entrances) ent[e.keyrig_metadata.entrance_key] = e.acs_entrance_id;
    hookSecret = (await ok('/webhooks/create', { url: all.url })).webhook.secret;
    await ok('/webhooks/create', { url: timesOnly.url, event_types: ['access_grant.access_times_changed'] });
  });
  afterAll(async () => {
    all.server.close();
    timesOnly.server.close();
    await t.close();
  });

  let user = '';
  let grant = '';
  let method = '';
  const key = 'stay-0042';
  const grantOf = (extra: Record<string, unknown> = {}) => ({ access_grant_id: grant, ...extra });
  const methodOf = () => ({ access_method_id: method, access_grant_ids: [grant], access_grant_keys: [key] });
  const sorted = (...keys: string[]) => keys.map((k) => ent[k]!).sort();

  it('create grant: created, the method created and issued, each door granted, then all doors', async () => {
    user = (await ok('/user_identities/create', { full_name: 'Lin Events' })).user_identity.user_identity_id;
    const got = await action(async () => {
      const g = (await ok('/access_grants/create', {
        user_identity_id: user, access_grant_key: key, acs_entrance_ids: [ent['room-101'], ent.pool],
        ends_at: iso(t.clock.now() + 2 * DAY), requested_access_methods: [{ mode: 'mobile_key' }],
      })).access_grant;
      grant = g.access_grant_id;
      method = g.access_method_ids[0];
    });
    expect(got).toEqual([
      ev(user, 'access_grant.created', grantOf()),
      ev(user, 'access_method.created', methodOf()),
      ev(user, 'access_method.issued', methodOf()),
      ...sorted('room-101', 'pool').map((e) => ev(user, 'access_grant.access_granted_to_door', grantOf({ acs_entrance_id: e }))),
      ev(user, 'access_grant.access_granted_to_all_doors', grantOf()),
    ]);
  });

  it('extend and shorten: access_times_changed with the new window (and the key), the method reissued', async () => {
    const starts = iso(t.clock.now());
    for (const days of [5, 1]) {
      const ends = iso(t.clock.now() + days * DAY);
      const got = await action(() => ok('/access_grants/update', { access_grant_id: grant, ends_at: ends }));
      expect(got, `${days} days`).toEqual([
        ev(user, 'access_grant.access_times_changed', grantOf({ access_grant_key: key, starts_at: starts, ends_at: ends })),
        ev(user, 'access_method.reissued', methodOf()),
      ]);
    }
  });

  it('drop an entrance: access_to_door_lost for it; add one: access_granted_to_door, all doors; each reissues', async () => {
    expect(await action(() => ok('/access_grants/update', { access_grant_id: grant, acs_entrance_ids: [ent['room-101']] }))).toEqual([
      ev(user, 'access_grant.access_to_door_lost', grantOf({ acs_entrance_id: ent.pool })),
      ev(user, 'access_method.reissued', methodOf()),
    ]);
    expect(await action(() => ok('/access_grants/update', { access_grant_id: grant, acs_entrance_ids: [ent['room-101'], ent.gym] }))).toEqual([
      ev(user, 'access_grant.access_granted_to_door', grantOf({ acs_entrance_id: ent.gym })),
      ev(user, 'access_grant.access_granted_to_all_doors', grantOf()),
      ev(user, 'access_method.reissued', methodOf()),
    ]);
  });

  it('an update that changes nothing Seam has an event for (a rename, the same window) records none; a refused one none', async () => {
    const g = (await ok('/access_grants/get', { access_grant_id: grant })).access_grant;
    expect(await action(() => ok('/access_grants/update', { access_grant_id: grant, name: 'Renamed stay' }))).toEqual([]);
    expect(await action(() => ok('/access_grants/update', { access_grant_id: grant, starts_at: g.starts_at, ends_at: g.ends_at, acs_entrance_ids: g.acs_entrance_ids }))).toEqual([]);
    expect(await action(() => t.call('/access_grants/update', { access_grant_id: grant, ends_at: iso(t.clock.now() - DAY) }))).toEqual([]);
  });

  it('first delivery to a phone: acs_credential.issued; revoke the access method: revoked, invalidated, deleted', async () => {
    const ik = (await ok('/user_identities/generate_instant_key', { user_identity_id: user })).instant_key;
    const loaded = await action(async () => expect((await holderLoads(t, ik.instant_key_url)).load?.status).toBe(200));
    const cred = (await ok('/acs/credentials/list', { user_identity_id: user })).acs_credentials[0].acs_credential_id;
    const acs = (c: string) => ({ acs_system_id: expect.any(String), connected_account_id: expect.any(String), acs_credential_id: c });
    expect(loaded).toEqual([ev(user, 'acs_credential.issued', acs(cred))]);
    expect(await action(() => ok('/access_methods/delete', { access_method_id: method }))).toEqual([
      ev(user, 'access_method.revoked', methodOf()),
      ev(user, 'acs_credential.invalidated', acs(cred)),
      ev(user, 'access_method.deleted', methodOf()),
      ev(user, 'acs_credential.deleted', acs(cred)),
    ]);
  });

  it('delete a grant: each method revoked and deleted with its credential, then access_grant.deleted', async () => {
    const g = (await ok('/access_grants/create', {
      user_identity_id: user, acs_entrance_ids: [ent['room-102']], ends_at: iso(t.clock.now() + DAY),
      requested_access_methods: [{ mode: 'mobile_key' }, { mode: 'mobile_key' }],
    })).access_grant;
    await action(async () => {}); // the creation's events
    const creds = new Map<string, string>();
    for (const c of (await ok('/acs/credentials/list', { user_identity_id: user })).acs_credentials) creds.set(c.keyrig_metadata.access_method_id, c.acs_credential_id);
    const m = (id: string) => ({ access_method_id: id, access_grant_ids: [g.access_grant_id] });
    const c = (id: string) => ({ acs_system_id: expect.any(String), connected_account_id: expect.any(String), acs_credential_id: creds.get(id) });
    expect(await action(() => ok('/access_grants/delete', { access_grant_id: g.access_grant_id }))).toEqual([
      ...(g.access_method_ids as string[]).flatMap((id) => [
        ev(user, 'access_method.revoked', m(id)), ev(user, 'acs_credential.invalidated', c(id)),
        ev(user, 'access_method.deleted', m(id)), ev(user, 'acs_credential.deleted', c(id)),
      ]),
      ev(user, 'access_grant.deleted', { access_grant_id: g.access_grant_id }),
    ]);
  });

  it('revoke a client session: client_session.deleted once; delete an instant key: its session deleted once', async () => {
    const a = (await ok('/user_identities/generate_instant_key', { user_identity_id: user })).instant_key;
    const b = (await ok('/user_identities/generate_instant_key', { user_identity_id: user })).instant_key;
    expect(await action(async () => {})).toEqual([]); // generating a key: Seam has no event for it
    expect(await action(() => ok('/client_sessions/revoke', { client_session_id: a.client_session_id }))).toEqual([
      ev(user, 'client_session.deleted', { client_session_id: a.client_session_id }),
    ]);
    expect(await action(() => ok('/client_sessions/revoke', { client_session_id: a.client_session_id }))).toEqual([]);
    expect(await action(() => ok('/instant_keys/delete', { instant_key_id: a.instant_key_id }))).toEqual([]);
    expect(await action(() => ok('/instant_keys/delete', { instant_key_id: b.instant_key_id }))).toEqual([
      ev(user, 'client_session.deleted', { client_session_id: b.client_session_id }),
    ]);
  });

  it('a phone removed (by the operator, by its holder, with its session): phone.deactivated with its device_id, once', async () => {
    const ik = (await ok('/user_identities/generate_instant_key', { user_identity_id: user, max_use_count: 3 })).instant_key;
    const loads = [];
    for (let i = 0; i < 3; i++) loads.push(await holderLoads(t, ik.instant_key_url));
    const [p1, p2, p3] = loads.map((l) => l.register!.body.endpoint.endpoint_id as string);
    await action(async () => {});
    expect(await action(() => ok('/phones/deactivate', { device_id: p1 }))).toEqual([ev(user, 'phone.deactivated', { device_id: p1 })]);
    expect(await action(() => t.call('/phones/deactivate', { device_id: p1 }))).toEqual([]); // 404: already gone
    expect(await action(() => t.call('/phone/endpoints/remove', { endpoint_id: p2 }, loads[1]!.token))).toEqual([ev(user, 'phone.deactivated', { device_id: p2 })]);
    expect(await action(() => ok('/client_sessions/revoke', { client_session_id: ik.client_session_id }))).toEqual([
      ev(user, 'phone.deactivated', { device_id: p3 }),
      ev(user, 'client_session.deleted', { client_session_id: ik.client_session_id }),
    ]);
  });

  it('delete an identity: its grants deleted (methods first), its live sessions deleted', async () => {
    const u = (await ok('/user_identities/create', { full_name: 'Gone Soon' })).user_identity.user_identity_id;
    const g = (await ok('/access_grants/create', { user_identity_id: u, acs_entrance_ids: [ent.gym], requested_access_methods: [{ mode: 'mobile_key' }] })).access_grant;
    const ik = (await ok('/user_identities/generate_instant_key', { user_identity_id: u })).instant_key;
    // The grant delivered a key of its own (#19): its session goes too, first (it is older).
    const grantKey = (await ok('/instant_keys/get', { instant_key_url: g.instant_key_url })).instant_key;
    await action(async () => {});
    const cred = (await ok('/acs/credentials/list', { user_identity_id: u })).acs_credentials[0].acs_credential_id;
    const m = { access_method_id: g.access_method_ids[0], access_grant_ids: [g.access_grant_id] };
    const c = { acs_system_id: expect.any(String), connected_account_id: expect.any(String), acs_credential_id: cred };
    expect(await action(() => ok('/user_identities/delete', { user_identity_id: u }))).toEqual([
      ev(u, 'access_method.revoked', m), ev(u, 'acs_credential.invalidated', c), ev(u, 'access_method.deleted', m), ev(u, 'acs_credential.deleted', c),
      ev(u, 'access_grant.deleted', { access_grant_id: g.access_grant_id }),
      ev(u, 'client_session.deleted', { client_session_id: grantKey.client_session_id }),
      ev(u, 'client_session.deleted', { client_session_id: ik.client_session_id }),
    ]);
  });

  it('/events/list filters by grant(s), method(s), credential, entrance, event ids and types', async () => {
    const ids = (body: Record<string, unknown>) => t.call('/events/list', { limit: 10_000, ...body }).then((r) => {
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return (r.body.events as any[]).map((e) => e.event_id).sort();
    });
    const where = (f: (e: any) => boolean) => recorded.filter(f).map((e) => e.event_id).sort();
    const ofGrant = (e: any) => e.access_grant_id === grant || (e.access_grant_ids ?? []).includes(grant);
    // create 6 (created, method created + issued, 2 doors, all doors), extend 2, shorten 2, drop 2, add 3,
    // method revoked + deleted 2 (the acs_credential events carry no grant id)
    expect(where(ofGrant)).toHaveLength(17);
    expect(await ids({ access_grant_id: grant })).toEqual(where(ofGrant));
    expect(await ids({ access_grant_ids: [grant] })).toEqual(where(ofGrant));
    const ofMethod = where((e) => e.access_method_id === method);
    // created, issued, reissued ×4 (extend, shorten, drop, add), revoked, deleted
    expect(ofMethod).toHaveLength(8);
    expect(await ids({ access_method_id: method })).toEqual(ofMethod);
    expect(await ids({ access_method_ids: [method] })).toEqual(ofMethod);
    const cred = recorded.find((e) => e.event_type === 'acs_credential.issued').acs_credential_id;
    expect(await ids({ acs_credential_id: cred })).toEqual(where((e) => e.acs_credential_id === cred));
    expect(await ids({ acs_credential_id: cred })).toHaveLength(3); // issued, invalidated, deleted
    // The pool: granted at creation, lost later.
    expect((await t.call('/events/list', { acs_entrance_id: ent.pool })).body.events.map((e: any) => e.event_type)).toEqual([
      'access_grant.access_to_door_lost', 'access_grant.access_granted_to_door',
    ]);
    const two = recorded.slice(0, 2).map((e) => e.event_id);
    expect(await ids({ event_ids: two })).toEqual([...two].sort());
    expect(await ids({ event_types: ['access_grant.access_times_changed'], access_grant_id: grant })).toHaveLength(2);
    expect((await t.call('/events/list', { access_method_id: 'not-a-uuid' })).status).toBe(400);
  });

  it('webhooks deliver every event, signed, each valid for Seam; a typed subscription only its type', async () => {
    await t.cloud.deliverWebhooks();
    const deadline = Date.now() + 10_000;
    while (all.received.length < recorded.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const bodies = all.received.map((r) => JSON.parse(r.body) as any);
    expect(bodies.map((b) => b.event_id).sort()).toEqual(recorded.map((e) => e.event_id).sort());
    for (const [i, r] of all.received.entries()) {
      expect(verifyWebhookSignature(hookSecret, r.headers, r.body)).toBe(true);
      const { attempt, ...event } = bodies[i];
      expect(attempt).toBe(1);
      expect(event).toEqual(recorded.find((e) => e.event_id === event.event_id));
      checkAgainstSeam(event);
    }
    expect(timesOnly.received.map((r) => JSON.parse(r.body).event_type)).toEqual(['access_grant.access_times_changed', 'access_grant.access_times_changed']);
  });

  it('the checker itself fails on an invented field or a missing id', () => {
    const e = recorded.find((x) => x.event_type === 'access_grant.access_to_door_lost');
    expect(() => checkAgainstSeam({ ...e, door_name: 'Pool' })).toThrow();
    const { acs_entrance_id: _drop, ...noDoor } = e;
    expect(() => checkAgainstSeam(noDoor)).toThrow();
  });
});
