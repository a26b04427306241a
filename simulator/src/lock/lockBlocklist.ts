/**
 * The lock's blocklist rules (PROTOCOL.md §9, issue #16), on the persisted state's `blocklist`:
 * what a phone-carried list does to it, and the list a provisioning file starts a lock with.
 * LockFirmware applies the results and persists them.
 */
import {
  checkBlocklistFreshness,
  fromBase64Url,
  KeyrigError,
  ResultCode,
  verifyBlocklist,
  type Blocklist,
  type ProviderKeys,
  type ResultCodeValue,
} from '@keyrig/protocol';
import type { LockProvisioning } from '../property/provisioning.js';
import type { FaultSet } from './faults.js';
import type { PersistedLockState } from './persistedState.js';

export type HeldBlocklist = PersistedLockState['blocklist'];

/** The version the lock holds; undefined while it holds no list (`held: false`; absent in older state files: held). */
export function heldVersion(held: HeldBlocklist): number | undefined {
  return held.held === false ? undefined : held.version;
}

/** The list as the lock keeps it (ids lower-case). */
export function toHeld(blocklist: Blocklist): HeldBlocklist {
  return { version: blocklist.version, credentialIds: blocklist.revokedCredentialIds.map((id) => id.toLowerCase()), held: true };
}

/**
 * A verified, phone-carried list against the held one: GRANTED with `replace` (higher, or the lock
 * holds none), GRANTED without (same version: no change), STALE_BLOB (older: ignored, the session
 * goes on and the lock decides on its own list).
 */
export function judgeBlocklist(held: HeldBlocklist, incoming: Blocklist): { code: ResultCodeValue; replace: boolean } {
  const version = heldVersion(held);
  const code = checkBlocklistFreshness(incoming, version);
  return { code, replace: code === ResultCode.GRANTED && (version === undefined || incoming.version > version) };
}

/**
 * The list a first provisioning starts the lock with: the file's signed blocklist, verified
 * against the file's provider keys (a list that does not verify is a broken file: a config
 * error), or undefined for a file without one (the lock then holds none). The seeded bug
 * forgets-provisioned-blocklist keeps only `blocklist_version`, no ids (the behaviour before #16).
 */
export async function provisionedBlocklist(p: LockProvisioning, providerKeys: ProviderKeys, faults: FaultSet): Promise<{ held: HeldBlocklist; fault: boolean } | undefined> {
  if (faults.fires('forgets-provisioned-blocklist')) return { held: { version: p.blocklist_version, credentialIds: [], held: true }, fault: true };
  if (p.blocklist === undefined) return undefined;
  const result = await verifyBlocklist(fromBase64Url(p.blocklist), providerKeys);
  if (!result.ok) throw new KeyrigError('config', `lock ${p.lock_id}: the provisioning file's blocklist does not verify (${result.codeName}: ${result.reason})`);
  return { held: toHeld(result.value), fault: false };
}
