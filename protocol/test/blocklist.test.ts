/**
 * The §9 blocklist rule through real sessions (TestFirmware, FramedChannels), issue #16: an older
 * blocklist is ignored like a stale time sync — no error, the session goes on, and the lock judges
 * the credential against the newer list it holds. Expectations are the rule as PROTOCOL.md §9
 * states it (L1/L2), one hand-picked case each.
 */
import { describe, expect, it } from 'vitest';
import { ResultCode } from '../src/resultCodes.js';
import { makePair, makeProvider, signBlocklist, T0 } from './world.js';

// world.ts's credential id (the phone's document).
const PHONE_CREDENTIAL = 'c0000000-0000-4000-8000-00000000000c';
const OTHER = 'deadbeef-0000-4000-8000-000000000001';

async function phoneCarrying(version: number, revoked: string[]) {
  const provider = await makeProvider();
  const blocklist = await signBlocklist({ version, issuedAt: T0, revokedCredentialIds: revoked }, provider.signer);
  return makePair({ provider, phone: { blocklist } });
}

describe('blocklist (§9) through real sessions', () => {
  it('an older list with a valid credential: ignored, GRANTED, the lock keeps its newer list, session open', async () => {
    const p = await phoneCarrying(3, []);
    p.firmware.blocklist = { version: 5, issuedAt: T0, revokedCredentialIds: [OTHER], keyId: 'provider-2026' };
    expect((await p.phoneSession.start()).ok).toBe(true);
    expect((await p.phoneSession.unlock()).codeName).toBe('GRANTED');
    // Still open: a second command in the same session is answered.
    expect((await p.phoneSession.unlock()).code).not.toBe(ResultCode.STALE_BLOB);
    await p.settle();
    expect(p.ends.lock).toBeUndefined();
    expect(p.firmware.blocklist).toMatchObject({ version: 5, revokedCredentialIds: [OTHER] });
    expect(p.firmware.attempts).toEqual([]);
  });

  it('an older list that does not revoke the credential, the lock holding a newer one that does: REVOKED', async () => {
    const p = await phoneCarrying(3, []);
    p.firmware.blocklist = { version: 5, issuedAt: T0, revokedCredentialIds: [PHONE_CREDENTIAL], keyId: 'provider-2026' };
    expect((await p.phoneSession.start()).ok).toBe(true);
    expect((await p.phoneSession.unlock()).codeName).toBe('REVOKED');
  });

  it('the same version changes nothing (the lock keeps the ids it has)', async () => {
    const p = await phoneCarrying(5, []);
    p.firmware.blocklist = { version: 5, issuedAt: T0, revokedCredentialIds: [PHONE_CREDENTIAL], keyId: 'provider-2026' };
    expect((await p.phoneSession.start()).ok).toBe(true);
    expect((await p.phoneSession.unlock()).codeName).toBe('REVOKED');
    expect(p.firmware.blocklist?.revokedCredentialIds).toEqual([PHONE_CREDENTIAL]);
  });

  it('a higher version replaces the list (complete, not a delta)', async () => {
    const p = await phoneCarrying(6, [OTHER]);
    p.firmware.blocklist = { version: 5, issuedAt: T0, revokedCredentialIds: [PHONE_CREDENTIAL], keyId: 'provider-2026' };
    expect((await p.phoneSession.start()).ok).toBe(true);
    expect((await p.phoneSession.unlock()).codeName).toBe('GRANTED');
    expect(p.firmware.blocklist).toMatchObject({ version: 6, revokedCredentialIds: [OTHER] });
  });

  it('a lock holding no list takes any valid version, even 0', async () => {
    const p = await phoneCarrying(0, [PHONE_CREDENTIAL]);
    expect(p.firmware.blocklist).toBeUndefined();
    expect((await p.phoneSession.start()).ok).toBe(true);
    expect((await p.phoneSession.unlock()).codeName).toBe('REVOKED');
    expect(p.firmware.blocklist?.version).toBe(0);
  });

  it('a blocklist that fails verification still refuses the session (UNKNOWN_PROVIDER_KEY)', async () => {
    const provider = await makeProvider();
    const rogue = await makeProvider('rogue-key');
    const blocklist = await signBlocklist({ version: 9, issuedAt: T0, revokedCredentialIds: [] }, rogue.signer);
    const p = await makePair({ provider, phone: { blocklist } });
    const hs = await p.phoneSession.start();
    expect(hs.ok ? 'ok' : hs.codeName).toBe('UNKNOWN_PROVIDER_KEY');
    await p.settle();
    expect(p.ends.lock?.code).toBe(ResultCode.UNKNOWN_PROVIDER_KEY);
  });
});
