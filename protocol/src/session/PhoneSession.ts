/**
 * The phone side of one connection to one lock (PROTOCOL.md §7 phone state machine):
 * idle -> awaitLockAuth -> awaitSessionReady -> ready <-> awaitResponse -> closed.
 * I/O is a `send` callback and `receive()` calls; outcomes are data (HandshakeOutcome,
 * CommandOutcome). The phone owns no timers: its client calls `abort()` when its own response
 * timeout (§11) expires.
 */
import { decodeLockCertificate, verifyLockCertificate } from '../certificate/signLockCertificate.js';
import { deriveSharedSecret } from '../crypto/ecdh.js';
import { SignatureContext, signWithContext, verifyWithContext } from '../crypto/ecdsa.js';
import { exportPublicKeyRaw, generateEphemeralKeyPair } from '../crypto/keys.js';
import { sha256 } from '../crypto/sha256.js';
import { KeyrigError, MalformedMessageError } from '../errors.js';
import { CommandOp } from '../messages/CommandOp.js';
import { decodeEncryptedEnvelope, openEnvelope, sealMessage } from '../messages/encryptedEnvelope.js';
import {
  decodeClearError,
  decodeErrorBody,
  decodeLockAuth,
  encodeClearError,
  encodeErrorBody,
  encodeHello,
  lockAuthSignedBody,
  type LockAuth,
} from '../messages/handshakeMessages.js';
import { MessageType, messageTypeName, peekMessageType, type MessageTypeValue } from '../messages/MessageType.js';
import {
  decodeAuditRecords,
  decodeResult,
  decodeSessionReady,
  encodeCommand,
  encodePhoneAuthPayload,
  type CommandBody,
} from '../messages/sessionPayloads.js';
import { ResultCode, resultCodeName, type ResultCodeName, type ResultCodeValue } from '../resultCodes.js';
import { SUPPORTED_VERSIONS } from './constants.js';
import { deriveSessionKeyMaterial, endpointAuthBody, highestCommonVersion, importSessionKeys, transcriptHash, type SessionKeys } from './keySchedule.js';
import type { CommandOutcome, HandshakeOutcome, PhoneSessionOptions, PhoneSessionState, SessionEnd } from './types.js';

class Refusal {
  constructor(readonly code: ResultCodeValue, readonly reason: string, readonly notifyLock = true) {}
}

function nameOf(code: number): ResultCodeName {
  return resultCodeName(code) ?? 'INTERNAL_ERROR';
}

interface Pending {
  readonly op: CommandBody['op'];
  readonly resolve: (o: CommandOutcome) => void;
}

export class PhoneSession {
  readonly #o: PhoneSessionOptions;
  #state: PhoneSessionState = 'idle';
  #end: SessionEnd | undefined;
  #queue: Promise<void> = Promise.resolve();
  #hello: Uint8Array | undefined;
  #keys: SessionKeys | undefined;
  #sendCounter = 0;
  #recvCounter = 0;
  #lockAuth: LockAuth | undefined;
  #handshake: { resolve: (o: HandshakeOutcome) => void } | undefined;
  #pending: Pending | undefined;

  constructor(options: PhoneSessionOptions) {
    this.#o = options;
  }

  get state(): PhoneSessionState {
    return this.#state;
  }

  /** How the session ended, once closed. */
  get end(): SessionEnd | undefined {
    return this.#end;
  }

  /**
   * Sends HELLO; resolves when the lock is authenticated and SESSION_READY arrived, or with the
   * refusal as data. Rejects with KeyrigError('state') when called twice.
   */
  start(): Promise<HandshakeOutcome> {
    if (this.#state !== 'idle') return Promise.reject(new KeyrigError('state', `start() called in state ${this.#state}`));
    const outcome = new Promise<HandshakeOutcome>((resolve) => (this.#handshake = { resolve }));
    this.#state = 'awaitLockAuth';
    this.#hello = encodeHello({ versions: this.#o.versions ?? SUPPORTED_VERSIONS, features: this.#o.features ?? 0 });
    this.#enqueue(async () => {
      try {
        await this.#o.send(this.#hello!);
      } catch (e) {
        this.#closeLocal(new Refusal(ResultCode.INTERNAL_ERROR, `send failed: ${(e as Error).message}`, false));
      }
    });
    return outcome;
  }

  /** Asks the lock to unlock. Commands reject with KeyrigError('state') unless the session is ready and idle. */
  unlock(): Promise<CommandOutcome> {
    return this.#command({ op: CommandOp.UNLOCK });
  }

  /** Asks an elevator lock to release floors; the lock grants the intersection with the credential. */
  selectFloors(floors: readonly number[]): Promise<CommandOutcome> {
    return this.#command({ op: CommandOp.SELECT_FLOORS, floors });
  }

  /** Fetches audit records with sequence >= fromSequence (one message; repeat with nextAuditSequence while moreAudit). */
  fetchAudit(fromSequence: number): Promise<CommandOutcome> {
    return this.#command({ op: CommandOp.FETCH_AUDIT, fromSequence });
  }

  /** Feeds one whole message from the lock. */
  receive(message: Uint8Array): Promise<void> {
    return this.#enqueue(() => this.#handle(message));
  }

  /**
   * Gives up locally (a response timeout, the user cancelled): pending promises resolve with
   * `code` (default DEADLINE_EXCEEDED) and the session closes without notifying the lock.
   */
  abort(code: ResultCodeValue = ResultCode.DEADLINE_EXCEEDED, reason = 'no response in time'): void {
    this.#closeLocal(new Refusal(code, reason, false));
  }

  /** The transport's reassembler reported a broken fragment stream: FRAGMENT_ERROR and close. */
  fragmentError(reason: string): Promise<void> {
    return this.#enqueue(() => this.#fail(new Refusal(ResultCode.FRAGMENT_ERROR, reason)));
  }

  /**
   * The transport went away. The end code is GRANTED when nothing was waiting, INTERNAL_ERROR
   * when a handshake or command was still pending (its promise resolves with that code).
   */
  close(reason = 'disconnected'): void {
    const waiting = this.#handshake !== undefined || this.#pending !== undefined;
    this.#closeLocal(new Refusal(waiting ? ResultCode.INTERNAL_ERROR : ResultCode.GRANTED, reason, false), 'transport');
  }

  #enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.#queue.then(task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #command(body: CommandBody): Promise<CommandOutcome> {
    if (this.#state !== 'ready') {
      return Promise.reject(new KeyrigError('state', `a command needs a ready session (state ${this.#state}; one command at a time)`));
    }
    let encoded: Uint8Array;
    try {
      encoded = encodeCommand(body); // MalformedMessageError for bad input, before any state change
    } catch (e) {
      return Promise.reject(e as Error);
    }
    this.#state = 'awaitResponse';
    const outcome = new Promise<CommandOutcome>((resolve) => (this.#pending = { op: body.op, resolve }));
    this.#enqueue(async () => {
      try {
        await this.#sendEncrypted(MessageType.COMMAND, encoded);
      } catch (e) {
        this.#closeLocal(new Refusal(ResultCode.INTERNAL_ERROR, `send failed: ${(e as Error).message}`, false));
      }
    });
    return outcome;
  }

  async #handle(message: Uint8Array): Promise<void> {
    if (this.#state === 'closed' || this.#state === 'idle') return;
    try {
      let type: MessageTypeValue;
      try {
        type = peekMessageType(message);
      } catch (e) {
        throw new Refusal(ResultCode.MALFORMED, (e as Error).message);
      }
      if (this.#state === 'awaitLockAuth' && type === MessageType.LOCK_AUTH) return await this.#onLockAuth(message);
      if (this.#state === 'awaitLockAuth' || this.#state === 'awaitSessionReady') {
        if (type === MessageType.ERROR) return this.#peerError(decodeClearError(message));
        if (this.#state === 'awaitSessionReady' && type === MessageType.SESSION_READY) return await this.#onSessionReady(message);
      }
      if (this.#state === 'ready' || this.#state === 'awaitResponse') {
        if (type === MessageType.ERROR) return this.#peerError(decodeErrorBody(await this.#open(message)));
        if (this.#state === 'awaitResponse' && (type === MessageType.RESULT || type === MessageType.AUDIT_RECORDS)) {
          return await this.#onResponse(type, message);
        }
      }
      throw new Refusal(ResultCode.UNEXPECTED_MESSAGE, `${messageTypeName(type)} not expected in state ${this.#state}`);
    } catch (e) {
      if (e instanceof Refusal) return this.#fail(e);
      if (e instanceof MalformedMessageError) return this.#fail(new Refusal(ResultCode.MALFORMED, e.message));
      return this.#fail(new Refusal(ResultCode.INTERNAL_ERROR, (e as Error)?.message ?? 'internal error'));
    }
  }

  async #onLockAuth(message: Uint8Array): Promise<void> {
    const auth = decodeLockAuth(message);
    const lockAuthFailed = (why: string) => new Refusal(ResultCode.LOCK_AUTH_FAILED, why);
    const cert = await verifyLockCertificate(auth.certificate, this.#o.providerKeys, this.#o.clock.now());
    if (!cert.ok) throw lockAuthFailed(`lock certificate ${cert.codeName}: ${cert.reason}`);
    const expected = this.#o.expectedLockId.toLowerCase();
    if (cert.value.certificate.lockId !== auth.lockId || auth.lockId !== expected) {
      throw lockAuthFailed(`lock proved id ${cert.value.certificate.lockId}, expected ${expected}`);
    }
    const ours = this.#o.versions ?? SUPPORTED_VERSIONS;
    if (!ours.includes(auth.selectedVersion)) {
      throw new Refusal(ResultCode.UNSUPPORTED_VERSION, `lock selected version ${auth.selectedVersion}, not offered`);
    }
    // Downgrade protection: the selection must be the highest common version of both lists.
    if (auth.selectedVersion !== highestCommonVersion(ours, auth.lockVersions)) {
      throw lockAuthFailed(`selected version ${auth.selectedVersion} is not the highest common version`);
    }
    const signed = lockAuthSignedBody(await sha256(this.#hello!), auth);
    if (!(await verifyWithContext(cert.value.lockKey, SignatureContext.LOCK_AUTH, signed, auth.signature))) {
      throw lockAuthFailed('LOCK_AUTH signature does not verify (tampered HELLO or forged lock)');
    }
    this.#lockAuth = auth;
    const ephemeral = await (this.#o.ephemeralKeys ?? generateEphemeralKeyPair)();
    const phoneKey = await exportPublicKeyRaw(ephemeral.publicKey);
    const shared = await deriveSharedSecret(ephemeral.privateKey, auth.lockEphemeralKey);
    const transcript = await transcriptHash(this.#hello!, message, phoneKey);
    this.#keys = await importSessionKeys(await deriveSessionKeyMaterial(shared, auth.transactionId, transcript));
    const credential = this.#o.credential.bytes;
    const endpointSignature = await signWithContext(
      this.#o.endpointKey.privateKey,
      SignatureContext.ENDPOINT_AUTH,
      await endpointAuthBody(auth.transactionId, auth.lockId, auth.lockEphemeralKey, phoneKey, credential),
    );
    const payload = encodePhoneAuthPayload({
      credential,
      endpointSignature,
      blocklist: this.#o.blocklist,
      timeSync: this.#o.timeSync,
      timeSyncAgeMs: this.#timeSyncAge(),
    });
    this.#state = 'awaitSessionReady';
    await this.#sendEncrypted(MessageType.PHONE_AUTH, payload, phoneKey);
  }

  /** How long the phone has held its time sync (§9), as a u32; undefined without both. */
  #timeSyncAge(): number | undefined {
    const { timeSync, timeSyncReceivedAt } = this.#o;
    if (timeSync === undefined || timeSyncReceivedAt === undefined) return undefined;
    // A clock stepped back since receipt reads as "just received": the lock then takes the sync's time.
    return Math.min(Math.max(0, Math.floor(this.#o.clock.now() - timeSyncReceivedAt)), 0xffff_ffff);
  }

  async #onSessionReady(message: Uint8Array): Promise<void> {
    const ready = decodeSessionReady(await this.#open(message));
    this.#state = 'ready';
    const auth = this.#lockAuth!;
    this.#handshake?.resolve({
      ok: true,
      version: auth.selectedVersion,
      lockId: auth.lockId,
      certificate: decodeLockCertificate(auth.certificate),
      lockTime: ready.lockTime,
      auditHighWater: ready.auditHighWater,
      transactionId: auth.transactionId,
    });
    this.#handshake = undefined;
  }

  async #onResponse(type: MessageTypeValue, message: Uint8Array): Promise<void> {
    const plaintext = await this.#open(message);
    const pending = this.#pending!;
    const isAudit = pending.op === CommandOp.FETCH_AUDIT;
    if (isAudit !== (type === MessageType.AUDIT_RECORDS)) {
      throw new Refusal(ResultCode.UNEXPECTED_MESSAGE, `${messageTypeName(type)} does not answer op ${pending.op}`);
    }
    let outcome: CommandOutcome;
    if (isAudit) {
      const a = decodeAuditRecords(plaintext);
      outcome = { code: ResultCode.GRANTED, codeName: 'GRANTED', grantedFloors: [], auditRecords: a.records, nextAuditSequence: a.nextSequence, moreAudit: a.more };
    } else {
      const r = decodeResult(plaintext);
      outcome = {
        code: (resultCodeName(r.code) ? r.code : ResultCode.INTERNAL_ERROR) as ResultCodeValue,
        codeName: nameOf(r.code),
        grantedFloors: r.grantedFloors,
        lockTime: r.lockTime,
        auditSequence: r.auditSequence,
        ...(r.relockTime !== undefined && { relockTime: r.relockTime }),
      };
    }
    this.#pending = undefined;
    this.#state = 'ready';
    pending.resolve(outcome);
  }

  /** Decrypts a lock->phone message and enforces the strictly increasing counter. */
  async #open(message: Uint8Array): Promise<Uint8Array> {
    const env = decodeEncryptedEnvelope(message);
    const plaintext = await openEnvelope(this.#keys!.lockToPhone, 'lockToPhone', env);
    if (plaintext === null) throw new Refusal(ResultCode.DECRYPT_FAILED, `${messageTypeName(env.type)} failed to decrypt`);
    if (env.counter <= this.#recvCounter) throw new Refusal(ResultCode.REPLAY, `counter ${env.counter} <= ${this.#recvCounter}`);
    this.#recvCounter = env.counter;
    return plaintext;
  }

  async #sendEncrypted(type: MessageTypeValue, plaintext: Uint8Array, phoneKey?: Uint8Array): Promise<void> {
    this.#sendCounter++;
    await this.#o.send(await sealMessage(this.#keys!.phoneToLock, 'phoneToLock', type, this.#sendCounter, plaintext, phoneKey));
  }

  #peerError(body: { code: number; reason?: string | undefined }): void {
    // An ERROR is a refusal (§4.6, §7.8): one carrying GRANTED — which anyone on the link can send
    // in clear before SESSION_READY — must not end the handshake looking like a grant.
    if (body.code === ResultCode.GRANTED) {
      this.#closeWith({ code: ResultCode.MALFORMED, codeName: nameOf(ResultCode.MALFORMED), reason: 'lock sent ERROR carrying GRANTED', by: 'peer' });
      return;
    }
    const code = (resultCodeName(body.code) ? body.code : ResultCode.INTERNAL_ERROR) as ResultCodeValue;
    this.#closeWith({ code, codeName: nameOf(code), reason: body.reason ?? 'lock sent ERROR', by: 'peer' });
  }

  /** Local refusal: tell the lock (best effort), then close and settle promises. */
  async #fail(refusal: Refusal): Promise<void> {
    if (this.#state === 'closed') return;
    const encrypted = this.#state === 'ready' || this.#state === 'awaitResponse';
    this.#closeLocal(refusal);
    if (!refusal.notifyLock) return;
    try {
      const body = { code: refusal.code, reason: refusal.reason };
      if (encrypted) await this.#sendEncrypted(MessageType.ERROR, encodeErrorBody(body));
      else await this.#o.send(encodeClearError(body));
    } catch {
      // The link may be gone; the session is closed either way.
    }
  }

  #closeLocal(refusal: Refusal, by: SessionEnd['by'] = 'local'): void {
    this.#closeWith({ code: refusal.code, codeName: nameOf(refusal.code), reason: refusal.reason, by });
  }

  #closeWith(end: SessionEnd): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#end = end;
    this.#handshake?.resolve({ ok: false, code: end.code, codeName: end.codeName, reason: end.reason });
    this.#handshake = undefined;
    this.#pending?.resolve({ code: end.code, codeName: end.codeName, reason: end.reason, grantedFloors: [] });
    this.#pending = undefined;
    this.#o.onEnd?.(end);
  }
}
