/**
 * The key holder's whole loop at a door: fresh credentials -> scan -> which nearby locks the
 * credentials open (best RSSI first) -> unlock or select floors at the chosen ones -> relay the
 * audit records to the cloud. Which document is presented, and when one more connection is made
 * (docs/CLIENT.md, issue #16 P1–P3): the document valid now (chooseDocument.ts); after SUPERSEDED
 * or STALE_BLOB a reload, and a retry only when the reload changed what would be presented; after
 * NOT_YET_VALID or EXPIRED, once the document that is the choice at the lock's time.
 */
import { ResultCode, systemClock, type Clock } from '@keyrig/protocol';
import { attemptAccess, type AccessAction, type AccessAttempt, type AccessPhase } from './accessLock.js';
import type { Central, Sighting } from './central.js';
import type { KeyHolder } from './KeyHolder.js';
import { silentLogger, type Logger } from './logger.js';
import type { ResponseMode } from './LockChannel.js';
import { documentForLockTime } from './chooseDocument.js';
import { findNearbyLocks, matchEligibleLocks, type EligibleLock, type NearbyLock } from './nearby.js';
import type { CredentialWallet, EntranceInfo, WalletCredential } from './wallet.js';

/** Which eligible locks to open. */
export type AccessTarget =
  | { readonly kind: 'best' }
  | { readonly kind: 'all' }
  /** A lock id, an entrance id, or an entrance name (case-insensitive). */
  | { readonly kind: 'named'; readonly name: string };

/** The loop's inputs: a central, a key holder, which locks, and tuning. */
export interface AccessNearbyOptions {
  readonly central: Central;
  readonly keyHolder: KeyHolder;
  readonly target: AccessTarget;
  /** Floors to ask elevators for; default: every floor the credential allows. With `best`, an elevator is chosen. */
  readonly floors?: readonly number[];
  readonly scanTimeoutMs?: number;
  readonly minRssi?: number;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Human progress lines ("scanning…"), for a CLI or a page. */
  readonly onProgress?: (message: string) => void;
  readonly attempts?: number;
  readonly connectTimeoutMs?: number;
  readonly mtu?: number;
  readonly responseMode?: ResponseMode;
  /** Milestones, for latency breakdowns: 'scanned' once, then each connection's phases. */
  readonly onPhase?: (phase: 'scanned' | AccessPhase, lockId?: string) => void;
  /** Every protocol message of every connection, with the lock it went to or came from. */
  readonly onWire?: (direction: 'sent' | 'received', message: Uint8Array, lockId: string) => void;
}

/** One attempt with the entrance it was for. */
export interface AccessOutcome extends AccessAttempt {
  readonly entrance: EntranceInfo;
  /** True when the credentials were reloaded and the attempt repeated. */
  readonly refreshed: boolean;
}

/** What one run of the loop found and did. */
export interface AccessReport {
  /** Every keyrig lock heard, best RSSI first. */
  readonly nearby: readonly NearbyLock[];
  /** How many of them the credentials open. */
  readonly eligible: number;
  readonly outcomes: readonly AccessOutcome[];
  /** What the cloud made of the audit upload, or why it failed. */
  readonly audit: { readonly uploaded: number; readonly recorded: number } | { readonly error: string } | null;
  /** Why nothing was attempted (no eligible lock, the named lock not around…), else null. */
  readonly notFound: string | null;
}

/** Runs the loop once; denials and BLE trouble come back as outcomes, cloud errors throw. */
export async function accessNearby(options: AccessNearbyOptions): Promise<AccessReport> {
  const logger = (options.logger ?? silentLogger).child({ component: 'access' });
  const clock = options.clock ?? systemClock;
  const progress = options.onProgress ?? (() => {});
  let wallet = await options.keyHolder.ensureFresh();
  if (wallet.credentials.length === 0) {
    return { nearby: [], eligible: 0, outcomes: [], audit: null, notFound: 'the instant key holds no credentials (no current access grant)' };
  }
  const wanted = options.target.kind === 'named' ? resolveNamed(wallet, options.target.name) : undefined;
  if (wanted && wanted.size === 0) {
    const name = (options.target as { name: string }).name;
    return { nearby: [], eligible: 0, outcomes: [], audit: null, notFound: `no credential opens "${name}"` };
  }
  const timeoutMs = options.scanTimeoutMs ?? 3000;
  progress(`scanning for locks (up to ${(timeoutMs / 1000).toFixed(1)} s)`);
  // Stop as soon as every named lock was heard with its scan response. Each sighting is looked at
  // once as it comes (not the whole map on every report: with hundreds of locks advertising, that
  // grew with reports × locks).
  const heard = new Set<string>();
  const sightings = await options.central.scan({
    timeoutMs,
    ...(options.minRssi !== undefined ? { minRssi: options.minRssi } : {}),
    ...(wanted
      ? {
          onSighting: (s: Sighting) => {
            for (const n of findNearbyLocks([s])) if (wanted.has(n.lockId)) heard.add(n.lockId);
          },
          until: () => heard.size === wanted.size,
        }
      : {}),
  });
  options.onPhase?.('scanned');
  const nearby = findNearbyLocks(sightings);
  const eligible = matchEligibleLocks(nearby, wallet.credentials, clock.now());
  logger.info({ nearby: nearby.length, eligible: eligible.length }, 'scan done');
  const targets = pickTargets(eligible, options.target, wanted, options.floors);
  if (targets.length === 0) {
    const why =
      eligible.length === 0
        ? `no eligible lock in range (${nearby.length} keyrig lock(s) heard)`
        : `the requested lock is not in range (${eligible.length} eligible lock(s) heard)`;
    return { nearby, eligible: eligible.length, outcomes: [], audit: null, notFound: why };
  }
  const outcomes: AccessOutcome[] = [];
  for (const target of targets) {
    const action = actionFor(target.credential, options.floors);
    progress(`${action.op === 'unlock' ? 'unlocking' : `selecting floor(s) ${action.floors.join(', ')} at`} ${target.credential.entrance.name}`);
    let current = target;
    let refreshed = false;
    let attempt = await attempt1(options, current, action, wallet, clock, logger);
    if (attempt.code === ResultCode.SUPERSEDED || attempt.code === ResultCode.STALE_BLOB) {
      // P3: the lock knows a newer document than ours (SUPERSEDED: the cloud reissued) or, an older
      // lock, a newer blocklist (STALE_BLOB). Reload; retry once only when the reload changed what
      // we would present. A failed reload or the same material ends with the lock's answer: one
      // refusal audited, not two identical ones.
      progress(`${current.credential.entrance.name} answered ${attempt.codeName}: reloading credentials`);
      const reloaded = await options.keyHolder.loadCredentials().then(
        (r) => r.wallet,
        (err: unknown) => {
          logger.warn({ err: (err as Error).message }, 'reload failed: the lock\'s answer stands');
          return undefined;
        },
      );
      if (reloaded !== undefined) {
        const prior = wallet;
        wallet = reloaded;
        const again = matchEligibleLocks([target.lock], wallet.credentials, clock.now())[0];
        const newDocument = again !== undefined && again.credential.document.credentialId !== current.credential.document.credentialId;
        const newBlocklist = attempt.code === ResultCode.STALE_BLOB && wallet.blocklistVersion > prior.blocklistVersion;
        if (again !== undefined && (newDocument || newBlocklist)) {
          current = again;
          refreshed = true;
          attempt = await attempt1(options, current, action, wallet, clock, logger);
        } else {
          logger.info({ code: attempt.codeName }, 'reload changed nothing to present: the lock\'s answer stands');
        }
      }
    }
    // P2: refused on time (NOT_YET_VALID, EXPIRED) while another held document is the choice at
    // the lock's time (SESSION_READY): one more connection with it; its answer is the result.
    const atLockTime = documentForLockTime(wallet.credentials, target.lock.lockId, {
      codeName: attempt.codeName,
      presentedId: current.credential.document.credentialId,
      lockTime: attempt.lockTime,
    });
    if (atLockTime !== undefined) {
      logger.info({ code: attempt.codeName, lockTime: attempt.lockTime, credentialId: atLockTime.document.credentialId }, 'presenting the document valid at the lock\'s time');
      current = { lock: target.lock, credential: atLockTime };
      attempt = await attempt1(options, current, action, wallet, clock, logger);
    }
    outcomes.push({ ...attempt, entrance: current.credential.entrance, refreshed });
    progress(`${target.credential.entrance.name}: ${attempt.outcome}${attempt.codeName ? ` (${attempt.codeName})` : ''}`);
  }
  const audit = await upload(options.keyHolder, outcomes, logger);
  return { nearby, eligible: eligible.length, outcomes, audit, notFound: null };
}

/** One attempt; the phone carries the wallet's time sync when allowed and the courier agrees (§9). */
async function attempt1(
  o: AccessNearbyOptions,
  target: EligibleLock<WalletCredential>,
  action: AccessAction,
  wallet: CredentialWallet,
  clock: Clock,
  logger: Logger,
): Promise<AccessAttempt> {
  const courier = o.keyHolder.courier;
  const lockId = target.lock.lockId;
  const timeSync = courier.timeSyncFor(lockId, wallet.timeSync, clock.now());
  const attempt = await attemptAccessWith(o, target, action, wallet, clock, logger, timeSync);
  // Past PHONE_AUTH (any answer but a refused blob or no answer): the lock took the time sync.
  if (timeSync && attempt.code !== null && attempt.code !== ResultCode.STALE_BLOB && attempt.code !== ResultCode.WRONG_LOCK) {
    courier.delivered(lockId, timeSync);
  }
  return attempt;
}

function attemptAccessWith(
  o: AccessNearbyOptions,
  target: EligibleLock<WalletCredential>,
  action: AccessAction,
  wallet: CredentialWallet,
  clock: Clock,
  logger: Logger,
  timeSync: Uint8Array | undefined,
): Promise<AccessAttempt> {
  return attemptAccess({
    central: o.central,
    lock: target.lock,
    action,
    material: {
      credential: target.credential,
      endpointKey: o.keyHolder.endpointKey,
      providerKeys: wallet.providerKeys,
      blocklist: wallet.blocklist,
      ...(timeSync ? { timeSync, timeSyncReceivedAt: wallet.timeSyncReceivedAt } : {}),
    },
    clock,
    logger,
    ...(o.attempts !== undefined ? { attempts: o.attempts } : {}),
    ...(o.connectTimeoutMs !== undefined ? { connectTimeoutMs: o.connectTimeoutMs } : {}),
    ...(o.mtu !== undefined ? { mtu: o.mtu } : {}),
    ...(o.responseMode !== undefined ? { responseMode: o.responseMode } : {}),
    ...(o.onPhase ? { onPhase: (phase: AccessPhase) => o.onPhase!(phase, target.lock.lockId) } : {}),
    ...(o.onWire ? { onWire: (direction: 'sent' | 'received', m: Uint8Array) => o.onWire!(direction, m, target.lock.lockId) } : {}),
  });
}

/** Lock ids a name stands for: a lock id, an entrance id or an entrance name of a held credential. */
function resolveNamed(wallet: CredentialWallet, name: string): Set<string> {
  const n = name.trim().toLowerCase();
  const ids = new Set<string>();
  for (const c of wallet.credentials) {
    const e = c.entrance;
    if (e.acsEntranceId.toLowerCase() === n || e.name.toLowerCase() === n) e.lockIds.forEach((l) => ids.add(l));
    for (const l of e.lockIds) if (l.toLowerCase() === n) ids.add(l);
  }
  return ids;
}

function pickTargets(
  eligible: EligibleLock<WalletCredential>[],
  target: AccessTarget,
  wanted: Set<string> | undefined,
  floors: readonly number[] | undefined,
): EligibleLock<WalletCredential>[] {
  if (target.kind === 'all') return eligible;
  if (target.kind === 'named') return eligible.filter((e) => wanted!.has(e.lock.lockId)).slice(0, 1);
  // best: the strongest eligible lock; with floors, the strongest elevator.
  const pool = floors && floors.length > 0 ? eligible.filter((e) => e.lock.lockType === 'elevator') : eligible;
  return pool.slice(0, 1);
}

function actionFor(credential: WalletCredential, floors: readonly number[] | undefined): AccessAction {
  if (credential.entrance.type !== 'elevator') return { op: 'unlock' };
  const wanted = floors && floors.length > 0 ? floors : credential.document.floors;
  return { op: 'selectFloors', floors: wanted };
}

async function upload(keyHolder: KeyHolder, outcomes: readonly AccessOutcome[], logger: Logger): Promise<AccessReport['audit']> {
  const audits = outcomes.filter((o) => o.auditRecords.length > 0).map((o) => ({ lockId: o.lockId, records: o.auditRecords }));
  if (audits.length === 0) return null;
  try {
    const r = await keyHolder.uploadAudit(audits);
    return r ? { uploaded: r.received, recorded: r.recorded } : null;
  } catch (err) {
    logger.warn({ err: (err as Error).message }, 'audit upload failed');
    return { error: (err as Error).message };
  }
}
