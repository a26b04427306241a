/**
 * Every parameter @seamapi/types documents for keyrig's list routes is accepted (#19), read from
 * Seam's OpenAPI document itself rather than from keyrig's schemas; and the ones keyrig can apply
 * filter as Seam describes them (docs/CLOUD.md, "Compatibility").
 */
import { randomUUID } from 'node:crypto';
import { SeamHttp } from '@seamapi/http/connect';
import { openapi } from '@seamapi/types/connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from './testCloud.js';
import { checkOpenApi } from './openApiCheck.js';

interface Param { name: string; schema: { type?: string; format?: string; items?: { format?: string } } }

const documented = (path: string): Param[] => (openapi.paths as unknown as Record<string, { get: { parameters: Param[] } }>)[path]!.get.parameters;

describe("Seam's documented parameters", () => {
  let t: TestCloud;
  let seam: SeamHttp;
  let room: string;
  let gym: string;
  beforeAll(async () => {
    t = await startTestCloud();
    seam = new SeamHttp({ apiKey: t.cloud.apiKey, endpoint: t.cloud.url });
    const entrances = await seam.acs.entrances.list();
    room = entrances.find((e) => e.display_name === 'Room 101')!.acs_entrance_id;
    gym = (entrances as unknown as { acs_entrance_id: string; keyrig_metadata: { entrance_key: string } }[]).find((e) => e.keyrig_metadata.entrance_key === 'gym')!.acs_entrance_id;
  });
  afterAll(async () => t.close());

  /** A value of the documented type for each parameter. */
  function sample(p: Param, real: Record<string, unknown>): unknown {
    if (p.name in real) return real[p.name];
    if (p.name === 'since' || p.name === 'created_before') return new Date(t.clock.now() - 3_600_000).toISOString();
    if (p.name === 'between') return [new Date(t.clock.now() - 3_600_000).toISOString(), new Date(t.clock.now() + 3_600_000).toISOString()];
    if (p.name === 'event_type') return 'access_grant.created';
    if (p.name === 'event_types') return ['access_grant.created'];
    if (p.name === 'page_cursor') return null;
    if (p.schema.type === 'array') return [randomUUID()];
    if (p.schema.format === 'uuid') return randomUUID();
    if (p.schema.type === 'number' || p.schema.type === 'integer') return p.name === 'unstable_offset' ? 0 : 10;
    return 'x';
  }

  it('accepts each parameter of access_grants/list (13), events/list (28), acs/entrances/list and user_identities/list, by POST and by GET', async () => {
    const credential = (await seam.accessGrants.create({ user_identity: { full_name: 'Param' }, acs_entrance_ids: [room], requested_access_methods: [{ mode: 'mobile_key' }] })).user_identity_id;
    const acsCredentialId = (await seam.acs.credentials.list({ user_identity_id: credential }))[0]!.acs_credential_id;
    const real = { acs_credential_id: acsCredentialId };
    const counts: Record<string, number> = {};
    for (const path of ['/access_grants/list', '/events/list', '/acs/entrances/list', '/user_identities/list']) {
      const params = documented(path);
      counts[path] = params.length;
      for (const p of params) {
        const value = sample(p, real);
        const res = await t.call(path, { [p.name]: value });
        expect(res.status, `${path} ${p.name}: ${JSON.stringify(res.body)}`).toBe(200);
        const q = new URLSearchParams();
        for (const v of Array.isArray(value) ? value : [value]) q.append(p.name, v === null ? '' : String(v));
        const get = await fetch(`${t.cloud.url}${path}?${q}`, { headers: { authorization: `Bearer ${t.cloud.apiKey}` } });
        expect(get.status, `GET ${path}?${q}`).toBe(200);
      }
    }
    expect(counts).toEqual({ '/access_grants/list': 13, '/events/list': 28, '/acs/entrances/list': 10, '/user_identities/list': 6 });
  });

  it('access_grants/list filters by reservation_key, access_grant_key (null: none), access_grant_ids and space_id; devices and access codes match nothing', async () => {
    const ui = (await seam.userIdentities.create({ full_name: 'Filter Guest' })).user_identity_id;
    const space = randomUUID();
    const base = { user_identity_id: ui, acs_entrance_ids: [gym], requested_access_methods: [{ mode: 'mobile_key' as const }] };
    const a = await seam.accessGrants.create({ ...base, reservation_key: 'res-1', access_grant_key: 'key-a', space_ids: [space] });
    const b = await seam.accessGrants.create({ ...base, reservation_key: 'res-2' });
    expect(a.reservation_key).toBe('res-1');
    expect(a.space_ids).toEqual([space]);
    expect(b.space_ids).toEqual([]);
    for (const g of await seam.accessGrants.list({ user_identity_id: ui })) checkOpenApi(openapi, 'access_grant', g);
    const ids = async (params: Record<string, unknown>) => (await seam.accessGrants.list({ user_identity_id: ui, ...params })).map((g) => g.access_grant_id);
    expect(await ids({ reservation_key: 'res-2' })).toEqual([b.access_grant_id]);
    expect(await ids({ access_grant_key: 'key-a' })).toEqual([a.access_grant_id]);
    expect(await ids({ access_grant_key: null })).toEqual([b.access_grant_id]);
    expect(await ids({ access_grant_ids: [b.access_grant_id] })).toEqual([b.access_grant_id]);
    expect(await ids({ space_id: space })).toEqual([a.access_grant_id]);
    expect(await ids({ location_id: space })).toEqual([a.access_grant_id]);
    expect(await ids({ device_id: randomUUID() })).toEqual([]);
    expect(await ids({ access_code_id: randomUUID() })).toEqual([]);
    expect(await ids({ acs_system_id: t.cloud.workspace.acs_system_id })).toHaveLength(2);
    expect(await ids({ acs_system_id: randomUUID() })).toEqual([]);

    // events/list: a grant's events by its space; another ACS system, a device: none.
    const events = async (params: Record<string, unknown>) => (await seam.events.list({ since: '2000-01-01T00:00:00Z', ...params } as never)).map((e) => e.event_type);
    expect(await events({ space_id: space, event_type: 'access_grant.created' })).toEqual(['access_grant.created']);
    expect(await events({ space_ids: [randomUUID()] })).toEqual([]);
    expect((await events({ acs_system_id: t.cloud.workspace.acs_system_id, user_identity_id: ui })).length).toBeGreaterThan(0);
    expect(await events({ acs_system_ids: [randomUUID()] })).toEqual([]);
    expect(await events({ device_id: randomUUID() })).toEqual([]);
  });

  it('access_grants/create: location.acs_entrance_ids join the entrances; unresolvable space_keys and no entrance at all are 400 with the parameter named', async () => {
    const ui = (await seam.userIdentities.create({ full_name: 'Location Guest' })).user_identity_id;
    const g = await t.call('/access_grants/create', { user_identity_id: ui, location: { name: 'Suite', acs_entrance_ids: [room] }, requested_access_methods: [{ mode: 'mobile_key' }] });
    expect(g.status).toBe(200);
    expect(g.body.access_grant.acs_entrance_ids).toEqual([room]);
    const keys = await t.call('/access_grants/create', { user_identity_id: ui, acs_entrance_ids: [room], space_keys: ['suite'], requested_access_methods: [{ mode: 'mobile_key' }] });
    expect(keys.status).toBe(400);
    expect(keys.body.error.validation_errors.space_keys._errors).toHaveLength(1);
    const none = await t.call('/access_grants/create', { user_identity_id: ui, space_ids: [randomUUID()], requested_access_methods: [{ mode: 'mobile_key' }] });
    expect(none.status).toBe(400);
    expect(none.body.error.validation_errors.acs_entrance_ids._errors).toHaveLength(1);
    const devices = await t.call('/access_grants/create', { user_identity_id: ui, acs_entrance_ids: [room], device_ids: [randomUUID()], requested_access_methods: [{ mode: 'mobile_key' }] });
    expect(devices.status).toBe(400);
  });
});
