/**
 * Seam wire fidelity of requests, errors and pagination (#19), against a real cloud on a random
 * port. The independent statements: what the SDKs send (an empty form-encoded POST from seam
 * 1.160 / @seamapi/http 1.102, GET with query parameters from @seamapi/http 2.32), what the 2.32
 * SDK reads back (SeamHttpInvalidInputError.getValidationErrorMessages, SeamPaginator), and
 * @seamapi/types' OpenAPI `pagination` schema.
 */
import { SeamHttp, SeamHttpInvalidInputError } from '@seamapi/http/connect';
import { openapi } from '@seamapi/types/connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { START, type TestCloud } from './testCloud.js';
import { startSdkCloud } from './sdkCloud.js';
import { checkOpenApi } from './openApiCheck.js';

describe('Seam wire fidelity: requests, errors, pagination', () => {
  let t: TestCloud;
  let seam: SeamHttp;
  let room: string;
  beforeAll(async () => {
    const c = await startSdkCloud();
    ({ t, seam } = c);
    room = c.ids['Room 101']!;
  });
  afterAll(async () => t.close());

  const post = (path: string, body: string | undefined, headers: Record<string, string>) =>
    fetch(`${t.cloud.url}${path}`, { method: 'POST', headers, ...(body !== undefined ? { body } : {}) });

  it('takes a POST without body as `application/x-www-form-urlencoded` (older SDKs) as {}, still authenticated first and size-limited', async () => {
    const auth = { authorization: `Bearer ${t.cloud.apiKey}` };
    const empty = await post('/acs/entrances/list', undefined, { ...auth, 'content-type': 'application/x-www-form-urlencoded' });
    expect(empty.status).toBe(200);
    expect(((await empty.json()) as { acs_entrances: unknown[] }).acs_entrances.length).toBeGreaterThanOrEqual(5);
    const emptyString = await post('/workspaces/get', '', { ...auth, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' });
    expect(emptyString.status).toBe(200);
    // A form with fields reads like a query string (and is validated like one).
    const form = await post('/acs/entrances/list', 'type=elevator', { ...auth, 'content-type': 'application/x-www-form-urlencoded' });
    expect(((await form.json()) as { acs_entrances: { display_name: string }[] }).acs_entrances.map((e) => e.display_name)).toEqual(['Elevator']);
    const bad = await post('/acs/entrances/list', 'type=sauna', { ...auth, 'content-type': 'application/x-www-form-urlencoded' });
    expect(bad.status).toBe(400);
    // No key: 401 before the body is read; an oversized form: 413 (docs/CLOUD.md "Body limits").
    expect((await post('/acs/entrances/list', 'a=b', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(401);
    const big = await post('/acs/entrances/list', `a=${'x'.repeat(1024 * 1024 + 10)}`, { ...auth, 'content-type': 'application/x-www-form-urlencoded' });
    expect(big.status).toBe(413);
  });

  it('answers GET with query parameters as the 2.x SDK sends them', async () => {
    const res = await fetch(`${t.cloud.url}/acs/entrances/list?type=elevator&limit=5`, { headers: { authorization: `Bearer ${t.cloud.apiKey}` } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { acs_entrances: unknown[] }).acs_entrances).toHaveLength(1);
  });

  it("puts validation errors where the SDK reads them: getValidationErrorMessages(param) returns keyrig's messages", async () => {
    const err = await seam.userIdentities.create({ email_address: 'not-an-email' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SeamHttpInvalidInputError);
    const invalid = err as SeamHttpInvalidInputError;
    expect(invalid.getValidationErrorMessages('email_address')).toEqual(['email_address must be an email address']);
    expect(invalid.validationErrors.map((v) => v.parameterName)).toEqual(['email_address']);
    expect(invalid.getValidationErrorMessages('full_name')).toEqual([]);
    // The raw shape, as Seam documents it, and keyrig's flat list kept in `data`.
    const raw = await t.call('/access_grants/create', { user_identity_id: 'nope', requested_access_methods: [{ mode: 'code' }] });
    expect(raw.status).toBe(400);
    expect(raw.body.error.validation_errors.user_identity_id._errors).toEqual(['user_identity_id must be a UUID']);
    expect(raw.body.error.validation_errors.requested_access_methods['0'].mode._errors[0]).toMatch(/mobile keys only/);
    expect(raw.body.error.data.validation_errors.map((v: { path: string }) => v.path)).toEqual(['user_identity_id', 'requested_access_methods.0.mode']);
  });

  async function identities(n: number, prefix: string): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push((await seam.userIdentities.create({ full_name: `${prefix} ${i}` })).user_identity_id);
    return ids;
  }

  it('paginates access grants, credentials, user identities and entrances: the SDK paginator walks every page', async () => {
    const people = await identities(5, 'Pager');
    const grants: string[] = [];
    for (const u of people) {
      const g = await seam.accessGrants.create({ user_identity_id: u, acs_entrance_ids: [room], requested_access_methods: [{ mode: 'mobile_key' }] });
      grants.push(g.access_grant_id);
    }
    const pagesOf = async <T>(paginator: AsyncIterable<readonly T[]>) => {
      const pages: T[][] = [];
      for await (const page of paginator) pages.push([...page]);
      return pages;
    };
    const grantPages = await pagesOf(seam.createPaginator(seam.accessGrants.list({ limit: 2 })));
    expect(grantPages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(grantPages.flat().map((g) => g.access_grant_id).sort()).toEqual([...grants].sort());

    const creds = await seam.createPaginator(seam.acs.credentials.list({ limit: 2 })).flattenToArray();
    expect(creds).toHaveLength(5);
    expect(new Set(creds.map((c) => c.acs_credential_id)).size).toBe(5);

    const all = await seam.createPaginator(seam.userIdentities.list({ limit: 2 })).flattenToArray();
    expect(all.map((u) => u.user_identity_id).filter((id) => people.includes(id)).sort()).toEqual([...people].sort());

    const entrances = await seam.acs.entrances.list();
    const walked = await seam.createPaginator(seam.acs.entrances.list({ limit: 2 })).flattenToArray();
    expect(walked.map((e) => e.acs_entrance_id)).toEqual(entrances.map((e) => e.acs_entrance_id));
  });

  it('answers the pagination envelope of @seamapi/types; next_page_url fetches the next page; the last page says so', async () => {
    await identities(3, 'Envelope');
    const first = await t.call('/user_identities/list', { limit: 2, search: 'Envelope' });
    expect(first.status).toBe(200);
    checkOpenApi(openapi, 'pagination', first.body.pagination);
    expect(first.body.pagination.has_next_page).toBe(true);
    expect(first.body.pagination.next_page_url).toMatch(new RegExp(`^${t.cloud.url}/user_identities/list\\?`));
    const next = await fetch(first.body.pagination.next_page_url, { headers: { authorization: `Bearer ${t.cloud.apiKey}` } });
    const page2 = (await next.json()) as { user_identities: { full_name: string }[]; pagination: { has_next_page: boolean; next_page_url: unknown; next_page_cursor: unknown } };
    // search and limit carried over: the one Envelope the first page did not show.
    const names = [...first.body.user_identities, ...page2.user_identities].map((u: { full_name: string }) => u.full_name);
    expect(page2.user_identities).toHaveLength(1);
    expect(names.sort()).toEqual(['Envelope 0', 'Envelope 1', 'Envelope 2']);
    expect(page2.pagination).toEqual({ has_next_page: false, next_page_cursor: null, next_page_url: null });
    checkOpenApi(openapi, 'pagination', page2.pagination);
    for (const path of ['/access_grants/list', '/acs/entrances/list', '/acs/credentials/list']) {
      checkOpenApi(openapi, 'pagination', (await t.call(path, { limit: 1 })).body.pagination);
    }
  });

  it('cursors are stable under inserts: a walk sees every earlier item once, whatever is created meanwhile', async () => {
    const before = await identities(4, 'Stable');
    const first = await t.call('/user_identities/list', { limit: 2, search: 'Stable' });
    // Same creation time as the ones listed (the clock stands still), random ids: some sort before the cursor.
    const during = await identities(6, 'Stable');
    const seen: string[] = first.body.user_identities.map((u: { user_identity_id: string }) => u.user_identity_id);
    let cursor = first.body.pagination.next_page_cursor as string | null;
    while (cursor) {
      const page = await t.call('/user_identities/list', { limit: 2, search: 'Stable', page_cursor: cursor });
      seen.push(...page.body.user_identities.map((u: { user_identity_id: string }) => u.user_identity_id));
      cursor = page.body.pagination.next_page_cursor;
    }
    expect(new Set(seen).size).toBe(seen.length); // nothing twice
    for (const id of before) expect(seen).toContain(id); // nothing that existed skipped
    expect(seen.every((id) => before.includes(id) || during.includes(id))).toBe(true);
    expect(t.clock.now()).toBe(START);
  });

  it('refuses a cursor that is not one of the route (400 invalid_input naming page_cursor)', async () => {
    const cursor = (await t.call('/acs/entrances/list', { limit: 1 })).body.pagination.next_page_cursor as string;
    for (const [path, bad] of [
      ['/acs/entrances/list', 'not a cursor!'],
      ['/acs/entrances/list', Buffer.from('{"x":1}').toString('base64url')],
      ['/access_grants/list', cursor], // another route's
      ['/user_identities/list', Buffer.from('["/user_identities/list","1","x"]').toString('base64url')],
    ] as const) {
      const res = await t.call(path, { page_cursor: bad });
      expect(res.status, `${path} ${bad}`).toBe(400);
      expect(res.body.error.validation_errors.page_cursor._errors).toEqual(['invalid page cursor']);
    }
    const err = await seam.acs.entrances.list({ page_cursor: 'garbage' }).catch((e: unknown) => e);
    expect((err as SeamHttpInvalidInputError).getValidationErrorMessages('page_cursor')).toEqual(['invalid page cursor']);
  });
});
