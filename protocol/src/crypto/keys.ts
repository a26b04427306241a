/**
 * P-256 key generation, import and export (PROTOCOL.md §5). Public keys travel as 65-byte
 * uncompressed points (0x04 || X || Y); private keys are stored as PKCS8 or JWK (provisioning
 * files and test vectors). Phones and browsers keep endpoint keys non-extractable.
 */
import { fromBase64Url, toBase64Url } from '../bytes.js';
import { KeyrigError, MalformedMessageError } from '../errors.js';
import { asBufferSource } from './bufferSource.js';
import { subtle } from './subtle.js';

/** Length of an uncompressed P-256 public point. */
export const PUBLIC_KEY_LENGTH = 65;

/** What a P-256 key is for: ECDSA signatures or ECDH key agreement. */
export type KeyPurpose = 'ecdsa' | 'ecdh';

function algorithm(purpose: KeyPurpose): EcKeyImportParams {
  return { name: purpose === 'ecdsa' ? 'ECDSA' : 'ECDH', namedCurve: 'P-256' };
}
function privateUsages(purpose: KeyPurpose): KeyUsage[] {
  return purpose === 'ecdsa' ? ['sign'] : ['deriveBits'];
}
function publicUsages(purpose: KeyPurpose): KeyUsage[] {
  return purpose === 'ecdsa' ? ['verify'] : [];
}

/** A new ECDSA P-256 signing key pair. `extractable` applies to the private key. */
export async function generateSigningKeyPair(extractable: boolean): Promise<CryptoKeyPair> {
  return subtle().generateKey(algorithm('ecdsa'), extractable, ['sign', 'verify']);
}

/** A new ECDH P-256 key pair (handshake ephemeral keys). */
export async function generateEphemeralKeyPair(extractable = false): Promise<CryptoKeyPair> {
  return subtle().generateKey(algorithm('ecdh'), extractable, ['deriveBits']);
}

/** The 65-byte uncompressed point of a public key. */
export async function exportPublicKeyRaw(publicKey: CryptoKey): Promise<Uint8Array> {
  return new Uint8Array(await subtle().exportKey('raw', publicKey));
}

/**
 * Imports a 65-byte uncompressed P-256 point. Throws MalformedMessageError when the bytes are
 * not a point on the curve (WebCrypto validates the point).
 */
export async function importPublicKey(raw: Uint8Array, purpose: KeyPurpose): Promise<CryptoKey> {
  if (raw.length !== PUBLIC_KEY_LENGTH || raw[0] !== 0x04) {
    throw new MalformedMessageError(
      `a P-256 public key is 65 bytes starting 0x04, got ${raw.length} bytes starting 0x${(raw[0] ?? 0).toString(16)}`,
    );
  }
  try {
    return await subtle().importKey('raw', asBufferSource(raw), algorithm(purpose), true, publicUsages(purpose));
  } catch (cause) {
    throw new MalformedMessageError('not a valid P-256 public key (point not on the curve)', { cause });
  }
}

/** PKCS8 DER of an extractable private key. */
export async function exportPrivateKeyPkcs8(privateKey: CryptoKey): Promise<Uint8Array> {
  return new Uint8Array(await subtle().exportKey('pkcs8', privateKey));
}

/** JWK of an extractable private key (includes x and y, so the public key can be rebuilt). */
export async function exportPrivateKeyJwk(privateKey: CryptoKey): Promise<JsonWebKey> {
  return subtle().exportKey('jwk', privateKey);
}

/** A key pair from a private JWK (with x, y and d). The private key's extractability is chosen. */
export async function importKeyPairJwk(
  jwk: JsonWebKey,
  purpose: KeyPurpose,
  extractable: boolean,
): Promise<CryptoKeyPair> {
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.x || !jwk.y || !jwk.d) {
    throw new KeyrigError('config', 'expected a private P-256 JWK (kty EC, crv P-256, x, y, d)');
  }
  const clean: JsonWebKey = { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, d: jwk.d };
  try {
    const privateKey = await subtle().importKey('jwk', clean, algorithm(purpose), extractable, privateUsages(purpose));
    const publicKey = await subtle().importKey(
      'jwk',
      { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y },
      algorithm(purpose),
      true,
      publicUsages(purpose),
    );
    return { privateKey, publicKey };
  } catch (cause) {
    throw new KeyrigError('config', 'the JWK is not a valid P-256 private key', { cause });
  }
}

/** A key pair from PKCS8 DER (the public key is recovered through a JWK round trip). */
export async function importKeyPairPkcs8(
  pkcs8: Uint8Array,
  purpose: KeyPurpose,
  extractable: boolean,
): Promise<CryptoKeyPair> {
  let jwk: JsonWebKey;
  try {
    const temp = await subtle().importKey('pkcs8', asBufferSource(pkcs8), algorithm(purpose), true, privateUsages(purpose));
    jwk = await subtle().exportKey('jwk', temp);
  } catch (cause) {
    throw new KeyrigError('config', 'the bytes are not a PKCS8 P-256 private key', { cause });
  }
  return importKeyPairJwk(jwk, purpose, extractable);
}

/** The 65-byte public point described by a JWK's x and y. */
export function jwkToPublicKeyRaw(jwk: JsonWebKey): Uint8Array {
  if (!jwk.x || !jwk.y) throw new KeyrigError('config', 'JWK has no x/y');
  const x = fromBase64Url(jwk.x);
  const y = fromBase64Url(jwk.y);
  if (x.length !== 32 || y.length !== 32) throw new KeyrigError('config', 'JWK x/y are not 32 bytes');
  const out = new Uint8Array(PUBLIC_KEY_LENGTH);
  out[0] = 0x04;
  out.set(x, 1);
  out.set(y, 33);
  return out;
}

/** A public JWK from a 65-byte point (for JSON files). */
export function publicKeyRawToJwk(raw: Uint8Array): JsonWebKey {
  if (raw.length !== PUBLIC_KEY_LENGTH || raw[0] !== 0x04) {
    throw new MalformedMessageError('a P-256 public key is 65 bytes starting 0x04');
  }
  return { kty: 'EC', crv: 'P-256', x: toBase64Url(raw.subarray(1, 33)), y: toBase64Url(raw.subarray(33)) };
}
