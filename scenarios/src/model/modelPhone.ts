/**
 * The key holder's phone as the model sees it, written from CLIENT.md (key-holder flow, wallet
 * freshness, carrying blobs, finding and opening locks) and the issue #16 rules P1–P3.
 */
import type { EntranceKey } from './history.js';
import type { BlocklistSnapshot, Bundle, ModelCloud, ModelDoc } from './modelCloud.js';
import type { LockCommand, ModelLock } from './modelLock.js';
import { MAX_WALLET_AGE_MS, MODEL_ENTRANCES, TIME_SYNC_CARRY_MS } from './modelProperty.js';

export interface Wallet {
  readonly docs: readonly ModelDoc[];
  readonly blocklist: BlocklistSnapshot;
  readonly timeSync: { readonly time: number; readonly receivedAt: number; readonly carriedTo: Set<EntranceKey> };
  /** Phone time of the last successful load. */
  readonly loadedAt: number;
}

export class ModelPhone {
  online = true;
  session: string | undefined;
  wallet: Wallet | undefined;
  constructor(readonly handle: string) {}
}

export interface StepResult {
  readonly outcome: string;
  readonly why: string;
}

function walletOf(bundle: Bundle, now: number): Wallet {
  return { docs: bundle.docs, blocklist: bundle.blocklist, timeSync: { time: bundle.timeSync, receivedAt: now, carriedTo: new Set() }, loadedAt: now };
}

/** open: instant_keys/open, register, first load. A failed open leaves the phone as it was. */
export function openKey(phone: ModelPhone, key: string, cloud: ModelCloud, now: number): StepResult {
  if (!phone.online) return { outcome: 'offline', why: `${phone.handle} offline` };
  const opened = cloud.open(phone.handle, key, now);
  if (!opened.ok) return { outcome: opened.error, why: opened.why };
  const loaded = cloud.load(opened.value.session, now);
  if (!loaded.ok) return { outcome: loaded.error, why: loaded.why };
  phone.session = opened.value.session;
  phone.wallet = walletOf(loaded.value, now);
  return { outcome: 'ok', why: `${phone.handle} opened ${key}: ${describeWallet(phone.wallet)}` };
}

/** reload: 'ok', 'offline' or the cloud's error type; a failed reload keeps what is held (CLIENT.md 5). */
export function reload(phone: ModelPhone, cloud: ModelCloud, now: number): StepResult {
  // A phone without a key has nothing to reload: the app does not try the network.
  if (phone.session === undefined) return { outcome: 'no_key', why: `${phone.handle} never opened a key` };
  if (!phone.online) return { outcome: 'offline', why: `${phone.handle} offline` };
  const loaded = cloud.load(phone.session, now);
  if (!loaded.ok) return { outcome: loaded.error, why: loaded.why };
  phone.wallet = walletOf(loaded.value, now);
  return { outcome: 'ok', why: `${phone.handle} reloaded: ${describeWallet(phone.wallet)}` };
}

function describeWallet(w: Wallet): string {
  return `${w.docs.length} docs [${w.docs.map((d) => `${d.id}:${d.grant}/${d.entrance}`).join(' ')}], blocklist v${w.blocklist.version}`;
}

/** P1: the document to present for `entrance` at time `t`, or undefined when none is held. */
export function chooseDocument(docs: readonly ModelDoc[], entrance: EntranceKey, t: number): ModelDoc | undefined {
  const mine = docs.filter((d) => d.entrance === entrance);
  const rank = (a: ModelDoc, b: ModelDoc): number =>
    (b.seq ?? -1) - (a.seq ?? -1) || b.notAfter - a.notAfter || b.issuedAt - a.issuedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const valid = mine.filter((d) => d.notBefore <= t && t < d.notAfter).sort(rank);
  if (valid.length > 0) return valid[0];
  const future = mine.filter((d) => d.notBefore > t).sort((a, b) => a.notBefore - b.notBefore || rank(a, b));
  if (future.length > 0) return future[0];
  return [...mine].sort((a, b) => b.notAfter - a.notAfter || rank(a, b))[0];
}

interface Attempt {
  readonly code: string;
  readonly lockTime: number | undefined;
  readonly why: string;
}

/** One connection: PHONE_AUTH with the document and blobs (§7.5 rows 9–10), then one COMMAND (§7.7). */
function connect(lock: ModelLock, doc: ModelDoc, blocklist: BlocklistSnapshot | undefined, sync: { time: number; age: number } | undefined, command: LockCommand, now: number): Attempt {
  const notes = [lock.offerBlocklist(blocklist)];
  if (sync !== undefined) notes.push(lock.offerTimeSync(sync.time, sync.age, now));
  const lockTime = lock.time(now);
  const d = lock.decide(doc, command, now);
  return { code: d.code, lockTime, why: `${lock.entrance}: ${doc.id} (${doc.grant}); ${notes.join('; ')}; ${d.why}: ${d.code}` };
}

/** CLIENT.md "Carrying blobs": a time sync goes to a lock once, and only while fresh (15 min), with its age. */
function syncToCarry(wallet: Wallet, entrance: EntranceKey, now: number): { time: number; age: number } | undefined {
  const age = now - wallet.timeSync.receivedAt;
  if (age > TIME_SYNC_CARRY_MS || wallet.timeSync.carriedTo.has(entrance)) return undefined;
  wallet.timeSync.carriedTo.add(entrance);
  return { time: wallet.timeSync.time, age };
}

function commandFor(entrance: EntranceKey, doc: ModelDoc, floors: readonly number[] | undefined): LockCommand {
  if (MODEL_ENTRANCES[entrance].type !== 'elevator') return { op: 'unlock' };
  const requested = floors !== undefined && floors.length > 0 ? floors : doc.floors;
  return requested.length > 0 ? { op: 'floors', floors: requested } : { op: 'unlock' };
}

/** The user taps unlock at `entrance`: fresh wallet, P1 choice, one attempt, then P2 or P3. */
export function unlock(phone: ModelPhone, entrance: EntranceKey, floors: readonly number[] | undefined, cloud: ModelCloud, lock: ModelLock, now: number): StepResult {
  const notes: string[] = [];
  if (phone.session !== undefined && phone.wallet !== undefined && now - phone.wallet.loadedAt > MAX_WALLET_AGE_MS) {
    const r = reload(phone, cloud, now); // ensureFresh: the wallet is older than 15 min
    notes.push(`wallet old, reload ${r.outcome}`);
  }
  const wallet = phone.wallet;
  const doc = wallet === undefined ? undefined : chooseDocument(wallet.docs, entrance, now);
  if (wallet === undefined || doc === undefined) return { outcome: 'NO_CREDENTIAL', why: [...notes, `${phone.handle} holds no document for ${entrance}`].join('; ') };
  const first = connect(lock, doc, wallet.blocklist, syncToCarry(wallet, entrance, now), commandFor(entrance, doc, floors), now);
  notes.push(first.why);
  if ((first.code === 'NOT_YET_VALID' || first.code === 'EXPIRED') && first.lockTime !== undefined) {
    const other = chooseDocument(wallet.docs, entrance, first.lockTime);
    if (other !== undefined && other.id !== doc.id) {
      // P2: another held document is the choice at the lock's time: one more connection.
      const second = connect(lock, other, wallet.blocklist, syncToCarry(wallet, entrance, now), commandFor(entrance, other, floors), now);
      return { outcome: second.code, why: [...notes, `P2 retry: ${second.why}`].join('; ') };
    }
  }
  if (first.code === 'SUPERSEDED') {
    // P3: reload; retry once only when the reload succeeded and changed the document presented.
    const r = reload(phone, cloud, now);
    if (r.outcome !== 'ok' || phone.wallet === undefined) return { outcome: first.code, why: [...notes, `P3 reload ${r.outcome}: no retry`].join('; ') };
    const fresh = phone.wallet;
    const next = chooseDocument(fresh.docs, entrance, now);
    if (next === undefined || next.id === doc.id) return { outcome: first.code, why: [...notes, 'P3 reload ok, same choice: no retry'].join('; ') };
    const second = connect(lock, next, fresh.blocklist, syncToCarry(fresh, entrance, now), commandFor(entrance, next, floors), now);
    return { outcome: second.code, why: [...notes, `P3 retry: ${second.why}`].join('; ') };
  }
  return { outcome: first.code, why: notes.join('; ') };
}

/** The hostile step: one session at `entrance` presenting the document for `document`, the phone's blocklist, no time sync, no retry. */
export function present(phone: ModelPhone, entrance: EntranceKey, document: EntranceKey, lock: ModelLock, now: number): StepResult {
  const wallet = phone.wallet;
  const doc = wallet === undefined ? undefined : chooseDocument(wallet.docs, document, now);
  if (wallet === undefined || doc === undefined) return { outcome: 'NO_CREDENTIAL', why: `${phone.handle} holds no document for ${document}` };
  const a = connect(lock, doc, wallet.blocklist, undefined, commandFor(entrance, doc, undefined), now);
  return { outcome: a.code, why: `present at ${a.why}` };
}
