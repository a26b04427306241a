/**
 * Session-level fault profiles, applied around protocol's LockSession, which offers no fault
 * hooks (docs/LOCK.md "How faults are injected"). The lock injects its own ephemeral key source,
 * so this layer can derive the same session keys as the session and act on messages:
 *
 * - skips-lock-signature: LOCK_AUTH leaves with a zeroed signature.
 * - skips-doc-signature / ignores-endpoint-binding: PHONE_AUTH is opened here and checked for
 *   real; when the only failures are the ones the bug ignores, it is re-sealed for the session
 *   with the same document fields, re-signed by a per-session shadow provider key (and a shadow
 *   endpoint key) the session is told to trust. The session then accepts exactly what the buggy
 *   firmware would, and every other check (scope, expiry, blocklist…) still runs.
 * - accepts-replay: a COMMAND whose exact bytes were already executed in this session is executed
 *   again by the firmware instead of reaching the session (which would answer REPLAY).
 */
import type { Logger } from 'pino';
import {
  decodeCredentialDocument,
  decodeEncryptedEnvelope,
  decodeLockAuth,
  decodePhoneAuthPayload,
  deriveSessionKeyMaterial,
  deriveSharedSecret,
  encodeLockAuth,
  encodePhoneAuthPayload,
  endpointAuthBody,
  exportPublicKeyRaw,
  generateEphemeralKeyPair,
  generateSigningKeyPair,
  importPublicKey,
  importSessionKeys,
  MessageType,
  openEnvelope,
  peekMessageType,
  ResultCode,
  sealMessage,
  SignatureContext,
  signBlocklist,
  signCredentialDocument,
  signTimeSync,
  signWithContext,
  toHex,
  transcriptHash,
  verifyBlocklist,
  verifyCredentialDocument,
  verifyTimeSync,
  verifyWithContext,
  type AccessCommand,
  type CredentialDocument,
  type EphemeralKeySource,
  type ProviderKeys,
} from '@keyrig/protocol';
import type { FaultSet } from '../faults.js';

export interface SessionFaultsOptions {
  readonly faults: FaultSet;
  readonly lockId: string;
  /** The real provider keys (what a healthy lock trusts). */
  readonly providerKeys: ProviderKeys;
  readonly logger: Logger;
}

export type Inbound = { readonly deliver: Uint8Array } | { readonly replayOf: AccessCommand };

export class SessionFaults {
  readonly #o: SessionFaultsOptions;
  /** The map the LockSession verifies with: the real keys, or shadow keys after a substitution. */
  readonly sessionProviderKeys: Map<string, CryptoKey>;
  #ephemeral: CryptoKeyPair | undefined;
  #hello: Uint8Array | undefined;
  #lockAuth: Uint8Array | undefined;
  #current: string | undefined;
  readonly #executed = new Map<string, AccessCommand>();

  constructor(options: SessionFaultsOptions) {
    this.#o = options;
    this.sessionProviderKeys = new Map(options.providerKeys);
  }

  /** True when any session-level profile is active (otherwise the session runs untouched). */
  static relevant(faults: FaultSet): boolean {
    return ['skips-lock-signature', 'skips-doc-signature', 'ignores-endpoint-binding', 'accepts-replay'].some((n) =>
      faults.has(n as Parameters<FaultSet['has']>[0]),
    );
  }

  /** The ephemeral key source to give the LockSession (remembers the pair). */
  readonly ephemeralKeys: EphemeralKeySource = async () => (this.#ephemeral = await generateEphemeralKeyPair());

  /** The session is about to decide a command that came in as the current message. */
  noteDecision(command: AccessCommand): void {
    if (this.#current !== undefined) this.#executed.set(this.#current, command);
  }

  async inbound(message: Uint8Array): Promise<Inbound> {
    this.#current = undefined;
    let type: number;
    try {
      type = peekMessageType(message);
    } catch {
      return { deliver: message };
    }
    if (type === MessageType.HELLO) this.#hello = message.slice();
    if (type === MessageType.COMMAND) {
      const key = toHex(message);
      const seen = this.#executed.get(key);
      if (seen && this.#o.faults.fires('accepts-replay')) {
        this.#o.logger.warn('fault accepts-replay: executing a replayed command');
        return { replayOf: seen };
      }
      this.#current = key;
    }
    if (type === MessageType.PHONE_AUTH && (this.#o.faults.has('skips-doc-signature') || this.#o.faults.has('ignores-endpoint-binding'))) {
      try {
        return { deliver: (await this.#substitutePhoneAuth(message)) ?? message };
      } catch (err) {
        this.#o.logger.debug({ err }, 'fault layer could not open PHONE_AUTH; passing it on');
      }
    }
    return { deliver: message };
  }

  async outbound(message: Uint8Array): Promise<Uint8Array> {
    if (message[0] !== MessageType.LOCK_AUTH) return message;
    this.#lockAuth = message.slice();
    if (!this.#o.faults.fires('skips-lock-signature')) return message;
    const auth = decodeLockAuth(message);
    this.#o.logger.warn('fault skips-lock-signature: LOCK_AUTH sent unsigned');
    return encodeLockAuth({ ...auth, signature: new Uint8Array(auth.signature.length) });
  }

  /** The re-sealed PHONE_AUTH, or undefined when the message must reach the session as it is. */
  async #substitutePhoneAuth(message: Uint8Array): Promise<Uint8Array | undefined> {
    if (!this.#ephemeral || !this.#hello || !this.#lockAuth) return undefined;
    const env = decodeEncryptedEnvelope(message);
    const phoneKey = env.phoneEphemeralKey!;
    const lockAuth = decodeLockAuth(this.#lockAuth);
    const shared = await deriveSharedSecret(this.#ephemeral.privateKey, phoneKey);
    const transcript = await transcriptHash(this.#hello, this.#lockAuth, phoneKey);
    const keys = await importSessionKeys(await deriveSessionKeyMaterial(shared, lockAuth.transactionId, transcript));
    const plaintext = await openEnvelope(keys.phoneToLock, 'phoneToLock', env);
    if (plaintext === null) return undefined;
    const payload = decodePhoneAuthPayload(plaintext);
    const faults = this.#o.faults;

    let excused = false;
    let document: CredentialDocument;
    const doc = await verifyCredentialDocument(payload.credential, this.#o.providerKeys);
    if (doc.ok) {
      document = doc.value.document;
    } else if ((doc.code === ResultCode.BAD_SIGNATURE || doc.code === ResultCode.UNKNOWN_PROVIDER_KEY) && faults.fires('skips-doc-signature')) {
      document = decodeCredentialDocument(payload.credential);
      excused = true;
    } else {
      return undefined;
    }
    const body = await endpointAuthBody(lockAuth.transactionId, this.#o.lockId, lockAuth.lockEphemeralKey, phoneKey, payload.credential);
    let bound = false;
    try {
      const endpointKey = await importPublicKey(document.endpointPublicKey, 'ecdsa');
      bound = await verifyWithContext(endpointKey, SignatureContext.ENDPOINT_AUTH, body, payload.endpointSignature);
    } catch {
      bound = false;
    }
    if (!bound) {
      if (!faults.fires('ignores-endpoint-binding')) return undefined;
      excused = true;
    }
    if (!excused) return undefined;

    // Re-sign what the buggy firmware accepted with shadow keys the session will trust.
    const shadowProvider = await generateSigningKeyPair(false);
    const shadowEndpoint = await generateSigningKeyPair(false);
    const shadowEndpointRaw = await exportPublicKeyRaw(shadowEndpoint.publicKey);
    const signer = (keyId: string) => ({ keyId, privateKey: shadowProvider.privateKey });
    const { keyId, ...fields } = document;
    const credential = await signCredentialDocument({ ...fields, endpointPublicKey: shadowEndpointRaw }, signer(keyId));
    const kids = new Set([keyId]);
    let blocklist = payload.blocklist;
    if (blocklist !== undefined) {
      const bl = await verifyBlocklist(blocklist, this.#o.providerKeys);
      if (!bl.ok) return undefined;
      const { keyId: k, ...f } = bl.value;
      blocklist = await signBlocklist(f, signer(k));
      kids.add(k);
    }
    let timeSync = payload.timeSync;
    if (timeSync !== undefined) {
      const ts = await verifyTimeSync(timeSync, this.#o.providerKeys);
      if (!ts.ok) return undefined;
      const { keyId: k, ...f } = ts.value;
      timeSync = await signTimeSync(f, signer(k));
      kids.add(k);
    }
    const endpointSignature = await signWithContext(
      shadowEndpoint.privateKey,
      SignatureContext.ENDPOINT_AUTH,
      await endpointAuthBody(lockAuth.transactionId, this.#o.lockId, lockAuth.lockEphemeralKey, phoneKey, credential),
    );
    this.sessionProviderKeys.clear();
    for (const k of kids) this.sessionProviderKeys.set(k, shadowProvider.publicKey);
    this.#o.logger.warn({ credentialId: document.credentialId }, 'fault: accepting a credential a healthy lock refuses');
    const substitute = encodePhoneAuthPayload({
      ...payload,
      credential,
      endpointSignature,
      ...(blocklist !== undefined ? { blocklist } : {}),
      ...(timeSync !== undefined ? { timeSync } : {}),
    });
    return sealMessage(keys.phoneToLock, 'phoneToLock', MessageType.PHONE_AUTH, env.counter, substitute, phoneKey);
  }
}
