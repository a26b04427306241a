import { SignatureContext } from '../crypto/ecdsa.js';
import type { ProviderSigningKey } from '../crypto/providerKeys.js';
import { signEnvelope } from '../crypto/signedEnvelope.js';
import type { CredentialDocumentFields } from './CredentialDocument.js';
import { encodeCredentialBody } from './credentialCodec.js';

/**
 * Signs a credential document with a provider key (the cloud calls this when it issues an
 * instant key). Returns the document bytes a phone carries and sends in PHONE_AUTH:
 * envelope TLV { body, ES256 signature over "keyrig/v1 credential" || body } (PROTOCOL.md §6).
 * The key id written into the body is `signer.keyId`. Throws MalformedMessageError on bad fields.
 */
export async function signCredentialDocument(
  fields: CredentialDocumentFields,
  signer: ProviderSigningKey,
): Promise<Uint8Array> {
  const body = encodeCredentialBody({ ...fields, keyId: signer.keyId });
  return signEnvelope(signer, SignatureContext.CREDENTIAL, body);
}
