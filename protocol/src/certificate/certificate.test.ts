import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyIdArb, pointArb, uuidArb } from '../../test/arbitraries.js';
import { exportPublicKeyRaw, generateSigningKeyPair } from '../crypto/keys.js';
import { ResultCode } from '../resultCodes.js';
import type { LockCertificate } from './LockCertificate.js';
import { decodeLockCertificateBody, encodeLockCertificateBody } from './lockCertificateCodec.js';
import { decodeLockCertificate, signLockCertificate, verifyLockCertificate } from './signLockCertificate.js';

const certArb: fc.Arbitrary<LockCertificate> = fc
  .record({
    lockId: uuidArb,
    lockPublicKey: pointArb,
    lockType: fc.constantFrom(1 as const, 2 as const, 3 as const),
    securityRevision: fc.integer({ min: 0, max: 255 }),
    notBefore: fc.integer({ min: 0, max: 2 ** 50 }),
    span: fc.integer({ min: 1, max: 2 ** 40 }),
    keyId: keyIdArb,
  })
  .map(({ span, ...c }) => ({ ...c, notAfter: c.notBefore + span }));

describe('lock certificate', () => {
  it('body round-trips (fast-check)', () => {
    fc.assert(fc.property(certArb, (c) => {
      expect(decodeLockCertificateBody(encodeLockCertificateBody(c))).toEqual(c);
    }));
  });

  it('signs, verifies, and refuses unknown key / bad signature / out of validity as data', async () => {
    const provider = await generateSigningKeyPair(false);
    const lock = await generateSigningKeyPair(false);
    const fields = {
      lockId: '0b7e1d2c-3a4f-4b5c-8d6e-7f8091a2b3c4',
      lockPublicKey: await exportPublicKeyRaw(lock.publicKey),
      lockType: 2 as const,
      securityRevision: 3,
      notBefore: 1000,
      notAfter: 2000,
    };
    const bytes = await signLockCertificate(fields, { keyId: 'p1', privateKey: provider.privateKey });
    const keys = new Map([['p1', provider.publicKey]]);
    const v = await verifyLockCertificate(bytes, keys, 1500);
    expect(v.ok && v.value.certificate).toEqual({ ...fields, keyId: 'p1' });
    expect(decodeLockCertificate(bytes).lockType).toBe(2);
    expect(await verifyLockCertificate(bytes, new Map(), 1500)).toMatchObject({ ok: false, code: ResultCode.UNKNOWN_PROVIDER_KEY });
    expect(await verifyLockCertificate(bytes, keys, 999)).toMatchObject({ ok: false, code: ResultCode.NOT_YET_VALID });
    expect(await verifyLockCertificate(bytes, keys, 2000)).toMatchObject({ ok: false, code: ResultCode.EXPIRED });
    const other = await generateSigningKeyPair(false);
    expect(await verifyLockCertificate(bytes, new Map([['p1', other.publicKey]]))).toMatchObject({ ok: false, code: ResultCode.BAD_SIGNATURE });
  });
});
