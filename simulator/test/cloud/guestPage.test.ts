/**
 * The cloud side of the guest's page (#20): Seam's customization profiles, the key page route
 * (hotel, zone, guest, front desk, colours), and bad /ik/ links answered with a page a person can
 * read — including a good link with the sentence's punctuation glued on.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemas } from '@seamapi/types/connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webAppPage } from '../../src/cloud/index.js';
import { guestWithKey, holderLoads, startTestCloud, type TestCloud } from './testCloud.js';

const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

describe('customization profiles (Seam /workspaces/customization_profiles/*)', () => {
  let t: TestCloud;
  beforeAll(async () => {
    t = await startTestCloud();
  });
  afterAll(async () => t.close());

  it('create, get, list and update answer what @seamapi/types parses', async () => {
    const created = await t.call('/workspaces/customization_profiles/create', { name: 'Seaside', primary_color: '#0b5d57', secondary_color: '#c89b3c' });
    expect(created.status).toBe(200);
    const profile = schemas.customization_profile.parse(created.body.customization_profile);
    expect(profile).toMatchObject({ name: 'Seaside', primary_color: '#0b5d57', secondary_color: '#c89b3c' });
    const id = profile.customization_profile_id;

    const got = await t.call('/workspaces/customization_profiles/get', { customization_profile_id: id });
    expect(schemas.customization_profile.parse(got.body.customization_profile)).toEqual(profile);

    expect((await t.call('/workspaces/customization_profiles/update', { customization_profile_id: id, primary_color: '#123456', logo_url: 'https://hotel.example/logo.svg' })).status).toBe(200);
    const listed = await t.call('/workspaces/customization_profiles/list');
    const all = listed.body.customization_profiles.map((p: unknown) => schemas.customization_profile.parse(p));
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ customization_profile_id: id, name: 'Seaside', primary_color: '#123456', secondary_color: '#c89b3c', logo_url: 'https://hotel.example/logo.svg' });
  });

  it('refuses colours that are not hex and logos that are not https:, with a clear message', async () => {
    const bad = await t.call('/workspaces/customization_profiles/create', { primary_color: 'red; background:url(x)' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/primary_color must be a hex colour/);
    const logo = await t.call('/workspaces/customization_profiles/create', { logo_url: 'javascript:alert(1)' });
    expect(logo.status).toBe(400);
    expect(logo.body.error.message).toMatch(/logo_url must be an https: URL/);
    expect((await t.call('/workspaces/customization_profiles/get', { customization_profile_id: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
  });
});

describe('the key page route (POST /phone/key_page/get)', () => {
  it("names the hotel, its zone and front desk (demo property file), the guest, and the workspace's default profile", async () => {
    const t = await startTestCloud();
    try {
      const g = await guestWithKey(t, ['room-101']);
      const { token } = await holderLoads(t, g.instantKey.instant_key_url);
      const before = await t.call('/phone/key_page/get', {}, token);
      expect(before.body.key_page).toEqual({
        property_name: 'keyrig Demo Hotel',
        time_zone: 'Europe/Berlin',
        guest_name: 'Ada Guest',
        front_desk: 'Call +49 30 555 0100 or come to reception (open 24 h).',
        customization: null,
        customization_profile_id: null,
      });
      const first = (await t.call('/workspaces/customization_profiles/create', { name: 'Default', primary_color: '#0b5d57' })).body.customization_profile;
      await t.call('/workspaces/customization_profiles/create', { name: 'Other', primary_color: '#aa0000' });
      const after = (await t.call('/phone/key_page/get', {}, token)).body.key_page;
      expect(after.customization).toEqual({ primary_color: '#0b5d57' });
      expect(after.customization_profile_id).toBe(first.customization_profile_id);
      // The API key is not a key holder: the route is for the guest's own session only.
      expect((await t.call('/phone/key_page/get', {})).status).toBe(403);
    } finally {
      await t.close();
    }
  });

  it("uses the instant key's own profile over the default, and its own customization over both", async () => {
    const t = await startTestCloud();
    try {
      await t.call('/workspaces/customization_profiles/create', { name: 'Default', primary_color: '#0b5d57' });
      const mine = (await t.call('/workspaces/customization_profiles/create', { name: 'Suite', primary_color: '#5a2d82', logo_url: 'https://hotel.example/suite.svg' })).body.customization_profile;
      const a = await guestWithKey(t, ['room-101'], {}, { customization_profile_id: mine.customization_profile_id });
      const ta = (await holderLoads(t, a.instantKey.instant_key_url)).token;
      expect((await t.call('/phone/key_page/get', {}, ta)).body.key_page.customization).toEqual({ primary_color: '#5a2d82', logo_url: 'https://hotel.example/suite.svg' });
      const b = await guestWithKey(t, ['room-101'], {}, { customization: { primary_color: '#111111' } });
      const tb = (await holderLoads(t, b.instantKey.instant_key_url)).token;
      expect((await t.call('/phone/key_page/get', {}, tb)).body.key_page).toMatchObject({ customization: { primary_color: '#111111' }, customization_profile_id: null });
    } finally {
      await t.close();
    }
  });
});

describe('bad /ik/ links', () => {
  let t: TestCloud;
  beforeAll(async () => {
    const dir = join(process.env.TMPDIR ?? '/tmp', `keyrig-webapp-guest-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>app</title>');
    t = await startTestCloud({ instantKeyPage: webAppPage(dir) });
  });
  afterAll(async () => t.close());

  it('a browser gets a page in words (not JSON) for a link that names nothing; an API client keeps JSON', async () => {
    for (const path of ['/ik/abc', '/ik/abc.', '/ik/nope.js', '/ik/..%2Fpackage.json']) {
      const res = await fetch(`${t.cloud.url}${path}`, { headers: html });
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toMatch(/^text\/html/);
      const body = await res.text();
      expect(body, path).toContain('This key link does not work');
      expect(body, path).toContain('keyrig Demo Hotel');
      expect(body, path).toContain('Call +49 30 555 0100');
      expect(body, path).not.toMatch(/"error"|not_found/);
    }
    const api = await fetch(`${t.cloud.url}/ik/abc`, { headers: { accept: 'application/json' } });
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: { type: string } }).error.type).toBe('not_found');
  });

  it('a good link with trailing punctuation or quotes from a sentence leads to the key', async () => {
    const g = await guestWithKey(t, ['room-101']);
    const url = g.instantKey.instant_key_url as string;
    for (const tail of ['.', ',', ';', ')', '!', '?', '"', "'", '.)', '”', '’', '!"']) {
      const res = await fetch(url + encodeURIComponent(tail).replace(/[!'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`), { headers: html, redirect: 'manual' });
      expect(res.status, tail).toBe(302);
      expect(res.headers.get('location'), tail).toBe(new URL(url).pathname);
      expect(res.headers.get('referrer-policy'), tail).toBe('no-referrer');
    }
    // Followed, the redirect serves the app; the secret never lands in the logs.
    const followed = await fetch(`${url}.`, { headers: html });
    expect(followed.status).toBe(200);
    expect(await followed.text()).toContain('<title>app</title>');
    expect(t.logs.join('')).not.toContain(url.split('/ik/')[1]!);
  });
});
