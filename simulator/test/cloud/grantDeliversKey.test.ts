/**
 * Seam's hospitality flow on keyrig (#19): the access grant delivers the instant key, its URL reads
 * back from instant_keys/get|list (stored encrypted beside its hash, docs/SECURITY.md), and a
 * deleted key's client session is gone. Independent statements: @seamapi/types (instant_key_url
 * on access_grant and access_method, the instant_key zod schema), the @seamapi/http 2.32 SDK on a
 * real cloud, and the database file on disk.
 */
import { existsSync, readFileSync, statSync, writeFileSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SeamHttp, SeamHttpApiError } from '@seamapi/http/connect';
import { openapi, schemas } from '@seamapi/types/connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holderLoads, startTestCloud, type TestCloud } from './testCloud.js';
import { startSdkCloud } from './sdkCloud.js';
import { checkOpenApi } from './openApiCheck.js';

describe('the grant delivers the key', () => {
  let t: TestCloud;
  let seam: SeamHttp;
  let room: string;
  beforeAll(async () => {
    const c = await startSdkCloud();
    ({ t, seam } = c);
    room = c.ids['Room 101']!;
  });
  afterAll(async () => t.close());

  const stay = () => ({
    starts_at: new Date(t.clock.now()).toISOString(),
    ends_at: new Date(t.clock.now() + 2 * 86_400_000).toISOString(),
  });

  it('access_grants/create with a mobile_key returns instant_key_url (grant and method), which opens and loads the room', async () => {
    const grant = await seam.accessGrants.create({
      user_identity: { full_name: 'Ada Lovelace', email_address: 'ada.grant@example.com' },
      acs_entrance_ids: [room],
      requested_access_methods: [{ mode: 'mobile_key' }],
      ...stay(),
    });
    checkOpenApi(openapi, 'access_grant', grant);
    expect(grant.instant_key_url).toMatch(new RegExp(`^${t.cloud.url}/ik/[A-Za-z0-9_-]{43}$`));
    const [method] = await seam.accessMethods.list({ access_grant_id: grant.access_grant_id });
    checkOpenApi(openapi, 'access_method', method);
    expect(method!.instant_key_url).toBe(grant.instant_key_url);
    expect((await seam.accessGrants.get({ access_grant_id: grant.access_grant_id })).instant_key_url).toBe(grant.instant_key_url);

    const key = await seam.instantKeys.get({ instant_key_url: grant.instant_key_url! });
    schemas.instant_key.parse(key);
    expect(key.user_identity_id).toBe(grant.user_identity_id);
    expect(key.expires_at).toBe(stay().ends_at); // follows the grant (docs/CLOUD.md, C1)
    const loaded = await holderLoads(t, grant.instant_key_url!);
    expect(loaded.load?.status).toBe(200);
    expect(loaded.load!.body.credential_bundle.credentials.map((c: { acs_entrance_id: string }) => c.acs_entrance_id)).toEqual([room]);
    // Seam's default for instant_key_max_use_count is 1: a second device is refused.
    const second = await holderLoads(t, grant.instant_key_url!);
    expect(second.open.status).toBe(200);
    expect(second.register?.body.error.type).toBe('max_use_count_reached');
  });

  it('instant_key_max_use_count and customization_profile_id reach the key; two mobile keys: no single URL on the grant', async () => {
    const ui = await seam.userIdentities.create({ full_name: 'Two Phones' });
    const profile = '5b1c7a9e-2d7f-4e38-9b55-0c5d1c2f3a40';
    const grant = await seam.accessGrants.create({
      user_identity_id: ui.user_identity_id, acs_entrance_ids: [room], customization_profile_id: profile,
      requested_access_methods: [{ mode: 'mobile_key', instant_key_max_use_count: 2 }], ...stay(),
    });
    expect(grant.customization_profile_id).toBe(profile);
    const key = await seam.instantKeys.get({ instant_key_url: grant.instant_key_url! });
    expect(key.customization_profile_id).toBe(profile);
    expect((await t.call('/instant_keys/get', { instant_key_id: key.instant_key_id })).body.instant_key.keyrig_metadata.max_use_count).toBe(2);

    const two = await seam.accessGrants.create({
      user_identity_id: ui.user_identity_id, acs_entrance_ids: [room], requested_access_methods: [{ mode: 'mobile_key' }, { mode: 'mobile_key' }], ...stay(),
    });
    checkOpenApi(openapi, 'access_grant', two);
    expect(two.instant_key_url).toBeUndefined(); // "Only returned if the Access Grant has a single mobile_key access_method"
    const methods = await seam.accessMethods.list({ access_grant_id: two.access_grant_id });
    expect(new Set(methods.map((m) => m.instant_key_url)).size).toBe(2);
  });

  it('instant_keys/get and /list return the real URL; a deleted key drops it from its method and its session reads 404', async () => {
    const ui = await seam.userIdentities.create({ full_name: 'Read Back' });
    const grant = await seam.accessGrants.create({ user_identity_id: ui.user_identity_id, acs_entrance_ids: [room], requested_access_methods: [{ mode: 'mobile_key' }], ...stay() });
    const generated = await seam.userIdentities.generateInstantKey({ user_identity_id: ui.user_identity_id });
    const listed = await seam.instantKeys.list({ user_identity_id: ui.user_identity_id });
    for (const k of listed) schemas.instant_key.parse(k);
    expect(listed.map((k) => k.instant_key_url).sort()).toEqual([grant.instant_key_url, generated.instant_key_url].sort());
    expect((await seam.instantKeys.get({ instant_key_id: generated.instant_key_id })).instant_key_url).toBe(generated.instant_key_url);

    const sessions = () => seam.clientSessions.list({ user_identity_id: ui.user_identity_id }).then((l) => l.map((s) => s.client_session_id).sort());
    expect(await sessions()).toEqual([listed[0]!.client_session_id, listed[1]!.client_session_id].sort());
    await seam.instantKeys.delete({ instant_key_id: generated.instant_key_id });
    const gone = await seam.clientSessions.get({ client_session_id: generated.client_session_id }).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(SeamHttpApiError);
    expect((gone as SeamHttpApiError).statusCode).toBe(404);
    expect((gone as SeamHttpApiError).code).toBe('client_session_not_found');
    expect(await sessions()).not.toContain(generated.client_session_id);
    expect((await holderLoads(t, generated.instant_key_url)).open.status).toBe(401); // the link is dead too

    const grantKey = listed.find((k) => k.instant_key_url === grant.instant_key_url)!;
    await seam.instantKeys.delete({ instant_key_id: grantKey.instant_key_id });
    const [method] = await seam.accessMethods.list({ access_grant_id: grant.access_grant_id });
    expect(method!.instant_key_url).toBeUndefined();
    expect((await seam.accessGrants.get({ access_grant_id: grant.access_grant_id })).instant_key_url).toBeUndefined();
    expect(await sessions()).toEqual([]);
  });
});

describe('instant key URLs at rest', () => {
  it('the database file never holds a URL secret; the key file is 0600; a wrong key file is refused', async () => {
    const t = await startTestCloud();
    const dir = mkdtempSync(join(tmpdir(), 'keyrig-ik-'));
    try {
      const room = (await t.call('/acs/entrances/list')).body.acs_entrances.find((e: { display_name: string }) => e.display_name === 'Room 101').acs_entrance_id;
      const grant = (await t.call('/access_grants/create', {
        user_identity: { full_name: 'Disk' }, acs_entrance_ids: [room], requested_access_methods: [{ mode: 'mobile_key' }],
      })).body.access_grant;
      const secret = (grant.instant_key_url as string).split('/ik/')[1]!;
      const keyFile = `${t.dbPath}.secret-key`;
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      await t.cloud.close();
      for (const f of [t.dbPath, `${t.dbPath}-wal`]) if (existsSync(f)) expect(readFileSync(f).includes(secret), f).toBe(false);

      // Restarted with its key file: the URL reads back.
      const again = await startTestCloud({ dbPath: t.dbPath, publicUrl: t.cloud.url });
      expect((await again.call('/access_grants/get', { access_grant_id: grant.access_grant_id })).body.access_grant.instant_key_url).toBe(grant.instant_key_url);
      await again.close();

      // The database copied alone: links still open (found by hash), URLs read back redacted.
      const copy = join(dir, 'copy.db');
      copyFileSync(t.dbPath, copy);
      const alone = await startTestCloud({ dbPath: copy });
      const key = (await alone.call('/instant_keys/list')).body.instant_keys[0];
      expect(key.instant_key_url).toMatch(/\/ik\/redacted$/);
      expect((await alone.call('/access_grants/get', { access_grant_id: grant.access_grant_id })).body.access_grant.instant_key_url).toBeUndefined();
      expect((await holderLoads(alone, `${alone.cloud.url}/ik/${secret}`)).open.status).toBe(200);
      await alone.close();

      // Another database's key file next to this one: refused, not silently unreadable.
      writeFileSync(keyFile, readFileSync(`${copy}.secret-key`));
      await expect(startTestCloud({ dbPath: t.dbPath })).rejects.toThrow(/not the one the URLs .* were encrypted with/);
    } finally {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keys from before migration 5 (hash only) keep opening; their URL reads back redacted, new keys in full', async () => {
    const t = await startTestCloud();
    const g = (await t.call('/user_identities/create', { full_name: 'Old Key' })).body.user_identity;
    const old = (await t.call('/user_identities/generate_instant_key', { user_identity_id: g.user_identity_id })).body.instant_key;
    await t.cloud.close();
    // What migration 5 leaves a key created before it: no ciphertext.
    const db = new Database(t.dbPath);
    db.prepare('UPDATE instant_keys SET secret_ciphertext = NULL').run();
    db.close();
    const after = await startTestCloud({ dbPath: t.dbPath });
    try {
      const fresh = (await after.call('/user_identities/generate_instant_key', { user_identity_id: g.user_identity_id })).body.instant_key;
      const byId = new Map((await after.call('/instant_keys/list')).body.instant_keys.map((k: { instant_key_id: string; instant_key_url: string }) => [k.instant_key_id, k.instant_key_url]));
      expect(byId.get(old.instant_key_id)).toBe(`${after.cloud.url}/ik/redacted`);
      expect(byId.get(fresh.instant_key_id)).toBe(fresh.instant_key_url);
      const secret = (old.instant_key_url as string).split('/ik/')[1];
      expect((await holderLoads(after, `${after.cloud.url}/ik/${secret}`)).open.status).toBe(200);
    } finally {
      await after.close();
      await t.close();
    }
  });
});
