/**
 * Which held document the app presents to a lock (docs/CLIENT.md "Which document is presented",
 * issue #16 P1/P2). One pure rule, used by the noble client (nearby.ts, accessNearby.ts) and the
 * web app (web/unlockEntrance.ts).
 *
 * P1, at time t (the phone's clock): among the documents listing the lock, those valid at t
 * (notBefore <= t < notAfter) come first, ordered by highest key sequence for that lock (none =
 * lowest), then latest notAfter, then latest issuedAt, then credential id (lexicographic, lowest).
 * When none is valid at t: the one with the earliest notBefore among those not yet valid; when all
 * have ended: the latest notAfter (ties in both cases broken by the order above).
 */

/** The fields of a credential document the choice reads (a `HeldCredential` fits). */
export interface ChoosableDocument {
  readonly credentialId: string;
  readonly entrances: readonly string[];
  readonly issuedAt: number;
  readonly notBefore: number;
  readonly notAfter: number;
  /** Per-lock key sequence (PROTOCOL.md §6); absent for locks without supersession. */
  readonly keySequences?: Readonly<Record<string, number>>;
}

export interface Choosable {
  readonly document: ChoosableDocument;
}

/** Negative when `a` is preferred over `b` among documents in the same validity class. */
function preference(lockId: string): (a: Choosable, b: Choosable) => number {
  const seq = (c: Choosable) => c.document.keySequences?.[lockId] ?? -Infinity;
  return (a, b) => {
    const A = a.document;
    const B = b.document;
    if (seq(a) !== seq(b)) return seq(a) > seq(b) ? -1 : 1;
    if (A.notAfter !== B.notAfter) return B.notAfter - A.notAfter;
    if (A.issuedAt !== B.issuedAt) return B.issuedAt - A.issuedAt;
    return A.credentialId < B.credentialId ? -1 : A.credentialId > B.credentialId ? 1 : 0;
  };
}

function best<C extends Choosable>(items: readonly C[], compare: (a: C, b: C) => number): C | undefined {
  let chosen: C | undefined;
  for (const c of items) if (chosen === undefined || compare(c, chosen) < 0) chosen = c;
  return chosen;
}

/** The P1 choice among `held` for `lockId` at time `t`; undefined when none lists the lock. */
export function chooseDocument<C extends Choosable>(held: readonly C[], lockId: string, t: number): C | undefined {
  if (!Number.isFinite(t)) throw new RangeError(`chooseDocument: t must be a finite time in ms, got ${t}`);
  const forLock = held.filter((c) => c.document.entrances.includes(lockId));
  const pref = preference(lockId);
  const valid = forLock.filter((c) => c.document.notBefore <= t && t < c.document.notAfter);
  if (valid.length > 0) return best(valid, pref);
  const future = forLock.filter((c) => t < c.document.notBefore);
  if (future.length > 0) return best(future, (a, b) => a.document.notBefore - b.document.notBefore || pref(a, b));
  return best(forLock, (a, b) => b.document.notAfter - a.document.notAfter || pref(a, b));
}

/** Result codes that P2 answers by looking at the lock's time (PROTOCOL.md §7.5 rows 9, 10). */
const TIME_REFUSALS: ReadonlySet<string> = new Set(['NOT_YET_VALID', 'EXPIRED']);

/**
 * P2: the lock refused the presented document as NOT_YET_VALID or EXPIRED and told its time in
 * SESSION_READY. Returns the document to reconnect with once — the P1 choice at the lock's time —
 * when that is another held document; else undefined (the lock's answer stands). A lock time of
 * 0 (clock unset) or missing tells nothing.
 */
export function documentForLockTime<C extends Choosable>(
  held: readonly C[],
  lockId: string,
  refusal: { readonly codeName: string | null; readonly presentedId: string; readonly lockTime: number | undefined },
): C | undefined {
  if (refusal.codeName === null || !TIME_REFUSALS.has(refusal.codeName)) return undefined;
  if (refusal.lockTime === undefined || refusal.lockTime <= 0) return undefined;
  const atLock = chooseDocument(held, lockId, refusal.lockTime);
  return atLock !== undefined && atLock.document.credentialId !== refusal.presentedId ? atLock : undefined;
}
