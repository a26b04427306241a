/**
 * The lock's session decisions behind LockChecks: the reference gives the §7.5 / §7.6 answers
 * (codes and reasons LockSession gave when the checks were inline), and LockSession asks the
 * port it is given for every one of them.
 */
import { describe, expect, it } from 'vitest';
import { makeCredential, makePair, makeProvider, signBlocklist, signTimeSync } from '../../test/world.js';
import { SignatureContext, signWithContext, verifyWithContext } from '../crypto/ecdsa.js';
import { exportPublicKeyRaw, generateSigningKeyPair } from '../crypto/keys.js';
import { refused } from '../crypto/verification.js';
import { MessageType } from '../messages/MessageType.js';
import { ResultCode } from '../resultCodes.js';
import { referenceLockChecks as ref, type LockChecks } from './LockChecks.js';

const BODY = Uint8Array.of(1, 2, 3, 4);

describe('referenceLockChecks', () => {
  it('signLockAuth: an ECDSA signature under the LOCK_AUTH context', async () => {
    const kp = await generateSigningKeyPair(false);
    const sig = await ref.signLockAuth(kp.privateKey, BODY);
    expect(sig).toHaveLength(64);
    expect(await verifyWithContext(kp.publicKey, SignatureContext.LOCK_AUTH, BODY, sig)).toBe(true);
    expect(await verifyWithContext(kp.publicKey, SignatureContext.ENDPOINT_AUTH, BODY, sig)).toBe(false);
  });

  it('checkCounter: PHONE_AUTH must be 1; later messages must be newer than the last accepted', () => {
    expect(ref.checkCounter({ type: MessageType.PHONE_AUTH, counter: 1, lastAccepted: 0 })).toEqual({ ok: true, value: undefined });
    expect(ref.checkCounter({ type: MessageType.PHONE_AUTH, counter: 2, lastAccepted: 0 })).toMatchObject({ ok: false, codeName: 'REPLAY', reason: 'PHONE_AUTH counter must be 1, got 2' });
    expect(ref.checkCounter({ type: MessageType.COMMAND, counter: 3, lastAccepted: 2 })).toMatchObject({ ok: true });
    expect(ref.checkCounter({ type: MessageType.COMMAND, counter: 2, lastAccepted: 2 })).toMatchObject({ ok: false, codeName: 'REPLAY', reason: 'counter 2 <= 2' });
    expect(ref.checkCounter({ type: MessageType.ERROR, counter: 1, lastAccepted: 4 })).toMatchObject({ ok: false, code: ResultCode.REPLAY });
  });

  it('verifyCredential: the provider signature, MALFORMED / UNKNOWN_PROVIDER_KEY / BAD_SIGNATURE', async () => {
    const provider = await makeProvider('k1');
    const endpoint = await generateSigningKeyPair(false);
    const { bytes, document } = await makeCredential(provider, endpoint);
    expect(await ref.verifyCredential(bytes, provider.keys)).toEqual({ ok: true, value: { document, bytes } });
    const other = await makeProvider('k1');
    expect(await ref.verifyCredential(bytes, other.keys)).toMatchObject({ ok: false, codeName: 'BAD_SIGNATURE' });
    expect(await ref.verifyCredential(bytes, (await makeProvider('k2')).keys)).toMatchObject({ ok: false, codeName: 'UNKNOWN_PROVIDER_KEY' });
    expect(await ref.verifyCredential(Uint8Array.of(1, 2, 3), provider.keys)).toMatchObject({ ok: false, codeName: 'MALFORMED' });
  });

  it('verifyEndpoint: the document key signed the body, else ENDPOINT_MISMATCH', async () => {
    const endpoint = await generateSigningKeyPair(false);
    const endpointPublicKey = await exportPublicKeyRaw(endpoint.publicKey);
    const signature = await signWithContext(endpoint.privateKey, SignatureContext.ENDPOINT_AUTH, BODY);
    expect(await ref.verifyEndpoint({ endpointPublicKey, body: BODY, signature })).toEqual({ ok: true, value: undefined });
    expect(await ref.verifyEndpoint({ endpointPublicKey, body: Uint8Array.of(9), signature })).toMatchObject({
      ok: false,
      codeName: 'ENDPOINT_MISMATCH',
      reason: 'endpoint signature does not verify with the document key',
    });
    expect(await ref.verifyEndpoint({ endpointPublicKey: new Uint8Array(65), body: BODY, signature })).toMatchObject({
      ok: false,
      codeName: 'ENDPOINT_MISMATCH',
      reason: 'endpoint key in the document is not a valid point',
    });
  });

  it('verifyBlocklist / verifyTimeSync: the provider signature of each blob', async () => {
    const provider = await makeProvider('k1');
    const stranger = await makeProvider('k1');
    const bl = await signBlocklist({ version: 3, issuedAt: 1000, revokedCredentialIds: [] }, provider.signer);
    const ts = await signTimeSync({ time: 1000, lockId: '0d000000-0000-4000-8000-000000000001' }, provider.signer);
    expect(await ref.verifyBlocklist(bl, provider.keys)).toMatchObject({ ok: true, value: { version: 3 } });
    expect(await ref.verifyBlocklist(bl, stranger.keys)).toMatchObject({ ok: false, codeName: 'BAD_SIGNATURE' });
    expect(await ref.verifyTimeSync(ts, provider.keys)).toMatchObject({ ok: true, value: { time: 1000 } });
    expect(await ref.verifyTimeSync(ts, stranger.keys)).toMatchObject({ ok: false, codeName: 'BAD_SIGNATURE' });
  });
});

describe('LockSession asks the checks it is given', () => {
  it('every decision of a handshake with both blobs and a command goes through the port', async () => {
    const base = await makePair();
    const calls: string[] = [];
    const spy = Object.fromEntries(
      Object.entries(ref).map(([name, check]) => [name, (...args: unknown[]) => (calls.push(name), (check as (...a: unknown[]) => unknown)(...args))]),
    ) as unknown as LockChecks;
    const blocklist = await signBlocklist({ version: 1, issuedAt: base.clock.now(), revokedCredentialIds: [] }, base.provider.signer);
    const timeSync = await signTimeSync({ time: base.clock.now(), lockId: base.lock.lockId }, base.provider.signer);
    const p = await makePair({ provider: base.provider, testLock: base.lock, lock: { checks: spy }, phone: { blocklist, timeSync } });
    expect((await p.phoneSession.start()).ok).toBe(true);
    expect((await p.phoneSession.unlock()).codeName).toBe('GRANTED');
    expect(calls).toEqual(['signLockAuth', 'checkCounter', 'verifyCredential', 'verifyEndpoint', 'verifyBlocklist', 'verifyTimeSync', 'checkCounter']);
  });

  it.each([
    ['verifyCredential', { verifyCredential: async () => refused(ResultCode.UNKNOWN_PROVIDER_KEY, 'stub') }, 'UNKNOWN_PROVIDER_KEY'],
    ['verifyEndpoint', { verifyEndpoint: async () => refused(ResultCode.ENDPOINT_MISMATCH, 'stub') }, 'ENDPOINT_MISMATCH'],
    ['checkCounter', { checkCounter: () => refused(ResultCode.REPLAY, 'stub') }, 'REPLAY'],
  ] as const)('a refusing %s is the session answer', async (_name, override, codeName) => {
    const p = await makePair({ lock: { checks: { ...ref, ...override } } });
    expect(await p.phoneSession.start()).toMatchObject({ ok: false, codeName });
    expect(p.ends.lock).toMatchObject({ codeName, reason: expect.stringContaining('stub'), by: 'local' });
  });

  it("a lock that does not sign LOCK_AUTH is refused by the phone", async () => {
    const p = await makePair({ lock: { checks: { ...ref, signLockAuth: async () => new Uint8Array(64) } } });
    expect(await p.phoneSession.start()).toMatchObject({ ok: false, codeName: 'LOCK_AUTH_FAILED' });
  });

  it('an accepting counter check lets a replayed COMMAND through; the high-water mark is not lowered', async () => {
    const p = await makePair({ lock: { checks: { ...ref, checkCounter: () => ({ ok: true, value: undefined }) } } });
    await p.phoneSession.start();
    expect((await p.phoneSession.unlock()).codeName).toBe('GRANTED');
    const command = p.sentToLock.at(-1)!;
    await p.lockSession.receive(command);
    await p.settle();
    expect(p.firmware.audit.all().map((r) => r.resultCode)).toEqual([ResultCode.GRANTED, ResultCode.GRANTED]);
  });
});
