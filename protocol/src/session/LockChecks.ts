/**
 * The decisions a lock makes inside a session (PROTOCOL.md §7.3–§7.6), each behind
 * one method so a lock model can swap a decision without touching the bytes: a simulated buggy
 * firmware replaces the check it "forgets" (simulator/src/lock/session/faultyLockChecks.ts), the
 * session still derives the keys, decrypts, seals and answers. `referenceLockChecks` is the
 * specified behaviour and LockSession's default.
 *
 * A failed check is data (`Verification`), not an exception: LockSession turns it into the
 * ERROR it answers and the attempt it reports.
 */
import type { Blocklist, TimeSync } from '../blobs/blobTypes.js';
import { verifyBlocklist, verifyTimeSync } from '../blobs/signBlobs.js';
import type { VerifiedCredential } from '../credential/CredentialDocument.js';
import { verifyCredentialDocument } from '../credential/verifyCredentialDocument.js';
import { SignatureContext, signWithContext, verifyWithContext } from '../crypto/ecdsa.js';
import { importPublicKey } from '../crypto/keys.js';
import type { ProviderKeys } from '../crypto/providerKeys.js';
import { refused, verified, type Verification } from '../crypto/verification.js';
import { MessageType, type MessageTypeValue } from '../messages/MessageType.js';
import { ResultCode } from '../resultCodes.js';

/** A counter the lock received on an authentic (decrypted) message, and the last one it accepted. */
export interface CounterCheck {
  /** PHONE_AUTH, COMMAND or ERROR (the encrypted messages a phone sends). */
  readonly type: MessageTypeValue;
  readonly counter: number;
  /** The highest counter accepted in this session (0 before PHONE_AUTH). */
  readonly lastAccepted: number;
}

/** The phone's proof that it holds the document's endpoint key (§7.4 endpoint signature). */
export interface EndpointProof {
  /** The endpoint public key named in the verified document (raw P-256 point). */
  readonly endpointPublicKey: Uint8Array;
  /** The signed body (`endpointAuthBody`: transaction id, lock id, both ephemeral keys, document hash). */
  readonly body: Uint8Array;
  readonly signature: Uint8Array;
}

/** The lock's session decisions (see the module comment); checkCounter may answer synchronously. */
export interface LockChecks {
  /** Signs LOCK_AUTH's body with the lock key (§7.3); the phone refuses a lock that does not. */
  signLockAuth(lockPrivateKey: CryptoKey, body: Uint8Array): Promise<Uint8Array>;
  /** Accepts or refuses (REPLAY) the counter of an authentic message (§7.4 counters, §7.6). */
  checkCounter(check: CounterCheck): Verification<void> | Promise<Verification<void>>;
  /** The credential document's provider signature (§6, §7.5 rows 5–7): MALFORMED, UNKNOWN_PROVIDER_KEY or BAD_SIGNATURE. */
  verifyCredential(document: Uint8Array, providerKeys: ProviderKeys): Promise<Verification<VerifiedCredential>>;
  /** The endpoint binding (§7.5 row 8): ENDPOINT_MISMATCH unless the document's key signed the body. */
  verifyEndpoint(proof: EndpointProof): Promise<Verification<void>>;
  /** A blocklist's provider signature (§9), before the firmware is offered it. */
  verifyBlocklist(blocklist: Uint8Array, providerKeys: ProviderKeys): Promise<Verification<Blocklist>>;
  /** A time sync's provider signature (§9), before the firmware is offered it. */
  verifyTimeSync(timeSync: Uint8Array, providerKeys: ProviderKeys): Promise<Verification<TimeSync>>;
}

/** The specified checks: what a correct lock decides (LockSession's default). */
export const referenceLockChecks: LockChecks = {
  signLockAuth: (lockPrivateKey, body) => signWithContext(lockPrivateKey, SignatureContext.LOCK_AUTH, body),

  checkCounter({ type, counter, lastAccepted }) {
    // PHONE_AUTH opens the phone's counter at 1; after it each message must be newer (§7.4, §7.6).
    if (type === MessageType.PHONE_AUTH) {
      return counter === 1 ? verified(undefined) : refused(ResultCode.REPLAY, `PHONE_AUTH counter must be 1, got ${counter}`);
    }
    return counter > lastAccepted ? verified(undefined) : refused(ResultCode.REPLAY, `counter ${counter} <= ${lastAccepted}`);
  },

  verifyCredential: verifyCredentialDocument,

  async verifyEndpoint({ endpointPublicKey, body, signature }) {
    let key: CryptoKey;
    try {
      key = await importPublicKey(endpointPublicKey, 'ecdsa');
    } catch {
      return refused(ResultCode.ENDPOINT_MISMATCH, 'endpoint key in the document is not a valid point');
    }
    if (!(await verifyWithContext(key, SignatureContext.ENDPOINT_AUTH, body, signature))) {
      return refused(ResultCode.ENDPOINT_MISMATCH, 'endpoint signature does not verify with the document key');
    }
    return verified(undefined);
  },

  verifyBlocklist,
  verifyTimeSync,
};
