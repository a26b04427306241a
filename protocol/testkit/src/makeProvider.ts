/**
 * A credential provider for tests and benchmarks: a fresh P-256 signing key with its key id, the
 * public key set a lock or phone trusts, and the public JWK a provisioning record carries.
 */
import { exportPublicKeyRaw, generateEphemeralKeyPair, generateSigningKeyPair, publicKeyRawToJwk, type ProviderKeys, type ProviderSigningKey } from '@keyrig/protocol';

type PublicJwk = { kty: 'EC'; crv: 'P-256'; x: string; y: string };

export interface Provider {
  readonly signer: ProviderSigningKey;
  readonly keys: ProviderKeys;
  readonly publicJwk: PublicJwk;
  /** The provider audit key (ECDH, PROTOCOL.md §10.1): locks seal audit records to it. */
  readonly audit: { readonly keyId: string; readonly privateKey: CryptoKey; readonly publicKey: Uint8Array; readonly publicJwk: PublicJwk };
}

/** A provider with a non-extractable private key (tests never need to export it). */
export async function makeProvider(keyId = 'prov-1'): Promise<Provider> {
  const kp = await generateSigningKeyPair(false);
  const jwk = publicKeyRawToJwk(await exportPublicKeyRaw(kp.publicKey));
  const audit = await generateEphemeralKeyPair(false);
  const auditRaw = await exportPublicKeyRaw(audit.publicKey);
  const auditJwk = publicKeyRawToJwk(auditRaw);
  return {
    signer: { keyId, privateKey: kp.privateKey },
    keys: new Map([[keyId, kp.publicKey]]),
    publicJwk: { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y! },
    audit: { keyId: `${keyId}-audit`, privateKey: audit.privateKey, publicKey: auditRaw, publicJwk: { kty: 'EC', crv: 'P-256', x: auditJwk.x!, y: auditJwk.y! } },
  };
}
