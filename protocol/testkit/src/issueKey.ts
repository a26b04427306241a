/**
 * A phone key as the cloud would issue it, made directly with protocol's signing functions: a
 * credential document for some locks, signed by a provider and bound to an endpoint key.
 */
import { exportPublicKeyRaw, generateSigningKeyPair, signCredentialDocument, type CredentialDocumentFields, type HeldCredential } from '@keyrig/protocol';
import type { Provider } from './makeProvider.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

export interface PhoneKey {
  readonly credential: HeldCredential;
  readonly endpointKey: CryptoKeyPair;
}

export interface IssueKeyOptions {
  /** The time the key is issued at: valid from an hour before to a day after (default Date.UTC(2026, 5, 1, 10)). */
  readonly now?: number;
  /** Bind to this endpoint key instead of a fresh one (two credentials on one phone). */
  readonly endpointKey?: CryptoKeyPair;
}

/** Monday 2026-06-01 12:00 Europe/Berlin: the default issue time. */
export const ISSUE_T0 = Date.UTC(2026, 5, 1, 10, 0, 0);

let serial = 0;

/** A credential for `lockIds` (key sequence 1 each, floors 2 and 3), fields overridable. */
export async function issueKey(
  provider: Provider,
  lockIds: readonly string[],
  overrides: Partial<CredentialDocumentFields> = {},
  options: IssueKeyOptions = {},
): Promise<PhoneKey> {
  const now = options.now ?? ISSUE_T0;
  const endpointKey = options.endpointKey ?? (await generateSigningKeyPair(false));
  serial++;
  const fields: CredentialDocumentFields = {
    credentialId: `c0ffee00-0000-4000-8000-${serial.toString(16).padStart(12, '0')}`,
    userIdentityId: 'user-1',
    accessGrantId: `grant-${serial}`,
    endpointPublicKey: await exportPublicKeyRaw(endpointKey.publicKey),
    entrances: [...lockIds],
    floors: [2, 3],
    notBefore: now - HOUR,
    notAfter: now + DAY,
    schedule: [],
    keySequences: Object.fromEntries(lockIds.map((id) => [id, 1])),
    issuedAt: now - HOUR,
    ...overrides,
  };
  const bytes = await signCredentialDocument(fields, provider.signer);
  return { credential: { bytes, document: { ...fields, keyId: provider.signer.keyId } }, endpointKey };
}
