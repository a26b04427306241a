/**
 * The official SDK against keyrig: @seamapi/http's SeamHttp with `endpoint` pointed at a real
 * cloud on a random port. (The `seam` npm package only re-exports @seamapi/http and adds a heavy
 * CLI, so we test with @seamapi/http directly.) Every resource keyrig returns must validate
 * against @seamapi/types: the zod schemas where the package has them, its OpenAPI schemas
 * (access_grant, access_method) otherwise.
 */
import { SeamHttp, SeamHttpApiError, SeamHttpInvalidInputError, SeamHttpUnauthorizedError } from '@seamapi/http/connect';
import { schemas, openapi } from '@seamapi/types/connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from './testCloud.js';
import { checkOpenApi } from './openApiCheck.js';

describe('the official Seam SDK against keyrig', () => {
  let t: TestCloud;
  let seam: SeamHttp;
  beforeAll(async () => {
    t = await startTestCloud();
    seam = new SeamHttp({ apiKey: t.cloud.apiKey, endpoint: t.cloud.url });
  });
  afterAll(async () => t.close());

  it('creates and reads identities, grants and instant keys, and lists events; every resource validates', async () => {
    const workspace = await seam.workspaces.get();
    schemas.workspace.parse(workspace);

    const entrances = await seam.acs.entrances.list();
    expect(entrances.length).toBeGreaterThanOrEqual(5);
    for (const e of entrances) schemas.acs_entrance.parse(e);
    const room = entrances.find((e) => e.display_name === 'Room 101')!;
    const lift = entrances.find((e) => e.display_name === 'Elevator')!;
    schemas.acs_entrance.parse(await seam.acs.entrances.get({ acs_entrance_id: room.acs_entrance_id }));

    const ui = await seam.userIdentities.create({ full_name: 'Grace Hopper', email_address: 'grace@example.com', user_identity_key: 'guest-42' });
    schemas.user_identity.parse(ui);
    expect(ui.display_name).toBe('Grace Hopper');
    schemas.user_identity.parse(await seam.userIdentities.get({ user_identity_id: ui.user_identity_id }));
    const listed = await seam.userIdentities.list();
    expect(listed.map((u) => u.user_identity_id)).toContain(ui.user_identity_id);
    await seam.userIdentities.update({ user_identity_id: ui.user_identity_id, phone_number: '+15555550100' });
    expect((await seam.userIdentities.get({ user_identity_id: ui.user_identity_id })).phone_number).toBe('+15555550100');

    const grant = await seam.accessGrants.create({
      user_identity_id: ui.user_identity_id,
      acs_entrance_ids: [room.acs_entrance_id, lift.acs_entrance_id],
      starts_at: new Date(t.clock.now()).toISOString(),
      ends_at: new Date(t.clock.now() + 2 * 86_400_000).toISOString(),
      requested_access_methods: [{ mode: 'mobile_key' }],
    });
    checkOpenApi(openapi, 'access_grant', grant);
    // The checker itself can fail:
    expect(() => checkOpenApi(openapi, 'access_grant', { ...grant, starts_at: 5, user_identity_id: undefined })).toThrow(/user_identity_id: required[\s\S]*starts_at: expected string/);
    const grantAgain = await seam.accessGrants.get({ access_grant_id: grant.access_grant_id });
    checkOpenApi(openapi, 'access_grant', grantAgain);
    const grants = await seam.accessGrants.list({ user_identity_id: ui.user_identity_id });
    expect(grants.map((g) => g.access_grant_id)).toEqual([grant.access_grant_id]);

    const methods = await seam.accessMethods.list({ access_grant_id: grant.access_grant_id });
    expect(methods).toHaveLength(1);
    for (const m of methods) checkOpenApi(openapi, 'access_method', m);
    checkOpenApi(openapi, 'access_method', await seam.accessMethods.get({ access_method_id: methods[0]!.access_method_id }));

    const ik = await seam.userIdentities.generateInstantKey({ user_identity_id: ui.user_identity_id, max_use_count: 2 });
    schemas.instant_key.parse(ik);
    expect(ik.instant_key_url.startsWith(`${t.cloud.url}/ik/`)).toBe(true);
    schemas.instant_key.parse(await seam.instantKeys.get({ instant_key_id: ik.instant_key_id }));
    const byUrl = await seam.instantKeys.get({ instant_key_url: ik.instant_key_url });
    expect(byUrl.instant_key_id).toBe(ik.instant_key_id);
    const keys = await seam.instantKeys.list({ user_identity_id: ui.user_identity_id });
    // The grant's own key (delivered at grant time, #19) and the one generated here.
    expect(keys.map((k) => k.instant_key_url).sort()).toEqual([grant.instant_key_url, ik.instant_key_url].sort());
    for (const k of keys) schemas.instant_key.parse(k);

    const session = await seam.clientSessions.get({ client_session_id: ik.client_session_id });
    schemas.client_session.parse(session);

    const creds = await seam.acs.credentials.list({ user_identity_id: ui.user_identity_id });
    expect(creds).toHaveLength(1);
    for (const c of creds) schemas.acs_credential.parse(c);
    schemas.acs_credential.parse(await seam.acs.credentials.get({ acs_credential_id: creds[0]!.acs_credential_id }));

    // PATCH /access_grants/update (the SDK's method) extends the grant.
    const later = new Date(t.clock.now() + 5 * 86_400_000).toISOString();
    await seam.accessGrants.update({ access_grant_id: grant.access_grant_id, ends_at: later });
    expect((await seam.accessGrants.get({ access_grant_id: grant.access_grant_id })).ends_at).toBe(later);

    const events = await seam.events.list({ since: new Date(t.clock.now() - 60_000).toISOString() });
    const types = events.map((e) => e.event_type);
    expect(types).toContain('access_grant.created');
    expect(types).toContain('access_method.issued');
    for (const e of events) schemas.seam_event.parse(e);
    schemas.seam_event.parse(await seam.events.get({ event_id: events[0]!.event_id }));
    // Arrays in the query string (GET): repeated keys.
    const two = await seam.events.list({ event_types: ['access_grant.created', 'access_method.issued'], user_identity_id: ui.user_identity_id });
    expect(new Set(two.map((e) => e.event_type))).toEqual(new Set(['access_grant.created', 'access_method.issued']));

    const hook = await seam.webhooks.create({ url: 'http://127.0.0.1:9/hook', event_types: ['lock.unlocked'] });
    schemas.webhook.parse(hook);
    await seam.webhooks.delete({ webhook_id: hook.webhook_id });

    await seam.clientSessions.revoke({ client_session_id: ik.client_session_id });
    expect((await seam.clientSessions.get({ client_session_id: ik.client_session_id })).device_count).toBe(0);
    await seam.accessMethods.delete({ access_method_id: methods[0]!.access_method_id });
    expect(await seam.accessMethods.list({ access_grant_id: grant.access_grant_id })).toEqual([]);
    await seam.instantKeys.delete({ instant_key_id: ik.instant_key_id });
    await seam.accessGrants.delete({ access_grant_id: grant.access_grant_id });
    expect(await seam.accessGrants.list({ user_identity_id: ui.user_identity_id })).toEqual([]);
    await seam.userIdentities.delete({ user_identity_id: ui.user_identity_id });
  });

  it('maps keyrig errors onto the SDK error classes', async () => {
    await expect(seam.userIdentities.create({ email_address: 'not-an-email' })).rejects.toBeInstanceOf(SeamHttpInvalidInputError);
    const missing = await seam.userIdentities.get({ user_identity_id: '00000000-0000-4000-8000-000000000000' }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(SeamHttpApiError);
    expect((missing as SeamHttpApiError).statusCode).toBe(404);
    expect((missing as SeamHttpApiError).code).toBe('user_identity_not_found');
    expect((missing as SeamHttpApiError).requestId).toMatch(/^[0-9a-f-]{36}$/);
    const stranger = new SeamHttp({ apiKey: 'seam_key1_thisKeyWasNeverIssuedByKeyrig', endpoint: t.cloud.url });
    await expect(stranger.workspaces.get()).rejects.toBeInstanceOf(SeamHttpUnauthorizedError);
  });
});
