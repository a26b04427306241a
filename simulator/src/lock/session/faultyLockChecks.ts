/**
 * The session-level fault profiles as swapped decisions: protocol's LockSession asks its
 * LockChecks port for every decision it makes, so a buggy firmware is the reference checks with
 * the one check it "forgets" replaced (the session still derives the keys, decrypts, seals and
 * answers; nothing here touches message bytes). Like accessRules.ts for the access rule.
 *
 * Each override asks its fault's coin (FaultSet.fires) only where the reference check would
 * refuse (or, for skips-lock-signature, at each LOCK_AUTH), so `rate` and `seed` pick the same
 * opportunities a rule fault does.
 */
import type { Logger } from 'pino';
import {
  decodeCredentialDocument,
  MessageType,
  referenceLockChecks,
  refused,
  ResultCode,
  SIGNATURE_LENGTH,
  verified,
  type LockChecks,
} from '@keyrig/protocol';
import type { FaultName, FaultSet } from '../faults.js';

/** The profiles this module implements (the others act on rules, reassembly or GATT). */
export const SESSION_FAULTS = ['skips-lock-signature', 'skips-doc-signature', 'ignores-endpoint-binding', 'accepts-replay', 'refuses-stale-blocklist'] as const satisfies readonly FaultName[];

/** What a document whose signature the buggy lock does not check fails with. */
const SIGNATURE_FAILURES: ReadonlySet<number> = new Set([ResultCode.BAD_SIGNATURE, ResultCode.UNKNOWN_PROVIDER_KEY]);

/**
 * The checks of a lock with `faults`: the reference, with each active session fault's decision
 * replaced. Returns the reference object itself when no session fault is active.
 * `heldBlocklistVersion` is the version the lock holds (undefined: none), for refuses-stale-blocklist.
 */
export function faultyLockChecks(faults: FaultSet, logger: Logger, heldBlocklistVersion: () => number | undefined = () => undefined): LockChecks {
  if (!SESSION_FAULTS.some((f) => faults.has(f))) return referenceLockChecks;
  const ref = referenceLockChecks;
  return {
    ...ref,

    // The lock "does not sign": LOCK_AUTH carries a zero signature the phone cannot verify.
    async signLockAuth(lockPrivateKey, body) {
      if (!faults.fires('skips-lock-signature')) return ref.signLockAuth(lockPrivateKey, body);
      logger.warn('fault skips-lock-signature: LOCK_AUTH sent unsigned');
      return new Uint8Array(SIGNATURE_LENGTH);
    },

    // A command with a counter already seen is executed again (PHONE_AUTH keeps its check).
    async checkCounter(check) {
      const result = await ref.checkCounter(check);
      if (result.ok || check.type !== MessageType.COMMAND || !faults.fires('accepts-replay')) return result;
      logger.warn({ counter: check.counter, lastAccepted: check.lastAccepted }, 'fault accepts-replay: executing a replayed command');
      return verified(undefined);
    },

    // The document is parsed but its provider signature not checked (a malformed one still fails).
    async verifyCredential(document, providerKeys) {
      const result = await ref.verifyCredential(document, providerKeys);
      if (result.ok || !SIGNATURE_FAILURES.has(result.code) || !faults.fires('skips-doc-signature')) return result;
      logger.warn({ refused: result.codeName }, 'fault skips-doc-signature: accepting a document whose signature does not verify');
      return verified({ document: decodeCredentialDocument(document), bytes: document });
    },

    // The rule before issue #16: an older (verified) blocklist refuses the session with STALE_BLOB.
    async verifyBlocklist(blocklist, providerKeys) {
      const result = await ref.verifyBlocklist(blocklist, providerKeys);
      const held = heldBlocklistVersion();
      if (!result.ok || held === undefined || result.value.version >= held || !faults.fires('refuses-stale-blocklist')) return result;
      logger.warn({ version: result.value.version, held }, 'fault refuses-stale-blocklist: refusing an older blocklist');
      return refused(ResultCode.STALE_BLOB, `blocklist version ${result.value.version} older than ${held}`);
    },

    // The endpoint signature is not checked: a document copied to another phone is accepted.
    async verifyEndpoint(proof) {
      const result = await ref.verifyEndpoint(proof);
      if (result.ok || !faults.fires('ignores-endpoint-binding')) return result;
      logger.warn('fault ignores-endpoint-binding: accepting an endpoint signature that does not verify');
      return verified(undefined);
    },
  };
}
