/**
 * Downgrade protection (§7): the lock signs SHA-256 of the exact HELLO it received and picks
 * the highest common version; the phone checks both, so a man in the middle cannot steer the
 * pair to an older version.
 */
import { describe, expect, it } from 'vitest';
import { decodeHello, decodeLockAuth, encodeHello, encodeLockAuth } from '../src/messages/handshakeMessages.js';
import { MessageType } from '../src/messages/MessageType.js';
import { ResultCode } from '../src/resultCodes.js';
import { makePair } from './world.js';

describe('protocol downgrade attempts are refused', () => {
  it('both speak [1, 2]: they agree on 2', async () => {
    const p = await makePair({ phone: { versions: [1, 2] }, lock: { versions: [1, 2] } });
    expect(await p.phoneSession.start()).toMatchObject({ ok: true, version: 2 });
  });

  it('a phone offering only an old version the lock dropped: UNSUPPORTED_VERSION', async () => {
    const p = await makePair({ phone: { versions: [1] }, lock: { versions: [2] } });
    expect(await p.phoneSession.start()).toMatchObject({ ok: false, code: ResultCode.UNSUPPORTED_VERSION });
  });

  it('a tampered HELLO (version 2 stripped in flight): the phone refuses LOCK_AUTH', async () => {
    const p = await makePair({
      phone: { versions: [1, 2] },
      lock: { versions: [1, 2] },
      toLock: (m) => (m[0] === MessageType.HELLO ? encodeHello({ ...decodeHello(m), versions: [1] }) : m),
    });
    const hs = await p.phoneSession.start();
    expect(hs).toMatchObject({ ok: false, code: ResultCode.LOCK_AUTH_FAILED });
    await p.settle();
    expect(p.ends.lock).toMatchObject({ code: ResultCode.LOCK_AUTH_FAILED, by: 'peer' });
  });

  it('a tampered LOCK_AUTH (selected version and version list lowered): refused', async () => {
    const p = await makePair({
      phone: { versions: [1, 2] },
      lock: { versions: [1, 2] },
      toPhone: (m) => (m[0] === MessageType.LOCK_AUTH ? encodeLockAuth({ ...decodeLockAuth(m), selectedVersion: 1, lockVersions: [1] }) : m),
    });
    expect(await p.phoneSession.start()).toMatchObject({ ok: false, code: ResultCode.LOCK_AUTH_FAILED });
  });

  it('a lock selecting a lower version than the highest common: refused even if signed', async () => {
    // Only the selection is altered: the version list still shows 2 is common.
    const p = await makePair({
      phone: { versions: [1, 2] },
      lock: { versions: [1, 2] },
      toPhone: (m) => (m[0] === MessageType.LOCK_AUTH ? encodeLockAuth({ ...decodeLockAuth(m), selectedVersion: 1 }) : m),
    });
    const hs = await p.phoneSession.start();
    expect(hs).toMatchObject({ ok: false, code: ResultCode.LOCK_AUTH_FAILED });
    expect(hs.ok === false && hs.reason).toMatch(/highest common/);
  });

  it('a lock selecting a version the phone did not offer: UNSUPPORTED_VERSION (§8)', async () => {
    const p = await makePair({
      toPhone: (m) => (m[0] === MessageType.LOCK_AUTH ? encodeLockAuth({ ...decodeLockAuth(m), selectedVersion: 3, lockVersions: [3] }) : m),
    });
    expect(await p.phoneSession.start()).toMatchObject({ ok: false, code: ResultCode.UNSUPPORTED_VERSION });
  });

  it('a lock proving another lock id than the one the phone meant: refused', async () => {
    const p = await makePair({ phone: { expectedLockId: '0e000000-0000-4000-8000-000000000002' } });
    const hs = await p.phoneSession.start();
    expect(hs).toMatchObject({ ok: false, code: ResultCode.LOCK_AUTH_FAILED });
  });
});
