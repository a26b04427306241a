/**
 * spaces/* (docs/CLOUD.md "Spaces"): real HTTP on a random port and the official SDK
 * (@seamapi/http: GET, PUT, PATCH, DELETE with query-string arrays). Every space validates against
 * @seamapi/types' OpenAPI `space` schema; counts are checked against hand-counted entrances of
 * the demo hotel, and `entrancesOfSpaces` against the spaces' members.
 */
import { SeamHttp, SeamHttpApiError, SeamHttpInvalidInputError } from '@seamapi/http/connect';
import { openapi, schemas } from '@seamapi/types/connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCloud } from './testCloud.js';
import { startSdkCloud } from './sdkCloud.js';
import { checkOpenApi } from './openApiCheck.js';
import Database from 'better-sqlite3';
import { entrancesOfSpaces } from '../../src/cloud/resources/grantSpaces.js';
import type { CloudContext } from '../../src/cloud/context.js';

describe('spaces', () => {
  let t: TestCloud;
  let seam: SeamHttp;
  let ids: Record<string, string>;
  beforeAll(async () => {
    ({ t, seam, ids } = await startSdkCloud());
  });
  afterAll(async () => t.close());

  it('groups entrances: create, get by id and key, add, remove, replace, delete (through the SDK); each space validates', async () => {
    const floor1 = await seam.spaces.create({ name: 'Floor 1', space_key: 'floor-1', acs_entrance_ids: [ids['room-101']!, ids['room-102']!] });
    checkOpenApi(openapi, 'space', floor1);
    expect(floor1).toMatchObject({ name: 'Floor 1', display_name: 'Floor 1', space_key: 'floor-1', acs_entrance_count: 2, device_count: 0 });
    expect(await seam.spaces.get({ space_id: floor1.space_id })).toEqual(floor1);
    expect(await seam.spaces.get({ space_key: 'floor-1' })).toEqual(floor1);

    // The entrances say which spaces they are in (acs_entrance.space_ids).
    const room101 = await seam.acs.entrances.get({ acs_entrance_id: ids['room-101']! });
    schemas.acs_entrance.parse(room101);
    expect(room101.space_ids).toEqual([floor1.space_id]);
    expect((await seam.acs.entrances.get({ acs_entrance_id: ids['gym']! })).space_ids).toEqual([]);

    await seam.spaces.addAcsEntrances({ space_id: floor1.space_id, acs_entrance_ids: [ids['elevator']!, ids['room-101']!] }); // room-101 twice: no-op
    expect((await seam.spaces.get({ space_id: floor1.space_id })).acs_entrance_count).toBe(3);
    // DELETE sends its parameters in the query string: one id is a single value, two are repeated keys.
    await seam.spaces.removeAcsEntrances({ space_id: floor1.space_id, acs_entrance_ids: [ids['elevator']!] });
    expect((await seam.spaces.get({ space_id: floor1.space_id })).acs_entrance_count).toBe(2);
    await seam.spaces.removeAcsEntrances({ space_id: floor1.space_id, acs_entrance_ids: [ids['room-101']!, ids['room-102']!] });
    expect((await seam.spaces.get({ space_id: floor1.space_id })).acs_entrance_count).toBe(0);

    const renamed = await seam.spaces.update({ space_id: floor1.space_id, name: 'First floor', acs_entrance_ids: [ids['gym']!, ids['pool']!, ids['main-entrance']!] });
    checkOpenApi(openapi, 'space', renamed);
    expect(renamed).toMatchObject({ name: 'First floor', acs_entrance_count: 3, space_key: 'floor-1' });
    const amenities = await seam.spaces.create({ name: 'Amenities', acs_entrance_ids: [ids['gym']!, ids['pool']!] });
    expect(amenities.space_key).toBeUndefined();

    await seam.spaces.delete({ space_id: amenities.space_id });
    await expect(seam.spaces.get({ space_id: amenities.space_id })).rejects.toMatchObject({ statusCode: 404, code: 'space_not_found' });
    expect((await seam.acs.entrances.get({ acs_entrance_id: ids['gym']! })).space_ids).toEqual([floor1.space_id]);
  });

  it("records Seam's space events with the space's entrances: created, membership changed (only on a change), deleted", async () => {
    const lobby = (await t.call('/spaces/create', { name: 'Lobby', space_key: 'lobby', acs_entrance_ids: [ids['main-entrance'], ids['elevator']] })).body.space;
    await t.call('/spaces/add_acs_entrances', { space_id: lobby.space_id, acs_entrance_ids: [ids['elevator']] }); // already in: no event
    await t.call('/spaces/add_acs_entrances', { space_id: lobby.space_id, acs_entrance_ids: [ids['gym']] });
    await t.call('/spaces/remove_acs_entrances', { space_id: lobby.space_id, acs_entrance_ids: [ids['pool']] }); // not in: no event
    await t.call('/spaces/update', { space_id: lobby.space_id, acs_entrance_ids: [ids['gym'], ids['elevator'], ids['main-entrance']] }); // same set: no event
    await t.call('/spaces/update', { space_id: lobby.space_id, acs_entrance_ids: [ids['gym']] });
    await t.call('/spaces/delete', { space_id: lobby.space_id });
    const events = ((await t.call('/events/list', { limit: 500 })).body.events as any[]).filter((e) => e.space_id === lobby.space_id).reverse();
    for (const e of events) schemas.seam_event.parse(e);
    const sorted = (a: string[]) => [...a].sort();
    expect(events.map((e) => [e.event_type, sorted(e.acs_entrance_ids), e.space_key, e.device_ids])).toEqual([
      ['space.created', sorted([ids['main-entrance']!, ids['elevator']!]), 'lobby', []],
      ['space.device_membership_changed', sorted([ids['main-entrance']!, ids['elevator']!, ids['gym']!]), 'lobby', []],
      ['space.device_membership_changed', [ids['gym']], 'lobby', []],
      ['space.deleted', [ids['gym']], 'lobby', []],
    ]);
  });

  it('lists oldest first with search and Seam pagination', async () => {
    const made = [];
    for (const name of ['Wing A', 'Wing B', 'Wing C']) made.push((await t.call('/spaces/create', { name })).body.space);
    const page1 = await t.call('/spaces/list', { search: 'Wing', limit: 2 });
    expect(page1.status).toBe(200);
    schemas.pagination.parse(page1.body.pagination);
    expect(page1.body.spaces.map((s: any) => s.name)).toEqual(['Wing A', 'Wing B']);
    expect(page1.body.pagination.has_next_page).toBe(true);
    const page2 = await t.call('/spaces/list', { search: 'Wing', limit: 2, page_cursor: page1.body.pagination.next_page_cursor });
    expect(page2.body.spaces.map((s: any) => s.name)).toEqual(['Wing C']);
    expect(page2.body.pagination).toEqual({ has_next_page: false, next_page_cursor: null, next_page_url: null });
    // The SDK's list and its paginator.
    const all = await seam.spaces.list({ search: 'Wing' });
    expect(all.map((s) => s.space_id)).toEqual(made.map((s) => s.space_id));
    for (const s of all) checkOpenApi(openapi, 'space', s);
    const byKey = await t.call('/spaces/list', { space_key: 'no-such-key' });
    expect(byKey.body.spaces).toEqual([]);
  });

  it('resolves spaces to entrances for grants (entrancesOfSpaces): union, deduplicated, unknown space is 404', async () => {
    const a = (await t.call('/spaces/create', { name: 'Suite', acs_entrance_ids: [ids['room-101'], ids['elevator']] })).body.space;
    const b = (await t.call('/spaces/create', { name: 'Suite lift', acs_entrance_ids: [ids['elevator'], ids['pool']] })).body.space;
    const empty = (await t.call('/spaces/create', { name: 'Empty' })).body.space;
    // The function reads the cloud's database (a second, read-only connection to the same file).
    const db = new Database(t.dbPath, { readonly: true });
    const ctx = { db, workspace: t.cloud.workspace } as unknown as CloudContext;
    expect(entrancesOfSpaces(ctx, [a.space_id, b.space_id, empty.space_id])).toEqual([ids['room-101'], ids['elevator'], ids['pool']].sort());
    expect(entrancesOfSpaces(ctx, [empty.space_id])).toEqual([]);
    expect(() => entrancesOfSpaces(ctx, ['00000000-0000-4000-8000-000000000000'])).toThrow(/space/);
    db.close();
  });

  it("get_related (SDK, GET with query arrays): the spaces and their entrances as Seam's batch; include/exclude", async () => {
    const east = await seam.spaces.create({ name: 'East', space_key: 'east', acs_entrance_ids: [ids['room-101']!, ids['elevator']!] });
    const west = await seam.spaces.create({ name: 'West', acs_entrance_ids: [ids['elevator']!, ids['room-102']!] });
    const batch = await seam.spaces.getRelated({ space_ids: [west.space_id], space_keys: ['east'] });
    // (The route's whole OpenAPI response does not compile with ajv: its `device` schema (thermostat fields) uses OpenAPI 3.0's boolean exclusiveMinimum.)
    for (const sp of batch.spaces!) checkOpenApi(openapi, 'space', sp);
    expect(batch.spaces!.map((s) => s.name).sort()).toEqual(['East', 'West']);
    // Room 101, Elevator, Room 102: the elevator, in both, once.
    expect(batch.acs_entrances!.map((e) => e.display_name).sort()).toEqual(['Elevator', 'Room 101', 'Room 102']);
    for (const e of batch.acs_entrances!) schemas.acs_entrance.parse(e);
    const onlySpaces = await seam.spaces.getRelated({ space_ids: [east.space_id], exclude: ['acs_entrances'] });
    expect(Object.keys(onlySpaces)).toEqual(['spaces']);
    const onlyEntrances = await seam.spaces.getRelated({ space_ids: [east.space_id], include: ['acs_entrances', 'devices'] });
    expect(Object.keys(onlyEntrances)).toEqual(['acs_entrances']);
    expect((await t.call('/spaces/get_related', {})).body.error.message).toMatch(/give space_ids or space_keys/);
    expect((await t.call('/spaces/get_related', { space_keys: ['nope'] })).status).toBe(404);
  });

  it('refuses bad input with clear errors', async () => {
    const cases: [string, unknown, RegExp][] = [
      ['/spaces/create', {}, /name/],
      ['/spaces/create', { name: '  ' }, /name must not be empty/],
      ['/spaces/create', { name: 'x', device_ids: ['d1'] }, /entrances only/],
      ['/spaces/create', { name: 'x', acs_entrance_ids: ['not-a-uuid'] }, /must be a UUID/],
      ['/spaces/get', {}, /exactly one of space_id or space_key/],
      ['/spaces/add_acs_entrances', { space_id: '00000000-0000-4000-8000-000000000000', acs_entrance_ids: [] }, /at least one entrance/],
    ];
    for (const [path, body, message] of cases) {
      const res = await t.call(path, body);
      expect(res.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }
    await t.call('/spaces/create', { name: 'Keyed', space_key: 'taken' });
    const dup = await t.call('/spaces/create', { name: 'Other', space_key: 'taken' });
    expect(dup.status).toBe(400);
    expect(dup.body.error.message).toMatch(/space_key already exists/);
    const unknownEntrance = await t.call('/spaces/create', { name: 'Ghost', acs_entrance_ids: ['00000000-0000-4000-8000-000000000001'] });
    expect(unknownEntrance.status).toBe(404);
    // Nothing was created by the failed request.
    expect((await t.call('/spaces/list', { search: 'Ghost' })).body.spaces).toEqual([]);
    await expect(seam.spaces.create({ name: 'x', device_ids: ['00000000-0000-4000-8000-000000000000'] })).rejects.toBeInstanceOf(SeamHttpInvalidInputError);
    await expect(seam.spaces.delete({ space_id: '00000000-0000-4000-8000-000000000000' })).rejects.toBeInstanceOf(SeamHttpApiError);
  });
});
