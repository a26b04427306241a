/**
 * One access attempt at one lock: connect, open the channel, run the phone session (PROTOCOL.md
 * §7) for an unlock or a floor selection, fetch the audit records the attempt produced, close.
 * A link lost before the lock answered is retried on a fresh connection; a denial is an outcome.
 */
import {
  FragmentError,
  MAX_AUDIT_RECORDS_PER_MESSAGE,
  PHONE_RESPONSE_TIMEOUT_MS,
  PhoneSession,
  ResultCode,
  systemClock,
  type SealedAudit,
  type Clock,
  type CommandOutcome,
  type HeldCredential,
  type LockTypeName,
  type ProviderKeys,
  type ResultCodeName,
  type ResultCodeValue,
} from '@keyrig/protocol';
import type { Central } from './central.js';
import { BleError } from './errors.js';
import { LockChannel, type ResponseMode } from './LockChannel.js';
import { silentLogger, type Logger } from './logger.js';
import type { NearbyLock } from './nearby.js';

/** What to ask the lock. */
export type AccessAction = { readonly op: 'unlock' } | { readonly op: 'selectFloors'; readonly floors: readonly number[] };

/** What the phone hands the lock besides the command (PROTOCOL.md §7, §9). */
export interface AccessMaterial {
  readonly credential: HeldCredential;
  readonly endpointKey: CryptoKeyPair;
  readonly providerKeys: ProviderKeys;
  readonly blocklist?: Uint8Array;
  readonly timeSync?: Uint8Array;
  /** When the phone got `timeSync`, on the attempt's `clock`: the lock is told its age (§9). */
  readonly timeSyncReceivedAt?: number;
}

/** Everything one attempt needs: where, what, with which credential. */
export interface AccessAttemptOptions {
  readonly central: Central;
  readonly lock: NearbyLock;
  readonly action: AccessAction;
  readonly material: AccessMaterial;
  /** The phone's clock: what the session compares with the lock (validity, time sync). Default systemClock. */
  readonly clock?: Clock;
  /**
   * The clock the attempt's waits and its `durationMs` run on (default systemClock): wall time,
   * even when `clock` is a scenario's manual or travelling clock, because the lock answers over a
   * radio in wall time (a deadline on a manual clock would never fire).
   */
  readonly radioClock?: Clock;
  readonly logger?: Logger;
  /** Connections to try when the link drops before the lock answered (default 3). */
  readonly attempts?: number;
  readonly connectTimeoutMs?: number;
  /** ATT_MTU to ask for (default: the platform's). */
  readonly mtu?: number;
  readonly responseMode?: ResponseMode;
  /** Fetch the audit records this attempt produced (default true). */
  readonly fetchAudit?: boolean;
  /** Marks progress through a connection (for latency breakdowns; called once per phase per connection). */
  readonly onPhase?: (phase: AccessPhase) => void;
  /** Every protocol message as it goes over the link (reports: one arrow per message). */
  readonly onWire?: WireObserver;
}

/** Sees each whole protocol message the phone sends or receives (after framing, before decoding). */
export type WireObserver = (direction: 'sent' | 'received', message: Uint8Array) => void;

/** Milestones of one connection: GATT ready, handshake done, command answered, link closed. */
export type AccessPhase = 'connected' | 'sessionReady' | 'answered' | 'closed';

/** The result of one attempt, as data. `failed`: the lock never gave an answer (BLE trouble). */
export interface AccessAttempt {
  readonly lockId: string;
  readonly lockType: LockTypeName;
  readonly action: AccessAction['op'];
  readonly outcome: 'granted' | 'denied' | 'failed';
  /** The lock's result code; null when it never answered. */
  readonly code: ResultCodeValue | null;
  readonly codeName: ResultCodeName | null;
  readonly reason: string;
  readonly grantedFloors: readonly number[];
  readonly credentialId: string;
  readonly rssi: number;
  /** Connections used (1 unless the link dropped). */
  readonly connections: number;
  /** Records fetched from the lock after the command, sealed by the lock (§10.1): the phone cannot read them, only relay. */
  readonly auditRecords: readonly SealedAudit[];
  /** Wall time of the whole attempt, ms. */
  readonly durationMs: number;
  /**
   * The lock's time from SESSION_READY (0 when its clock is unset); absent when the handshake did
   * not complete. The app uses it to present the document valid at the lock's time (CLIENT.md, P2).
   */
  readonly lockTime?: number;
}

/** Runs one access attempt; never throws for BLE trouble or a denial (see `outcome`). */
export async function attemptAccess(options: AccessAttemptOptions): Promise<AccessAttempt> {
  const started = radioOf(options).now();
  const logger = (options.logger ?? silentLogger).child({ lock: options.lock.lockId });
  const maxConnections = Math.max(1, options.attempts ?? 3);
  let lastError: Error | undefined;
  for (let connection = 1; connection <= maxConnections; connection++) {
    try {
      const r = await oneConnection(options, logger);
      if (r.kind === 'answer') {
        return result(options, started, connection, r);
      }
      lastError = r.error;
    } catch (err) {
      lastError = err as Error;
    }
    logger.warn({ connection, of: maxConnections, err: lastError.message }, 'no answer from the lock');
  }
  return {
    ...base(options, started, maxConnections),
    outcome: 'failed',
    code: null,
    codeName: null,
    reason: lastError?.message ?? 'no answer',
    grantedFloors: [],
    auditRecords: [],
  };
}

/**
 * `handshake`: SESSION_READY arrived (the lock proved itself); `fromResult`: the outcome was
 * decoded from the lock's encrypted RESULT to our command, not from a session ending.
 */
type Answer = { kind: 'answer'; outcome: CommandOutcome; handshake: boolean; fromResult: boolean; auditRecords: SealedAudit[]; lockTime?: number };
type ConnectionResult = Answer | { kind: 'lost'; error: Error };

async function oneConnection(o: AccessAttemptOptions, logger: Logger): Promise<ConnectionResult> {
  const link = await o.central.connect(o.lock.sighting.peripheralId, {
    ...(o.connectTimeoutMs !== undefined ? { timeoutMs: o.connectTimeoutMs } : {}),
    ...(o.mtu !== undefined ? { mtu: o.mtu } : {}),
  });
  let channel: LockChannel | undefined;
  try {
    channel = await LockChannel.open(link, {
      logger,
      ...(o.clock ? { clock: o.clock } : {}),
      ...(o.radioClock ? { radioClock: o.radioClock } : {}),
      ...(o.responseMode ? { responseMode: o.responseMode } : {}),
    });
    o.onPhase?.('connected');
    const ch = channel;
    const session = new PhoneSession({
      clock: o.clock ?? systemClock,
      credential: o.material.credential,
      endpointKey: o.material.endpointKey,
      providerKeys: o.material.providerKeys,
      expectedLockId: o.lock.lockId,
      send: (m) => {
        o.onWire?.('sent', m);
        return ch.send(m);
      },
      ...(o.material.blocklist ? { blocklist: o.material.blocklist } : {}),
      ...(o.material.timeSync ? { timeSync: o.material.timeSync } : {}),
      ...(o.material.timeSync && o.material.timeSyncReceivedAt !== undefined ? { timeSyncReceivedAt: o.material.timeSyncReceivedAt } : {}),
    });
    // Set when the session ended because of the link or our own timer, not a lock decision.
    const lost: { error?: Error } = {};
    ch.onMessage((m) => {
      o.onWire?.('received', m);
      void session.receive(m);
    });
    ch.onFailure((err) => {
      if (err instanceof FragmentError) {
        void session.fragmentError(err.message);
      } else {
        lost.error = err;
        session.close(err.message);
      }
    });
    const hs = await deadline(radioOf(o), session.start(), PHONE_RESPONSE_TIMEOUT_MS.lockAuth + PHONE_RESPONSE_TIMEOUT_MS.sessionReady, session, lost);
    if (!hs.ok) {
      if (lost.error || transportFailure(session)) return { kind: 'lost', error: lost.error ?? new BleError('io', hs.reason) };
      logger.debug({ code: hs.codeName, reason: hs.reason }, 'handshake refused');
      return {
        kind: 'answer',
        outcome: { code: hs.code, codeName: hs.codeName, reason: hs.reason, grantedFloors: [] },
        handshake: false,
        fromResult: false,
        auditRecords: [],
      };
    }
    logger.debug({ version: hs.version, lockTime: hs.lockTime, auditHighWater: hs.auditHighWater }, 'session ready');
    o.onPhase?.('sessionReady');
    const command = o.action.op === 'unlock' ? session.unlock() : session.selectFloors(o.action.floors);
    // A command retried after a lost answer may act twice (e.g. a second unlock): acceptable for
    // access, and the lock's audit trail shows both.
    const outcome = await deadline(radioOf(o), command, PHONE_RESPONSE_TIMEOUT_MS.result, session, lost);
    if (session.state === 'closed' && (lost.error || transportFailure(session))) {
      return { kind: 'lost', error: lost.error ?? new BleError('io', outcome.reason ?? 'link lost') };
    }
    o.onPhase?.('answered');
    // Our attempt's record is auditHighWater + 1. Fetch the records before it too: the cloud
    // deduplicates, and so every visiting phone relays the lock's recent history (attempts by
    // phones that could not upload, e.g. a guest whose session expired at checkout).
    const from = Math.max(0, hs.auditHighWater + 1 - (MAX_AUDIT_RECORDS_PER_MESSAGE - 1));
    const auditRecords = o.fetchAudit === false || session.state !== 'ready' ? [] : await fetchAuditRecords(radioOf(o), session, from, logger);
    return { kind: 'answer', outcome, handshake: true, fromResult: isResult(outcome), auditRecords, lockTime: hs.lockTime };
  } finally {
    channel?.close();
    await link.disconnect();
    o.onPhase?.('closed');
  }
}

/**
 * True when the session ended because our own sending failed (INTERNAL_ERROR decided locally, e.g.
 * a write on a link that just dropped) rather than by anything the lock said.
 */
function transportFailure(session: PhoneSession): boolean {
  const end = session.end;
  return end !== undefined && end.code === ResultCode.INTERNAL_ERROR && end.by !== 'peer';
}

/** Fetches records from `from` on (at most a few messages), best effort: a failure leaves what was fetched. */
async function fetchAuditRecords(radio: Clock, session: PhoneSession, from: number, logger: Logger): Promise<SealedAudit[]> {
  const out: SealedAudit[] = [];
  let next = from;
  for (let i = 0; i < 4 && session.state === 'ready'; i++) {
    const r = await deadline(radio, session.fetchAudit(next), PHONE_RESPONSE_TIMEOUT_MS.result, session, {});
    if (r.code !== ResultCode.GRANTED) {
      logger.warn({ code: r.codeName, reason: r.reason }, 'audit fetch refused');
      break;
    }
    out.push(...(r.auditRecords ?? []));
    if (!r.moreAudit || r.nextAuditSequence === undefined) break;
    next = r.nextAuditSequence;
  }
  return out;
}

/**
 * Resolves with the session's outcome, or aborts the session when the lock stays silent (§11);
 * a timeout is recorded in `lost` (no answer, not a decision).
 */
async function deadline<T>(radio: Clock, work: Promise<T>, ms: number, session: PhoneSession, lost: { error?: Error }): Promise<T> {
  // Not Clock.timeout: aborting the session settles `work` itself, with the session's outcome.
  const cancel = radio.setTimer(ms, () => {
    lost.error ??= new BleError('timeout', `the lock did not answer within ${ms} ms`);
    session.abort(ResultCode.DEADLINE_EXCEEDED, `no response within ${ms} ms`);
  });
  try {
    return await work;
  } finally {
    cancel();
  }
}

function radioOf(o: AccessAttemptOptions): Clock {
  return o.radioClock ?? systemClock;
}

function base(o: AccessAttemptOptions, started: number, connections: number) {
  return {
    lockId: o.lock.lockId,
    lockType: o.lock.lockType,
    action: o.action.op,
    credentialId: o.material.credential.document.credentialId,
    rssi: o.lock.sighting.rssi,
    connections,
    durationMs: radioOf(o).now() - started,
  };
}

/**
 * Only a decoded RESULT carries the lock's time and audit sequence (PROTOCOL.md §4.5, both
 * required); an outcome made by the session ending (ERROR, timeout, link) has neither.
 */
function isResult(outcome: CommandOutcome): boolean {
  return outcome.lockTime !== undefined && outcome.auditSequence !== undefined;
}

function result(o: AccessAttemptOptions, started: number, connections: number, answer: Answer): AccessAttempt {
  const { outcome, auditRecords } = answer;
  const lockTime = answer.lockTime !== undefined ? { lockTime: answer.lockTime } : {};
  // Defence in depth (PhoneSession already refuses a clear ERROR carrying GRANTED): the door is
  // open only when the lock completed the handshake AND answered our command with a RESULT saying
  // GRANTED. GRANTED from anywhere else is a lie on the link, reported as MALFORMED like PhoneSession does.
  const claimsGranted = outcome.code === ResultCode.GRANTED;
  const granted = claimsGranted && answer.handshake && answer.fromResult;
  if (claimsGranted && !granted) {
    return {
      ...base(o, started, connections),
      outcome: 'denied',
      code: ResultCode.MALFORMED,
      codeName: 'MALFORMED',
      reason: `GRANTED ${answer.handshake ? 'without a RESULT to the command' : 'without a completed handshake'} (${outcome.reason ?? 'no reason'})`,
      grantedFloors: [],
      auditRecords,
      ...lockTime,
    };
  }
  return {
    ...base(o, started, connections),
    ...lockTime,
    outcome: granted ? 'granted' : 'denied',
    code: outcome.code,
    codeName: outcome.codeName,
    reason: outcome.reason ?? (granted ? 'granted' : outcome.codeName),
    grantedFloors: outcome.grantedFloors,
    auditRecords,
  };
}

