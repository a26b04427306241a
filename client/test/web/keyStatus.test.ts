/**
 * Keys that no longer open anything, as the key holder sees them in real chromium: expired,
 * revoked, and used up (set up on as many devices as the hotel allowed). The cloud decides; the
 * page says so in words, offers no Unlock button, and forgets what it had cached.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissingReason } from './harness/chromium.js';
import { feedbackOf, issueKey, newPhone, openKey, screenshot } from './harness/keyHolder.js';
import { startRig, type Rig } from './harness/rig.js';

const missing = chromiumMissingReason();

describe.skipIf(missing !== undefined)(`web app: expired, revoked and used-up keys${missing ? ` — skipped: ${missing}` : ''}`, () => {
  let rig: Rig;

  beforeAll(async () => {
    rig = await startRig();
  }, 60_000);

  afterAll(async () => {
    await rig?.close();
  });

  it('revoked key: the page says so, shows no entrances, and drops the offline copy', async () => {
    const key = await issueKey(rig, { entrances: ['Room 102'] });
    const phone = await newPhone(rig);
    expect((await openKey(rig, phone, key.url)).state).toBe('ready');
    await rig.api('/client_sessions/revoke', { client_session_id: key.clientSessionId });

    const { page, state } = await openKey(rig, phone, key.url, { settled: ['key-revoked', 'ready'] });
    expect(state).toBe('key-revoked');
    const fb = await feedbackOf(page);
    expect(fb.title).toBe('This key was revoked');
    expect(fb.role).toBe('status'); // one role for good: screen readers follow a region whose role never changes
    expect(await page.$$('#entrances .entrance')).toHaveLength(0);
    await screenshot(page, 'key-revoked');

    // No signal now: nothing cached is left to unlock with.
    const offline = await openKey(rig, phone, key.url, { offline: true, settled: ['key-invalid', 'ready'] });
    expect(offline.state).toBe('key-invalid');
    expect((await feedbackOf(offline.page)).detail).toMatch(/never opened on this device/);
    await screenshot(offline.page, 'key-invalid-offline');
  });

  it('expired key: the page says so, shows no entrances', async () => {
    const key = await issueKey(rig, { entrances: ['Room 102'], expiresInMs: 3_600_000 });
    rig.clock.advance(2 * 3_600_000);
    const phone = await newPhone(rig);
    const { page, state } = await openKey(rig, phone, key.url, { settled: ['key-expired', 'ready'] });
    expect(state).toBe('key-expired');
    expect((await feedbackOf(page)).title).toBe('This key has expired');
    expect(await page.$$('#entrances .entrance')).toHaveLength(0);
    await screenshot(page, 'key-expired');
  });

  it('expired, then the stay extended (#16 C1): the same browser opens again as the same device', async () => {
    const key = await issueKey(rig, { entrances: ['Room 102'], maxUseCount: 1 }); // no end: the key lives 7 days
    const phone = await newPhone(rig);
    expect((await openKey(rig, phone, key.url)).state).toBe('ready');
    rig.clock.advance(8 * 86_400_000);
    expect((await openKey(rig, phone, key.url, { settled: ['key-expired', 'ready'] })).state).toBe('key-expired');
    await rig.api('/access_grants/update', { access_grant_id: key.accessGrantId, ends_at: new Date(rig.clock.now() + 2 * 86_400_000).toISOString() });
    const { page, state } = await openKey(rig, phone, key.url, { settled: ['key-used', 'ready'] });
    expect(state).toBe('ready'); // max_use_count 1: a new endpoint key would be 'key-used'
    expect(await page.$$('#entrances .entrance')).toHaveLength(1);
  });

  it('used-up key: a second device beyond max_use_count is refused', async () => {
    const key = await issueKey(rig, { entrances: ['Room 102'], maxUseCount: 1 });
    expect((await openKey(rig, await newPhone(rig), key.url)).state).toBe('ready');
    const { page, state } = await openKey(rig, await newPhone(rig), key.url, { settled: ['key-used', 'ready'] });
    expect(state).toBe('key-used');
    expect((await feedbackOf(page)).title).toBe('This key was already used');
    await screenshot(page, 'key-used');
  });
});
