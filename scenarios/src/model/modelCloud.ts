/**
 * The access cloud as the model sees it, written from docs/CLOUD.md (grants, key sequences,
 * revocation and the blocklist, instant keys, the credential bundle) and the issue #16 rules
 * C1–C3. Pure state; time is passed in. Handles are the history's own names.
 */
import type { EntranceKey, HistoryStep } from './history.js';
import { DEFAULT_KEY_LIFETIME_MS, MODEL_ENTRANCES } from './modelProperty.js';

type Step<K extends HistoryStep['do']> = Extract<HistoryStep, { do: K }>;

export interface ModelGrant {
  readonly handle: string;
  readonly guest: string;
  entrances: EntranceKey[];
  readonly startsAt: number;
  endsAt: number;
  /** Elevator floors of the documents: the grant's floors ∩ the elevator's (CLOUD.md load). */
  readonly floors: readonly number[];
  readonly keyMode: 'override' | 'joiner';
  readonly maxUseCount: number | undefined;
  /** The grant's key sequence per guest-room door (CLOUD.md "Key sequences"). */
  readonly seqs: Map<EntranceKey, number>;
  deleted: boolean;
}

/** One signed credential document (PROTOCOL.md §6) as far as access decisions need it. */
export interface ModelDoc {
  readonly id: string;
  readonly endpoint: string;
  readonly grant: string;
  readonly entrance: EntranceKey;
  readonly notBefore: number;
  readonly notAfter: number;
  /** Key sequence for the entrance's lock; undefined = none (not subject to supersession). */
  readonly seq: number | undefined;
  readonly floors: readonly number[];
  readonly issuedAt: number;
}

export interface BlocklistSnapshot {
  readonly version: number;
  readonly ids: ReadonlySet<string>;
}

export interface ModelKey {
  readonly handle: string;
  readonly guest: string;
  readonly maxUseCount: number;
  expiresAt: number;
  /** Grants the key follows (C1). */
  readonly covered: Set<string>;
  deleted: boolean;
  /** Endpoints registered under this key ("phone@key"), each used one of max_use_count. */
  readonly endpoints: Set<string>;
  /** client_sessions/revoke ended the key's one client session: the link opens no more (403). */
  sessionRevoked: boolean;
}

export interface Bundle {
  readonly docs: readonly ModelDoc[];
  readonly blocklist: BlocklistSnapshot;
  /** The time sync's signing time (cloud time at load). */
  readonly timeSync: number;
}

export type CloudResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string; readonly why: string };

interface Session {
  readonly key: string;
  readonly endpoint: string;
  revoked: boolean;
}

export class ModelCloud {
  readonly guests = new Map<string, { deleted: boolean }>();
  readonly grants = new Map<string, ModelGrant>();
  readonly keys = new Map<string, ModelKey>();
  private readonly doorCounters = new Map<EntranceKey, number>();
  private readonly sessions = new Map<string, Session>();
  /** Current document per endpoint × grant × entrance lineage. */
  private readonly lineage = new Map<string, ModelDoc>();
  /** Every document ever delivered. */
  private readonly issued: ModelDoc[] = [];
  /** Revoked credential id → its not-after (it drops off the list once expired). */
  private readonly revoked = new Map<string, number>();
  private blocklistVersion = 0;
  private docCounter = 0;
  private sessionCounter = 0;

  addGuest(handle: string): void {
    if (this.guests.has(handle)) throw new Error(`history introduces guest "${handle}" twice`);
    this.guests.set(handle, { deleted: false });
  }

  private guest(handle: string): { deleted: boolean } {
    return known(this.guests.get(handle), 'guest', handle);
  }

  private grant(handle: string): ModelGrant {
    return known(this.grants.get(handle), 'grant', handle);
  }

  private key(handle: string): ModelKey {
    return known(this.keys.get(handle), 'instant key', handle);
  }

  createGrant(s: Step<'grant'>, now: number): void {
    if (this.grants.has(s.grant)) throw new Error(`history introduces grant "${s.grant}" twice`);
    const refused = this.guest(s.guest).deleted || s.entrances.length === 0 || s.durationMs <= 0; // 404 / 400
    const startsAt = now + s.startsInMs;
    const served = MODEL_ENTRANCES.elevator.floors;
    const floors = s.floors === undefined ? [...served] : served.filter((f) => s.floors!.includes(f));
    const grant: ModelGrant = {
      handle: s.grant, guest: s.guest, entrances: [...new Set(s.entrances)], startsAt, endsAt: startsAt + s.durationMs,
      floors, keyMode: s.keyMode ?? 'override', maxUseCount: s.maxUseCount, seqs: new Map(), deleted: refused,
    };
    this.grants.set(s.grant, grant); // a refused grant is kept as deleted: later steps naming it are no-ops
    if (refused) return;
    for (const e of grant.entrances) this.assignSequence(grant, e);
    // C1: a following key still valid now covers a grant created for its identity.
    for (const key of this.keys.values()) {
      if (key.guest === s.guest && !key.deleted && now < key.expiresAt) {
        key.covered.add(s.grant);
        this.recomputeExpiry(key);
      }
    }
  }

  /** CLOUD.md "Key sequences": override = the door's counter + 1 (the new counter), joiner = the counter (0 before any override). */
  private assignSequence(grant: ModelGrant, e: EntranceKey): void {
    if (!MODEL_ENTRANCES[e].guestDoor) return;
    const counter = this.doorCounters.get(e) ?? 0;
    if (grant.keyMode === 'override') {
      this.doorCounters.set(e, counter + 1);
      grant.seqs.set(e, counter + 1);
    } else grant.seqs.set(e, counter);
  }

  updateGrant(s: Step<'updateGrant'>, now: number): void {
    const g = this.grant(s.grant);
    if (g.deleted) return; // 404
    const newEnd = s.endsInMs === undefined ? g.endsAt : now + s.endsInMs;
    const newEntrances = s.entrances === undefined ? g.entrances : [...new Set(s.entrances)];
    if (newEnd <= g.startsAt || newEntrances.length === 0) return; // 400: ends before it starts / no entrance
    const dropped = g.entrances.filter((e) => !newEntrances.includes(e));
    const added = newEntrances.filter((e) => !g.entrances.includes(e));
    // Revocation table: shortening revokes what the new window no longer covers, dropping revokes that entrance.
    this.revoke((d) => d.grant === g.handle && (d.notAfter > newEnd || dropped.includes(d.entrance)), now);
    for (const e of dropped) g.seqs.delete(e);
    g.entrances = newEntrances;
    for (const e of added) this.assignSequence(g, e);
    g.endsAt = newEnd;
    // C1: recomputed when a covered grant is updated, even after the key expired.
    for (const key of this.keys.values()) if (!key.deleted && key.covered.has(g.handle)) this.recomputeExpiry(key);
  }

  deleteGrant(handle: string, now: number): void {
    const g = this.grant(handle);
    if (g.deleted) return;
    g.deleted = true;
    this.revoke((d) => d.grant === handle, now);
    for (const key of this.keys.values()) if (!key.deleted && key.covered.has(handle)) this.recomputeExpiry(key);
  }

  deleteGuest(handle: string, now: number): void {
    const guest = this.guest(handle);
    if (guest.deleted) return;
    guest.deleted = true;
    const grants = [...this.grants.values()].filter((g) => g.guest === handle && !g.deleted);
    const keys = [...this.keys.values()].filter((k) => k.guest === handle && !k.deleted);
    for (const g of grants) g.deleted = true;
    for (const k of keys) k.deleted = true;
    const endpoints = new Set(keys.flatMap((k) => [...k.endpoints]));
    // One transaction, one bump: every document of its grants and of its keys' devices.
    this.revoke((d) => grants.some((g) => g.handle === d.grant) || endpoints.has(d.endpoint), now);
  }

  createKey(s: Step<'instantKey'>, now: number): void {
    if (this.keys.has(s.key)) throw new Error(`history introduces instant key "${s.key}" twice`);
    const refused = this.guest(s.guest).deleted; // 404: kept as a deleted key (its link is unknown: 401)
    const own = [...this.grants.values()].filter((g) => g.guest === s.guest && !g.deleted);
    // C2: default = the largest instant_key_max_use_count among grants not ended now, else 1.
    const counts = own.filter((g) => g.endsAt > now && g.maxUseCount !== undefined).map((g) => g.maxUseCount!);
    const maxUseCount = s.maxUseCount ?? (counts.length > 0 ? Math.max(...counts) : 1);
    const key: ModelKey = {
      handle: s.key, guest: s.guest, maxUseCount, expiresAt: now + DEFAULT_KEY_LIFETIME_MS,
      covered: new Set(own.map((g) => g.handle)), deleted: refused, endpoints: new Set(), sessionRevoked: false,
    };
    this.recomputeExpiry(key);
    // Issued when every covered grant has ended (or there is none): 7 days from now (CLOUD.md "Instant key expiry").
    if (key.expiresAt <= now) key.expiresAt = now + DEFAULT_KEY_LIFETIME_MS;
    this.keys.set(s.key, key);
  }

  /** C1: the latest ends_at of the covered grants not deleted; none left = unchanged. */
  private recomputeExpiry(key: ModelKey): void {
    const ends = [...key.covered].map((h) => this.grants.get(h)!).filter((g) => !g.deleted).map((g) => g.endsAt);
    if (ends.length > 0) key.expiresAt = Math.max(...ends);
  }

  deleteKey(handle: string, now: number): void {
    const key = this.key(handle);
    if (key.deleted) return;
    key.deleted = true;
    for (const s of this.sessions.values()) if (s.key === handle) s.revoked = true;
    this.revoke((d) => key.endpoints.has(d.endpoint), now);
  }

  /**
   * client_sessions/revoke: an instant key has one client session (every device that opened the
   * link shares it), so revoking it blocklists the documents of all the key's devices, refuses
   * their tokens (401) and the link itself (403 client_session_revoked on open).
   */
  revokeSession(sessionId: string, now: number): void {
    const s = this.sessions.get(sessionId);
    const key = s === undefined ? undefined : this.keys.get(s.key);
    if (key === undefined || key.sessionRevoked) return;
    key.sessionRevoked = true;
    for (const other of this.sessions.values()) if (other.key === key.handle) other.revoked = true;
    this.revoke((d) => key.endpoints.has(d.endpoint), now);
  }

  /** instant_keys/open + endpoints/register (CLOUD.md key-holder flow 2–3): a new session id. */
  open(phone: string, keyHandle: string, now: number): CloudResult<{ session: string; endpoint: string }> {
    const key = this.key(keyHandle);
    if (key.deleted) return { ok: false, error: 'unauthorized', why: `key ${keyHandle} deleted (401)` };
    if (now >= key.expiresAt) return { ok: false, error: 'instant_key_expired', why: `key ${keyHandle} expired at ${iso(key.expiresAt)}` };
    if (key.sessionRevoked) return { ok: false, error: 'client_session_revoked', why: `key ${keyHandle}: its client session was revoked (403)` };
    const endpoint = `${phone}@${keyHandle}`;
    if (!key.endpoints.has(endpoint)) {
      if (key.endpoints.size >= key.maxUseCount) {
        return { ok: false, error: 'max_use_count_reached', why: `key ${keyHandle}: ${key.endpoints.size}/${key.maxUseCount} devices` };
      }
      key.endpoints.add(endpoint);
    }
    const session = `s${++this.sessionCounter}`;
    this.sessions.set(session, { key: keyHandle, endpoint, revoked: false });
    return { ok: true, value: { session, endpoint } };
  }

  /** phone/credentials/load (CLOUD.md key-holder flow 4, C3). */
  load(sessionId: string, now: number): CloudResult<Bundle> {
    const s = this.sessions.get(sessionId);
    const key = s === undefined ? undefined : this.keys.get(s.key);
    if (s === undefined || key === undefined || s.revoked || key.deleted) return { ok: false, error: 'unauthorized', why: 'session revoked or key deleted (401)' };
    if (now >= key.expiresAt) return { ok: false, error: 'instant_key_expired', why: `key ${key.handle} expired at ${iso(key.expiresAt)} (403)` };
    const docs: ModelDoc[] = [];
    for (const g of this.grants.values()) {
      if (g.guest !== key.guest || g.deleted || g.endsAt <= now) continue; // current grants: not ended, future included
      for (const e of g.entrances) docs.push(this.document(s.endpoint, g, e, now));
    }
    return { ok: true, value: { docs, blocklist: this.blocklist(now), timeSync: now } };
  }

  /** The document of one lineage: reused while its content is unchanged and not revoked, else a new one. */
  private document(endpoint: string, g: ModelGrant, e: EntranceKey, now: number): ModelDoc {
    const lineageKey = `${endpoint}|${g.handle}|${e}`;
    const floors = e === 'elevator' ? g.floors : [];
    const seq = g.seqs.get(e);
    const old = this.lineage.get(lineageKey);
    if (old !== undefined && !this.revoked.has(old.id) && old.notBefore === g.startsAt && old.notAfter === g.endsAt && old.seq === seq && sameFloors(old.floors, floors)) {
      return old;
    }
    const doc: ModelDoc = {
      id: `doc${String(++this.docCounter).padStart(4, '0')}`, endpoint, grant: g.handle, entrance: e,
      notBefore: g.startsAt, notAfter: g.endsAt, seq, floors, issuedAt: now,
    };
    this.lineage.set(lineageKey, doc);
    this.issued.push(doc);
    return doc;
  }

  /** The signed, complete blocklist at `now`: revoked documents not yet expired (CLOUD.md). */
  blocklist(now: number): BlocklistSnapshot {
    const ids = new Set<string>();
    for (const [id, notAfter] of this.revoked) if (notAfter > now) ids.add(id);
    return { version: this.blocklistVersion, ids };
  }

  /** Puts every issued, not-yet-expired document matching `which` on the list; one bump when any was added. */
  private revoke(which: (d: ModelDoc) => boolean, now: number): void {
    let added = 0;
    for (const d of this.issued) {
      if (which(d) && d.notAfter > now && !this.revoked.has(d.id)) {
        this.revoked.set(d.id, d.notAfter);
        added++;
      }
    }
    if (added > 0) this.blocklistVersion++;
  }
}

/** A handle no step introduced is a bug of the history's generator, not an outcome (history.ts). */
function known<T>(value: T | undefined, what: string, handle: string): T {
  if (value === undefined) throw new Error(`history refers to unknown ${what} "${handle}"`);
  return value;
}

function sameFloors(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((f, i) => f === b[i]);
}

export function iso(t: number): string {
  return new Date(t).toISOString();
}
