/**
 * The lock side of one phone connection (PROTOCOL.md §7 lock state machine):
 * awaitHello -> awaitPhoneAuth -> ready -> closed. I/O is a `send` callback and `receive()`
 * calls; the lock firmware is asked through LockFirmwarePort, and the session's own decisions
 * (signing, counters, signatures) through LockChecks (default: the reference). Every refusal is
 * answered with an ERROR (or, for access decisions, a RESULT) and reported as data through
 * `onEnd`; nothing here throws at the transport.
 */
import type { AccessCommand } from '../access/accessTypes.js';
import type { VerifiedCredential } from '../credential/CredentialDocument.js';
import { deriveSharedSecret } from '../crypto/ecdh.js';
import { exportPublicKeyRaw, generateEphemeralKeyPair } from '../crypto/keys.js';
import { systemRandom } from '../crypto/random.js';
import { sha256 } from '../crypto/sha256.js';
import { MalformedMessageError } from '../errors.js';
import { CommandOp } from '../messages/CommandOp.js';
import { decodeEncryptedEnvelope, openEnvelope, sealMessage, type EncryptedEnvelope } from '../messages/encryptedEnvelope.js';
import {
  decodeClearError,
  decodeErrorBody,
  decodeHello,
  encodeClearError,
  encodeErrorBody,
  encodeLockAuth,
  lockAuthSignedBody,
  TRANSACTION_ID_LENGTH,
} from '../messages/handshakeMessages.js';
import { MessageType, messageTypeName, peekMessageType, type MessageTypeValue } from '../messages/MessageType.js';
import {
  decodeCommand,
  decodePhoneAuthPayload,
  encodeAuditRecords,
  encodeResult,
  encodeSessionReady,
  type CommandBody,
} from '../messages/sessionPayloads.js';
import { ResultCode, resultCodeName, type ResultCodeValue } from '../resultCodes.js';
import {
  DEFAULT_HANDSHAKE_DEADLINE_MS,
  DEFAULT_IDLE_TIMEOUT_MS,
  MAX_AUDIT_RECORDS_PER_MESSAGE,
  SUPPORTED_VERSIONS,
} from './constants.js';
import { deriveSessionKeyMaterial, endpointAuthBody, highestCommonVersion, importSessionKeys, transcriptHash, type SessionKeys } from './keySchedule.js';
import { referenceLockChecks, type LockChecks } from './LockChecks.js';
import type { LockSessionOptions, LockSessionState, SessionEnd } from './types.js';

/** A refusal inside a handler: unwinds to the one place that answers ERROR and closes. */
class Refusal {
  constructor(readonly code: ResultCodeValue, readonly reason: string, readonly audit = true) {}
}

export class LockSession {
  readonly #o: LockSessionOptions;
  readonly #checks: LockChecks;
  #state: LockSessionState = 'awaitHello';
  #end: SessionEnd | undefined;
  #queue: Promise<void> = Promise.resolve();
  #lastActivity: number;
  #hello: Uint8Array | undefined;
  #lockAuth: Uint8Array | undefined;
  #lockAuthSentAt = 0;
  #ephemeral: CryptoKeyPair | undefined;
  #ephemeralRaw: Uint8Array | undefined;
  #transactionId: Uint8Array | undefined;
  #keys: SessionKeys | undefined;
  #recvCounter = 0;
  #sendCounter = 0;
  #credential: VerifiedCredential | undefined;

  constructor(options: LockSessionOptions) {
    this.#o = options;
    this.#checks = options.checks ?? referenceLockChecks;
    this.#lastActivity = options.clock.now();
  }

  /** Current state of the §7 state machine. */
  get state(): LockSessionState {
    return this.#state;
  }

  /** How the session ended, once closed. */
  get end(): SessionEnd | undefined {
    return this.#end;
  }

  /** The verified credential of the phone, once the handshake completed. */
  get credential(): VerifiedCredential | undefined {
    return this.#credential;
  }

  /** Feeds one whole message from the phone. Messages are handled one at a time, in order. */
  receive(message: Uint8Array): Promise<void> {
    const run = this.#queue.then(() => this.#handle(message));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** The transport's reassembler reported a broken fragment stream (§3): answer FRAGMENT_ERROR and close. */
  fragmentError(reason: string): Promise<void> {
    const run = this.#queue.then(() => this.#fail(new Refusal(ResultCode.FRAGMENT_ERROR, reason)));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Checks deadlines against the clock (the lock owns no timers: its adapter calls this
   * periodically). Closes with DEADLINE_EXCEEDED when the handshake deadline or the idle timeout
   * passed. Returns true when the session is closed.
   */
  poll(): Promise<boolean> {
    const run = this.#queue.then(async () => {
      const timeout = this.#timedOut();
      if (timeout !== undefined) await this.#fail(timeout);
      return this.#state === 'closed';
    });
    this.#queue = run.then(() => undefined, () => undefined);
    return run;
  }

  /** The transport went away: close without sending (end code GRANTED: not an error by itself). */
  close(reason = 'disconnected'): void {
    this.#finish({ code: ResultCode.GRANTED, codeName: 'GRANTED', reason, by: 'transport' });
  }

  #timedOut(): Refusal | undefined {
    if (this.#state === 'closed') return undefined;
    const now = this.#o.clock.now();
    if (this.#state === 'awaitPhoneAuth' && now - this.#lockAuthSentAt > (this.#o.handshakeDeadlineMs ?? DEFAULT_HANDSHAKE_DEADLINE_MS)) {
      return new Refusal(ResultCode.DEADLINE_EXCEEDED, 'PHONE_AUTH arrived after the handshake deadline');
    }
    // A connection that never sends HELLO is idle too.
    if ((this.#state === 'ready' || this.#state === 'awaitHello') && now - this.#lastActivity > (this.#o.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS)) {
      return new Refusal(ResultCode.DEADLINE_EXCEEDED, 'session idle timeout', false);
    }
    return undefined;
  }

  async #handle(message: Uint8Array): Promise<void> {
    if (this.#state === 'closed') return;
    try {
      const timeout = this.#timedOut();
      if (timeout !== undefined) throw timeout;
      this.#lastActivity = this.#o.clock.now();
      let type: MessageTypeValue;
      try {
        type = peekMessageType(message);
      } catch (e) {
        throw new Refusal(ResultCode.MALFORMED, (e as Error).message);
      }
      if (type === MessageType.ERROR) return await this.#peerError(message);
      if (this.#state === 'awaitHello' && type === MessageType.HELLO) return await this.#onHello(message);
      if (this.#state === 'awaitPhoneAuth' && type === MessageType.PHONE_AUTH) return await this.#onPhoneAuth(message);
      if (this.#state === 'ready' && type === MessageType.COMMAND) return await this.#onCommand(message);
      throw new Refusal(ResultCode.UNEXPECTED_MESSAGE, `${messageTypeName(type)} not expected in state ${this.#state}`);
    } catch (e) {
      if (e instanceof Refusal) return this.#fail(e);
      if (e instanceof MalformedMessageError) return this.#fail(new Refusal(ResultCode.MALFORMED, e.message));
      // The firmware port (or anything else) threw: never crash the transport.
      return this.#fail(new Refusal(ResultCode.INTERNAL_ERROR, 'internal error', false));
    }
  }

  async #onHello(message: Uint8Array): Promise<void> {
    const hello = decodeHello(message);
    const condition = await this.#o.firmware.condition();
    if (condition.busy) throw new Refusal(ResultCode.BUSY, 'busy with another phone', false);
    if (condition.lockout) throw new Refusal(ResultCode.LOCKOUT, 'locked out after invalid attempts', false);
    const lockVersions = this.#o.versions ?? SUPPORTED_VERSIONS;
    const selectedVersion = highestCommonVersion(hello.versions, lockVersions);
    if (selectedVersion === undefined) {
      throw new Refusal(ResultCode.UNSUPPORTED_VERSION, `no common version (phone [${hello.versions.join(',')}])`);
    }
    this.#ephemeral = await (this.#o.ephemeralKeys ?? generateEphemeralKeyPair)();
    this.#ephemeralRaw = await exportPublicKeyRaw(this.#ephemeral.publicKey);
    this.#transactionId = (this.#o.random ?? systemRandom)(TRANSACTION_ID_LENGTH);
    const unsigned = {
      selectedVersion,
      lockVersions,
      lockEphemeralKey: this.#ephemeralRaw,
      transactionId: this.#transactionId,
      lockId: this.#o.lockId,
      lockTime: condition.clockUnset ? 0 : this.#o.clock.now(),
    };
    const signature = await this.#checks.signLockAuth(this.#o.lockPrivateKey, lockAuthSignedBody(await sha256(message), unsigned));
    this.#hello = message.slice();
    this.#lockAuth = encodeLockAuth({ ...unsigned, certificate: this.#o.certificate, signature });
    this.#state = 'awaitPhoneAuth';
    this.#lockAuthSentAt = this.#o.clock.now();
    await this.#o.send(this.#lockAuth);
  }

  async #onPhoneAuth(message: Uint8Array): Promise<void> {
    // Order of checks: PROTOCOL.md §7 "PHONE_AUTH checks".
    const env = decodeEncryptedEnvelope(message);
    const phoneKey = env.phoneEphemeralKey!;
    const shared = await deriveSharedSecret(this.#ephemeral!.privateKey, phoneKey);
    const transcript = await transcriptHash(this.#hello!, this.#lockAuth!, phoneKey);
    this.#keys = await importSessionKeys(await deriveSessionKeyMaterial(shared, this.#transactionId!, transcript));
    const plaintext = await openEnvelope(this.#keys.phoneToLock, 'phoneToLock', env);
    if (plaintext === null) throw new Refusal(ResultCode.DECRYPT_FAILED, 'PHONE_AUTH failed to decrypt');
    await this.#acceptCounter(env);
    const payload = decodePhoneAuthPayload(plaintext);
    const doc = await this.#checks.verifyCredential(payload.credential, this.#o.providerKeys);
    if (!doc.ok) throw new Refusal(doc.code, `credential: ${doc.reason}`);
    const bound = await this.#checks.verifyEndpoint({
      endpointPublicKey: doc.value.document.endpointPublicKey,
      body: await endpointAuthBody(this.#transactionId!, this.#o.lockId, this.#ephemeralRaw!, phoneKey, payload.credential),
      signature: payload.endpointSignature,
    });
    if (!bound.ok) throw new Refusal(bound.code, bound.reason);
    this.#credential = doc.value;
    if (payload.blocklist !== undefined) {
      const bl = await this.#checks.verifyBlocklist(payload.blocklist, this.#o.providerKeys);
      if (!bl.ok) throw new Refusal(bl.code, `blocklist: ${bl.reason}`);
      const code = await this.#o.firmware.acceptBlocklist(bl.value);
      // STALE_BLOB: an older list, ignored (§9, issue #16): the lock keeps its newer list and judges
      // the credential against it, so an offline phone with an old list still gets its answer
      // (GRANTED, or REVOKED when the lock's list revokes it) instead of an error it cannot fix.
      if (code !== ResultCode.GRANTED && code !== ResultCode.STALE_BLOB) throw new Refusal(code, `blocklist version ${bl.value.version} refused`);
    }
    if (payload.timeSync !== undefined) {
      const ts = await this.#checks.verifyTimeSync(payload.timeSync, this.#o.providerKeys);
      if (!ts.ok) throw new Refusal(ts.code, `time sync: ${ts.reason}`);
      const code = await this.#o.firmware.acceptTimeSync(ts.value, payload.timeSyncAgeMs ?? 0);
      // STALE_BLOB: ignored, not fatal (§9). The lock keeps its clock and the session goes on, so an
      // honest phone with an older sync still opens, and a replayed one cannot turn the clock back.
      if (code !== ResultCode.GRANTED && code !== ResultCode.STALE_BLOB) throw new Refusal(code, 'time sync refused');
      // The clock may have jumped (a lock behind by more than the idle timeout): measure idleness
      // from the corrected time, or the first COMMAND of this very session would be "idle" (§9).
      this.#lastActivity = this.#o.clock.now();
    }
    const condition = await this.#o.firmware.condition();
    this.#state = 'ready';
    await this.#sendEncrypted(
      MessageType.SESSION_READY,
      encodeSessionReady({
        lockTime: condition.clockUnset ? 0 : this.#o.clock.now(),
        auditHighWater: await this.#o.firmware.auditHighWater(),
      }),
    );
  }

  async #open(message: Uint8Array): Promise<{ env: EncryptedEnvelope; plaintext: Uint8Array }> {
    const env = decodeEncryptedEnvelope(message);
    const plaintext = await openEnvelope(this.#keys!.phoneToLock, 'phoneToLock', env);
    if (plaintext === null) throw new Refusal(ResultCode.DECRYPT_FAILED, `${messageTypeName(env.type)} failed to decrypt`);
    // Checked after decryption so only an authentic old message is called a replay.
    await this.#acceptCounter(env);
    return { env, plaintext };
  }

  /** Asks the counter check; an accepted counter never lowers the high-water mark (a faulty check may accept an old one). */
  async #acceptCounter(env: EncryptedEnvelope): Promise<void> {
    const check = await this.#checks.checkCounter({ type: env.type, counter: env.counter, lastAccepted: this.#recvCounter });
    if (!check.ok) throw new Refusal(check.code, check.reason);
    this.#recvCounter = Math.max(this.#recvCounter, env.counter);
  }

  async #onCommand(message: Uint8Array): Promise<void> {
    const { plaintext } = await this.#open(message);
    const command = decodeCommand(plaintext);
    if (command.op === CommandOp.FETCH_AUDIT) return this.#sendAudit(command.fromSequence ?? 0);
    const decision = await this.#o.firmware.decide(this.#credential!, toAccessCommand(command));
    const condition = await this.#o.firmware.condition();
    await this.#sendEncrypted(
      MessageType.RESULT,
      encodeResult({
        code: decision.code,
        grantedFloors: decision.code === ResultCode.GRANTED ? (decision.grantedFloors ?? []) : [],
        lockTime: condition.clockUnset ? 0 : this.#o.clock.now(),
        auditSequence: decision.auditSequence ?? 0,
        relockTime: decision.relockTime,
      }),
    );
  }

  async #sendAudit(fromSequence: number): Promise<void> {
    const max = MAX_AUDIT_RECORDS_PER_MESSAGE;
    const found = await this.#o.firmware.auditRecords(fromSequence, max + 1);
    const records = found.slice(0, max);
    const more = found.length > max;
    const last = records.at(-1);
    const nextSequence = last === undefined ? fromSequence : last.sequence + 1;
    await this.#sendEncrypted(MessageType.AUDIT_RECORDS, encodeAuditRecords({ records, nextSequence, more }));
  }

  async #peerError(message: Uint8Array): Promise<void> {
    let body;
    if (this.#state === 'ready') {
      const { plaintext } = await this.#open(message);
      body = decodeErrorBody(plaintext);
    } else {
      body = decodeClearError(message);
    }
    const code = resultCodeName(body.code) ? (body.code as ResultCodeValue) : ResultCode.INTERNAL_ERROR;
    this.#finish({ code, codeName: resultCodeName(code)!, reason: body.reason ?? 'phone sent ERROR', by: 'peer' });
  }

  async #sendEncrypted(type: MessageTypeValue, plaintext: Uint8Array): Promise<void> {
    this.#sendCounter++;
    await this.#o.send(await sealMessage(this.#keys!.lockToPhone, 'lockToPhone', type, this.#sendCounter, plaintext));
  }

  /** Answers ERROR (encrypted once SESSION_READY was sent, clear before), reports, closes. */
  async #fail(refusal: Refusal): Promise<void> {
    if (this.#state === 'closed') return;
    const wasReady = this.#state === 'ready';
    const codeName = resultCodeName(refusal.code) ?? 'INTERNAL_ERROR';
    this.#finish({ code: refusal.code, codeName, reason: refusal.reason, by: 'local' });
    try {
      if (refusal.audit) {
        await this.#o.firmware.recordAttempt({
          code: refusal.code,
          reason: refusal.reason,
          time: this.#o.clock.now(),
          ...(this.#credential && { credentialId: this.#credential.document.credentialId }),
        });
      }
    } catch {
      // The firmware failing to record must not stop the ERROR going out.
    }
    try {
      const body = { code: refusal.code, reason: refusal.reason };
      if (wasReady) await this.#sendEncrypted(MessageType.ERROR, encodeErrorBody(body));
      else await this.#o.send(encodeClearError(body));
    } catch {
      // The link may already be gone; the session is closed either way.
    }
  }

  #finish(end: SessionEnd): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#end = end;
    this.#o.onEnd?.(end);
  }
}

function toAccessCommand(c: CommandBody): AccessCommand {
  return c.op === CommandOp.SELECT_FLOORS ? { op: 'selectFloors', floors: c.floors ?? [] } : { op: 'unlock' };
}

