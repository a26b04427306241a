/**
 * The client core against a real in-process cloud over HTTP: instant key -> client session ->
 * endpoint key (kept in a keystore file) -> credentials; reloads after a reissue; bad input.
 * (In bin/test because client tests may not import the simulator.)
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudError, ClientInputError, FileKeyStore, KeyHolder, MemoryKeyStore, parseInstantKeyUrl } from '@keyrig/client';
import { guestStay, startTestRig, type TestRig } from './support/testRig.js';

let t: TestRig;
beforeAll(async () => {
  t = await startTestRig();
});
afterAll(async () => {
  await t?.close();
});

describe('KeyHolder against the cloud', () => {
  it('loads verified credentials for every granted entrance, and the same device reuses its endpoint', async () => {
    const guest = await guestStay(t);
    const keyStore = new FileKeyStore(join(t.dir, 'keystore.json'));
    const holder = await KeyHolder.open({ instantKeyUrl: guest.url, keyStore, clock: t.clock, logger: t.logger });
    expect(holder.userIdentityId).toBe(guest.userIdentityId);
    const { wallet, added } = await holder.loadCredentials();
    expect(wallet.credentials.map((c) => c.entrance.name).sort()).toEqual(['Elevator', 'Gym', 'Room 301']);
    expect(added).toHaveLength(3);
    const room = wallet.credentials.find((c) => c.entrance.name === 'Room 301')!;
    expect(room.document.entrances).toEqual([t.entrances.room.lockId]);
    expect(room.document.userIdentityId).toBe(guest.userIdentityId);
    expect(wallet.credentials.find((c) => c.entrance.type === 'elevator')!.document.floors).toEqual([2, 3]);
    expect(wallet.blocklist.length).toBeGreaterThan(0);
    expect(wallet.timeSync.length).toBeGreaterThan(0);

    // max_use_count is 1: only the device that set the key up may come back, and it can.
    const again = await KeyHolder.open({ instantKeyUrl: guest.url, keyStore: new FileKeyStore(keyStore.path), clock: t.clock, logger: t.logger });
    expect(again.endpointId).toBe(holder.endpointId);
    await expect(KeyHolder.open({ instantKeyUrl: guest.url, keyStore: new MemoryKeyStore(), clock: t.clock })).rejects.toMatchObject({
      type: 'max_use_count_reached',
      status: 403,
    });
  });

  it('reports the cloud reissuing credentials when the grant changes', async () => {
    const guest = await guestStay(t, 'Bob Guest');
    const holder = await KeyHolder.open({ instantKeyUrl: guest.url, keyStore: new MemoryKeyStore(), clock: t.clock });
    const first = await holder.loadCredentials();
    const unchanged = await holder.loadCredentials();
    expect(unchanged.added).toEqual([]);
    await t.rig.admin.call('/access_grants/update', {
      access_grant_id: guest.grantId,
      ends_at: new Date(guest.checkout + 86_400_000).toISOString(),
    });
    const extended = await holder.loadCredentials();
    expect(extended.added).toHaveLength(3);
    expect(extended.removed.sort()).toEqual(first.wallet.credentials.map((c) => c.document.credentialId).sort());
    expect(extended.wallet.credentials[0]!.document.notAfter).toBe(guest.checkout + 86_400_000);
  });

  it('refuses malformed and unknown instant key URLs with clear errors', async () => {
    expect(() => parseInstantKeyUrl('not a url')).toThrow(ClientInputError);
    expect(() => parseInstantKeyUrl('ftp://x/ik/abcdefghijklmnopqrstuvwxyz')).toThrow(/http\(s\)/);
    expect(() => parseInstantKeyUrl(`${t.rig.cloud.url}/keys/abc`)).toThrow(/\/ik\/<secret>/);
    const parsed = parseInstantKeyUrl(`${t.rig.cloud.url}/ik/${'A'.repeat(43)}`);
    expect(parsed.apiBaseUrl).toBe(t.rig.cloud.url);
    expect(parsed.redacted).toBe(`${t.rig.cloud.url}/ik/…`);
    const open = KeyHolder.open({ instantKeyUrl: `${t.rig.cloud.url}/ik/${'A'.repeat(43)}`, keyStore: new MemoryKeyStore() });
    await expect(open).rejects.toBeInstanceOf(CloudError);
    await expect(open).rejects.toMatchObject({ status: 401, type: 'unauthorized' });
    const down = KeyHolder.open({ instantKeyUrl: `http://127.0.0.1:9/ik/${'A'.repeat(43)}`, keyStore: new MemoryKeyStore() });
    await expect(down).rejects.toMatchObject({ status: 0, type: 'unreachable' });
  });

  it('never logs the instant key secret or the client session token', async () => {
    const guest = await guestStay(t, 'Cy Guest');
    const holder = await KeyHolder.open({ instantKeyUrl: guest.url, keyStore: new MemoryKeyStore(), clock: t.clock, logger: t.logger });
    await holder.loadCredentials();
    const secret = guest.url.split('/ik/')[1]!;
    const text = t.logs.join('');
    expect(text).toContain('opening instant key');
    expect(text).not.toContain(secret);
    expect(text).not.toMatch(/seam_cst1_[A-Za-z0-9_-]{10,}/);
  });
});
