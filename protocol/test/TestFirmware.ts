/**
 * A small but real LockFirmwarePort for protocol tests: decisions through evaluateAccess, an
 * AuditLog, blob freshness rules (an accepted time sync sets a ManualClock), settable hardware
 * condition, and a switch that makes the port throw (to provoke INTERNAL_ERROR). The simulator's
 * lock model is the full one.
 */
import type { AccessCommand, AccessLock, LockCondition } from '../src/access/accessTypes.js';
import { evaluateAccess } from '../src/access/evaluateAccess.js';
import { localTime } from '../src/calendar/localTime.js';
import { AuditLog } from '../src/audit/AuditLog.js';
import { NO_CREDENTIAL_ID } from '../src/audit/AuditRecord.js';
import { sealAuditRecords, type AuditSealKey, type SealedAudit } from '../src/audit/sealedAuditRecord.js';
import { exportPublicKeyRaw, generateEphemeralKeyPair, generateSigningKeyPair } from '../src/crypto/keys.js';
import { checkBlocklistFreshness, checkTimeSyncFreshness, timeSyncTarget } from '../src/blobs/blobFreshness.js';
import type { Blocklist, TimeSync } from '../src/blobs/blobTypes.js';
import { ManualClock, type Clock } from '../src/clock.js';
import type { VerifiedCredential } from '../src/credential/CredentialDocument.js';
import { CommandOp } from '../src/messages/CommandOp.js';
import { ResultCode, type ResultCodeValue } from '../src/resultCodes.js';
import type { CommandDecision, FailedAttempt, LockFirmwarePort } from '../src/session/types.js';

export class TestFirmware implements LockFirmwarePort {
  condition_: LockCondition = {};
  throwing = false;
  readonly audit = new AuditLog(64);
  readonly attempts: FailedAttempt[] = [];
  blocklist: Blocklist | undefined;
  lastTimeSync: number | undefined;
  /** The lock's own key sequence (§6: one per lock, the highest granted here). */
  keySequence: number | undefined;
  readonly uses = new Map<string, { day: string; count: number; last: number }>();

  /** Keys the records are sealed with (§10.1); generated on first fetch unless a test sets them. */
  sealKeys: { lockPrivateKey: CryptoKey; lockPublicKey: CryptoKey; auditKey: AuditSealKey; auditPrivateKey: CryptoKey } | undefined;

  constructor(readonly lock: AccessLock, readonly clock: Clock) {}

  async #seal(): Promise<NonNullable<TestFirmware['sealKeys']>> {
    if (!this.sealKeys) {
      const lockPair = await generateSigningKeyPair(false);
      const auditPair = await generateEphemeralKeyPair(false);
      this.sealKeys = {
        lockPrivateKey: lockPair.privateKey,
        lockPublicKey: lockPair.publicKey,
        auditKey: { keyId: 'audit-test', publicKey: await exportPublicKeyRaw(auditPair.publicKey) },
        auditPrivateKey: auditPair.privateKey,
      };
    }
    return this.sealKeys;
  }

  #guard(): void {
    if (this.throwing) throw new Error('firmware fault (test)');
  }

  condition(): LockCondition {
    this.#guard();
    return this.condition_;
  }

  decide(credential: VerifiedCredential, command: AccessCommand): CommandDecision {
    this.#guard();
    const doc = credential.document;
    const now = this.clock.now();
    const day = localTime(now, this.lock.timeZone).date;
    const use = this.uses.get(doc.credentialId);
    const decision = evaluateAccess({
      document: doc,
      lock: this.lock,
      lockTime: now,
      command,
      condition: this.condition_,
      revokedCredentialIds: this.blocklist?.revokedCredentialIds,
      storedKeySequence: this.keySequence,
      usesToday: use?.day === day ? use.count : 0,
      lastUseAt: use?.last,
    });
    if (decision.code === ResultCode.GRANTED) {
      this.uses.set(doc.credentialId, { day, count: (use?.day === day ? use.count : 0) + 1, last: now });
      if (decision.newKeySequence !== undefined) this.keySequence = decision.newKeySequence;
    }
    const record = this.audit.append({
      time: now,
      credentialId: doc.credentialId,
      op: command.op === 'unlock' ? CommandOp.UNLOCK : CommandOp.SELECT_FLOORS,
      resultCode: decision.code,
      floors: decision.grantedFloors,
    });
    return {
      code: decision.code,
      grantedFloors: decision.grantedFloors,
      auditSequence: record.sequence,
      ...(decision.code === ResultCode.GRANTED && this.lock.lockType !== 2 && { relockTime: now + 5000 }),
    };
  }

  acceptBlocklist(blocklist: Blocklist): ResultCodeValue {
    this.#guard();
    const code = checkBlocklistFreshness(blocklist, this.blocklist?.version);
    // Same version: no change (§9), the ids held stay; a lock holding none takes any version.
    if (code === ResultCode.GRANTED && (this.blocklist === undefined || blocklist.version > this.blocklist.version)) this.blocklist = blocklist;
    return code;
  }

  /**
   * The §9 rule against the lock's running clock (undefined while unset). An accepted sync sets a
   * ManualClock (shared with the phone in `makePair`), so a wrongly accepted old sync shows in the
   * decisions that follow.
   */
  acceptTimeSync(timeSync: TimeSync, claimedAgeMs = 0): ResultCodeValue {
    this.#guard();
    const lockNow = this.condition_.clockUnset ? undefined : this.clock.now();
    const code = checkTimeSyncFreshness(timeSync, this.lock.lockId, this.lastTimeSync, lockNow);
    if (code === ResultCode.GRANTED) {
      this.lastTimeSync = timeSync.time;
      if (this.clock instanceof ManualClock) this.clock.set(timeSyncTarget(timeSync, claimedAgeMs, lockNow));
      this.condition_ = { ...this.condition_, clockUnset: false };
    }
    return code;
  }

  async auditRecords(fromSequence: number, max: number): Promise<readonly SealedAudit[]> {
    this.#guard();
    const k = await this.#seal();
    return sealAuditRecords(this.audit.since(fromSequence, max), { lockId: this.lock.lockId, lockPrivateKey: k.lockPrivateKey, auditKey: k.auditKey });
  }

  auditHighWater(): number {
    this.#guard();
    return this.audit.highWater();
  }

  recordAttempt(attempt: FailedAttempt): void {
    this.attempts.push(attempt);
    this.audit.append({ time: attempt.time, credentialId: attempt.credentialId ?? NO_CREDENTIAL_ID, op: CommandOp.HANDSHAKE, resultCode: attempt.code, floors: [] });
  }
}
