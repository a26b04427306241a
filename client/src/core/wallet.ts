/**
 * What a key holder carries after a credential load: signed credential documents (PROTOCOL.md
 * §6) with the entrance each opens, the signed blocklist and time sync to hand to locks (§9), and
 * the provider keys to check locks and documents against (§5). Built from the cloud's bundle,
 * checked before use: a document with a bad signature or bound to another key is dropped.
 */
import {
  bytesEqual,
  fromBase64Url,
  importProviderKeys,
  jwkToPublicKeyRaw,
  lockTypeFromName,
  lockTypeName,
  verifyCredentialDocument,
  type HeldCredential,
  type LockTypeName,
  type ProviderKeys,
} from '@keyrig/protocol';
import type { CredentialBundleJson } from '@keyrig/api';
import type { Logger } from './logger.js';

/** The entrance a credential opens, as the cloud describes it. */
export interface EntranceInfo {
  readonly acsEntranceId: string;
  readonly name: string;
  readonly type: LockTypeName;
  readonly lockIds: readonly string[];
  /** Floors the credential may select (elevators). */
  readonly floors: readonly number[];
  readonly hoursDescription?: string;
}

/** A verified credential document and the entrance it opens. */
export interface WalletCredential extends HeldCredential {
  readonly entrance: EntranceInfo;
  readonly accessGrantId: string;
}

/** The result of a credential load, checked: what the phone carries to locks. */
export interface CredentialWallet {
  readonly endpointId: string;
  readonly userIdentityId: string;
  readonly credentials: readonly WalletCredential[];
  /** Provider-signed blocklist (§9) to carry to locks. */
  readonly blocklist: Uint8Array;
  readonly blocklistVersion: number;
  /** Provider-signed time sync (§9) to carry to locks. */
  readonly timeSync: Uint8Array;
  /** When the phone got `timeSync`, on its own clock: locks are told how long it has been held (§9). */
  readonly timeSyncReceivedAt: number;
  readonly providerKeys: ProviderKeys;
  /** Cloud time of the load (ms since the epoch). */
  readonly issuedAt: number;
}

/** Builds a wallet from the cloud's bundle; drops (and logs) documents that do not check out. */
export async function walletFromBundle(
  bundle: CredentialBundleJson,
  endpointPublicKey: Uint8Array,
  logger: Logger,
  receivedAt: number,
): Promise<CredentialWallet> {
  const providerKeys = await importProviderKeys(
    bundle.provider_keys.map((k) => [k.kid, jwkToPublicKeyRaw(k.public_jwk)] as const),
  );
  const credentials: WalletCredential[] = [];
  for (const c of bundle.credentials) {
    const bytes = fromBase64Url(c.document);
    const v = await verifyCredentialDocument(bytes, providerKeys);
    if (!v.ok) {
      logger.warn({ credentialId: c.credential_id, code: v.codeName, reason: v.reason }, 'credential dropped: does not verify');
      continue;
    }
    const doc = v.value.document;
    if (!bytesEqual(doc.endpointPublicKey, endpointPublicKey)) {
      logger.warn({ credentialId: c.credential_id }, 'credential dropped: bound to another endpoint key');
      continue;
    }
    let type: LockTypeName;
    try {
      type = lockTypeName(lockTypeFromName(c.entrance_type));
    } catch {
      logger.warn({ credentialId: c.credential_id, type: c.entrance_type }, 'credential dropped: unknown entrance type');
      continue;
    }
    credentials.push({
      bytes,
      document: doc,
      accessGrantId: c.access_grant_id,
      entrance: {
        acsEntranceId: c.acs_entrance_id,
        name: c.entrance_name,
        type,
        lockIds: doc.entrances,
        floors: doc.floors,
        ...(c.hours_description ? { hoursDescription: c.hours_description } : {}),
      },
    });
  }
  return {
    endpointId: bundle.endpoint_id,
    userIdentityId: bundle.user_identity_id,
    credentials,
    blocklist: fromBase64Url(bundle.blocklist.signed),
    blocklistVersion: bundle.blocklist.version,
    timeSync: fromBase64Url(bundle.time_sync.signed),
    timeSyncReceivedAt: receivedAt,
    providerKeys,
    issuedAt: Date.parse(bundle.issued_at),
  };
}

/** Credential ids in `next` that `prev` did not hold, and the reverse: what a reload changed. */
export function walletChanges(
  prev: CredentialWallet | undefined,
  next: CredentialWallet,
): { added: string[]; removed: string[] } {
  const before = new Set(prev?.credentials.map((c) => c.document.credentialId) ?? []);
  const after = new Set(next.credentials.map((c) => c.document.credentialId));
  return {
    added: [...after].filter((id) => !before.has(id)),
    removed: [...before].filter((id) => !after.has(id)),
  };
}
