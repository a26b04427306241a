/** Signed blocklist and time-sync blobs (PROTOCOL.md §9), as the cloud would push them. */
import { signBlocklist, signTimeSync } from '@keyrig/protocol';
import type { Provider } from './makeProvider.js';
import { ISSUE_T0 } from './issueKey.js';

/** A blocklist at `version` revoking `revoked` (issued at ISSUE_T0). */
export function blocklistBlob(provider: Provider, version: number, revoked: readonly string[]): Promise<Uint8Array> {
  return signBlocklist({ version, issuedAt: ISSUE_T0, revokedCredentialIds: [...revoked] }, provider.signer);
}

/** A time sync to `time`, for one lock or (without `lockId`) every lock. */
export function timeSyncBlob(provider: Provider, time: number, lockId?: string): Promise<Uint8Array> {
  return signTimeSync({ time, ...(lockId !== undefined ? { lockId } : {}) }, provider.signer);
}
