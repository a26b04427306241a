import { describe, expect, it } from 'vitest';
import { fromHex, toHex, utf8 } from '../bytes.js';
import { directionIv, importAesKey, openAesGcm, sealAesGcm } from './aesGcm.js';
import { deriveSharedSecret } from './ecdh.js';
import { SignatureContext, signWithContext, verifyWithContext } from './ecdsa.js';
import { hkdfSha256 } from './hkdf.js';
import {
  exportPrivateKeyJwk,
  exportPrivateKeyPkcs8,
  exportPublicKeyRaw,
  generateEphemeralKeyPair,
  generateSigningKeyPair,
  importKeyPairPkcs8,
  importPublicKey,
  jwkToPublicKeyRaw,
} from './keys.js';
import { fixedRandom, systemRandom } from './random.js';
import { sha256 } from './sha256.js';

describe('crypto helpers', () => {
  it('SHA-256 of "abc" (FIPS 180-2)', async () => {
    expect(toHex(await sha256(utf8('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('HKDF-SHA256 RFC 5869 test case 1', async () => {
    const okm = await hkdfSha256(
      new Uint8Array(22).fill(0x0b),
      fromHex('000102030405060708090a0b0c'),
      fromHex('f0f1f2f3f4f5f6f7f8f9'),
      42,
    );
    expect(toHex(okm)).toBe(
      '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865',
    );
  });

  it('AES-GCM seals and opens; a flipped bit or wrong IV fails as null', async () => {
    const key = await importAesKey(new Uint8Array(32).fill(7));
    const iv = directionIv('phoneToLock', 1);
    expect(toHex(iv)).toBe('4b5276315032 4c0000000001'.replace(' ', ''));
    const sealed = await sealAesGcm(key, iv, utf8('open'), Uint8Array.of(5, 0, 0, 0, 1));
    expect(sealed.length).toBe(4 + 16);
    expect(await openAesGcm(key, iv, sealed, Uint8Array.of(5, 0, 0, 0, 1))).toEqual(utf8('open'));
    const flipped = sealed.slice();
    flipped[0]! ^= 1;
    expect(await openAesGcm(key, iv, flipped, Uint8Array.of(5, 0, 0, 0, 1))).toBeNull();
    expect(await openAesGcm(key, directionIv('lockToPhone', 1), sealed, Uint8Array.of(5, 0, 0, 0, 1))).toBeNull();
  });

  it('ECDH gives both sides the same 32-byte secret', async () => {
    const a = await generateEphemeralKeyPair();
    const b = await generateEphemeralKeyPair();
    const s1 = await deriveSharedSecret(a.privateKey, await exportPublicKeyRaw(b.publicKey));
    const s2 = await deriveSharedSecret(b.privateKey, await exportPublicKeyRaw(a.publicKey));
    expect(s1.length).toBe(32);
    expect(s1).toEqual(s2);
  });

  it('signatures are bound to their context', async () => {
    const kp = await generateSigningKeyPair(false);
    const sig = await signWithContext(kp.privateKey, SignatureContext.CREDENTIAL, utf8('body'));
    expect(sig.length).toBe(64);
    expect(await verifyWithContext(kp.publicKey, SignatureContext.CREDENTIAL, utf8('body'), sig)).toBe(true);
    expect(await verifyWithContext(kp.publicKey, SignatureContext.BLOCKLIST, utf8('body'), sig)).toBe(false);
    expect(await verifyWithContext(kp.publicKey, SignatureContext.CREDENTIAL, utf8('body'), sig.subarray(1))).toBe(false);
  });

  it('private keys round-trip through PKCS8 and JWK; non-extractable keys stay so', async () => {
    const kp = await generateSigningKeyPair(true);
    const raw = await exportPublicKeyRaw(kp.publicKey);
    const again = await importKeyPairPkcs8(await exportPrivateKeyPkcs8(kp.privateKey), 'ecdsa', false);
    expect(await exportPublicKeyRaw(again.publicKey)).toEqual(raw);
    expect(again.privateKey.extractable).toBe(false);
    expect(jwkToPublicKeyRaw(await exportPrivateKeyJwk(kp.privateKey))).toEqual(raw);
    await expect(exportPrivateKeyPkcs8(again.privateKey)).rejects.toThrow();
  });

  it('refuses a public key that is not a curve point with a typed error', async () => {
    const bad = new Uint8Array(65).fill(1);
    bad[0] = 4;
    await expect(importPublicKey(bad, 'ecdsa')).rejects.toThrow(/not a valid P-256 public key/);
    await expect(importPublicKey(new Uint8Array(33), 'ecdh')).rejects.toThrow(/65 bytes/);
  });

  it('fixedRandom hands out pinned bytes then fails; systemRandom varies', () => {
    const r = fixedRandom(Uint8Array.of(1, 2));
    expect(r(2)).toEqual(Uint8Array.of(1, 2));
    expect(() => r(2)).toThrow(/fixedRandom/);
    expect(systemRandom(16)).not.toEqual(systemRandom(16));
  });
});
