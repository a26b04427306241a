/**
 * The test kit's builders the harnesses need, handed in by the caller: a package's src/ may not
 * import @keyrig/testkit (docs/ARCHITECTURE.md), so the package's tests and bench/fuzz pass the
 * test kit's module namespace itself — one provider, key and logger builder for all.
 */
import type { HeldCredential, ProviderKeys, ProviderSigningKey } from '@keyrig/protocol';

/** A credential provider: its signing key, the key set locks trust, its public JWK. */
export interface KitProvider {
  readonly signer: ProviderSigningKey;
  readonly keys: ProviderKeys;
  readonly publicJwk: { kty: 'EC'; crv: 'P-256'; x: string; y: string };
  /** The provider audit key (PROTOCOL.md §10.1); provisioned locks seal their records to it. */
  readonly audit?: { readonly keyId: string; readonly privateKey: CryptoKey; readonly publicJwk: { kty: 'EC'; crv: 'P-256'; x: string; y: string } };
}

/** A phone's credential and the endpoint key it is bound to. */
export interface KitPhoneKey {
  readonly credential: HeldCredential;
  readonly endpointKey: CryptoKeyPair;
}

/** The subset of @keyrig/testkit the harnesses use (the module itself satisfies it). */
export interface TestKit {
  makeProvider(): Promise<KitProvider>;
  issueKey(provider: KitProvider, lockIds: readonly string[], overrides?: { notBefore?: number; notAfter?: number }): Promise<KitPhoneKey>;
}
