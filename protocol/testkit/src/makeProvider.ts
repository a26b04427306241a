/**
 * A credential provider for tests and benchmarks: a fresh P-256 signing key with its key id, the
 * public key set a lock or phone trusts, and the public JWK a provisioning record carries.
 */
import { exportPublicKeyRaw, generateSigningKeyPair, publicKeyRawToJwk, type ProviderKeys, type ProviderSigningKey } from '@keyrig/protocol';

export interface Provider {
  readonly signer: ProviderSigningKey;
  readonly keys: ProviderKeys;
  readonly publicJwk: { kty: 'EC'; crv: 'P-256'; x: string; y: string };
}

/** A provider with a non-extractable private key (tests never need to export it). */
export async function makeProvider(keyId = 'prov-1'): Promise<Provider> {
  const kp = await generateSigningKeyPair(false);
  const jwk = publicKeyRawToJwk(await exportPublicKeyRaw(kp.publicKey));
  return {
    signer: { keyId, privateKey: kp.privateKey },
    keys: new Map([[keyId, kp.publicKey]]),
    publicJwk: { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y! },
  };
}
