/** Provisioning key material is checked when a lock starts: clear config errors, no crash. */
import { describe, expect, it } from 'vitest';
import { loadLockKeys } from '../../src/lock/session/lockKeys.js';
import { makeProvider, provisionLock } from './world.js';

describe('loadLockKeys', () => {
  it('loads the lock key, certificate and every non-revoked provider key', async () => {
    const provider = await makeProvider();
    const p = await provisionLock(provider, 'door');
    const retired = { ...p.provider_keys[0]!, kid: 'prov-0', status: 'retired' as const };
    const revoked = { ...p.provider_keys[0]!, kid: 'prov-x', status: 'revoked' as const };
    const keys = await loadLockKeys({ ...p, provider_keys: [...p.provider_keys, retired, revoked] });
    expect([...keys.providerKeys.keys()].sort()).toEqual(['prov-0', 'prov-1']);
    expect(keys.securityRevision).toBe(1);
  });

  it('refuses a missing certificate, a certificate for another lock or key, and all keys revoked', async () => {
    const provider = await makeProvider();
    const p = await provisionLock(provider, 'door');
    const other = await provisionLock(provider, 'elevator');
    await expect(loadLockKeys({ ...p, lock_certificate: null })).rejects.toThrow(/no lock certificate/);
    await expect(loadLockKeys({ ...p, lock_certificate: other.lock_certificate })).rejects.toThrow(/certificate is for lock/);
    await expect(loadLockKeys({ ...p, lock_key: other.lock_key })).rejects.toThrow(/another lock key/);
    await expect(loadLockKeys({ ...p, provider_keys: [{ ...p.provider_keys[0]!, status: 'revoked' }] })).rejects.toThrow(/revoked/);
  });
});
