/**
 * fast-check arbitraries of whole-system histories (history.ts), biased to be interesting: 1–3
 * guests and phones, stays now and in the future, extensions (also after expiry), shortenings,
 * dropped entrances, deletes, forwarded links with max_use_count, offline phones, provisions at
 * any time, travel across stays, starts near the Berlin DST changes and the gym's hours, drift,
 * unset clocks, anti-passback, daily limits, floors, hostile `present`.
 *
 * Shrinking-safe by construction: fast-check generates and shrinks a list of *intents* (plain
 * numbers and choices); `materialize` turns any intent list into a valid history (handles are
 * introduced before use, grant windows stay valid), so every shrunk candidate is a history too.
 */
import fc from 'fast-check';
import { ENTRANCE_KEYS, type EntranceKey, type History, type HistoryLock, type HistorySetup, type HistoryStep } from './history.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** Europe/Berlin changes to summer time on the last Sunday of March, back on the last Sunday of October (01:00 UTC). */
export function berlinDstChanges(year: number): [number, number] {
  const lastSunday = (month: number) => {
    const last = new Date(Date.UTC(year, month + 1, 0));
    return Date.UTC(year, month, last.getUTCDate() - last.getUTCDay(), 1);
  };
  return [lastSunday(2), lastSunday(9)];
}

/** Where a history starts: near a DST change, near the gym's opening (06:00) or closing (22:00), or any time of 2026–2027. */
export const startArb: fc.Arbitrary<number> = fc.oneof(
  fc.tuple(fc.constantFrom(2026, 2027), fc.boolean(), fc.integer({ min: -2 * DAY, max: 12 * HOUR })).map(([y, autumn, d]) => berlinDstChanges(y)[autumn ? 1 : 0] + d),
  // 06:00 / 22:00 Berlin: 04:00 / 20:00 UTC in summer (June), 05:00 / 21:00 UTC in winter (January).
  fc.tuple(fc.boolean(), fc.boolean(), fc.integer({ min: 1, max: 28 }), fc.integer({ min: -90 * MIN, max: 30 * MIN })).map(([summer, night, day, d]) =>
    Date.UTC(2026, summer ? 5 : 0, day, (night ? 22 : 6) - (summer ? 2 : 1)) + d,
  ),
  fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 31) }),
);

const lockArb = (entrance: EntranceKey): fc.Arbitrary<HistoryLock> =>
  fc
    .record({
      driftPpm: fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.integer({ min: -400, max: 400 }) }),
      offsetMs: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.integer({ min: -10 * MIN, max: 10 * MIN }) }),
      antiPassbackMs: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 2_000, max: 5 * MIN }) }),
      maxUsesPerDay: entrance === 'gym' ? fc.option(fc.integer({ min: 1, max: 3 }), { freq: 2 }) : fc.constant(null),
      clockUnset: fc.oneof({ weight: 6, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    })
    .map(({ maxUsesPerDay, clockUnset, ...l }) => ({ ...l, ...(maxUsesPerDay !== null ? { maxUsesPerDay } : {}), ...(clockUnset ? { clockUnset } : {}) }));

export const setupArb: fc.Arbitrary<HistorySetup> = fc
  .record({ start: startArb, room101: lockArb('room101'), room102: lockArb('room102'), elevator: lockArb('elevator'), gym: lockArb('gym') })
  .map(({ start, ...locks }) => ({ start, locks }));

/** One step to be, with handles as indices (taken modulo what exists when it is materialized). */
export type Intent =
  | { readonly k: 'guest' }
  | { readonly k: 'grant'; readonly g: number; readonly mask: number; readonly startsInMs: number; readonly durationMs: number; readonly floors: number; readonly keyMode: number; readonly maxUseCount: number }
  | { readonly k: 'extend' | 'shorten'; readonly a: number; readonly ms: number }
  | { readonly k: 'drop'; readonly a: number; readonly mask: number }
  | { readonly k: 'deleteGrant' | 'deleteGuest' | 'deleteKey'; readonly a: number }
  | { readonly k: 'instantKey'; readonly g: number; readonly maxUseCount: number }
  | { readonly k: 'phone' }
  | { readonly k: 'open'; readonly p: number; readonly key: number }
  | { readonly k: 'revokeSession' | 'offline' | 'online' | 'reload'; readonly p: number }
  /** own > 0: an entrance the phone's guest was granted (the e-th of them), else entrance e. */
  | { readonly k: 'unlock'; readonly p: number; readonly e: number; readonly own: number; readonly floors: number }
  | { readonly k: 'present'; readonly p: number; readonly e: number; readonly d: number }
  | { readonly k: 'provision'; readonly e: number }
  | { readonly k: 'travel'; readonly ms: number }
  /** Another guest's whole check-in (guest, stay on rooms, key, phone that opens it): guests meet at doors. */
  | { readonly k: 'newStay'; readonly mask: number; readonly startsInMs: number; readonly durationMs: number; readonly keyMode: number };

const idx = fc.nat({ max: 5 });
const travelMs = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 1_000, max: 2 * HOUR }) },
  { weight: 3, arbitrary: fc.integer({ min: 2 * HOUR, max: DAY }) },
  { weight: 2, arbitrary: fc.integer({ min: DAY, max: 4 * DAY }) },
);
const w = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });

export const intentArb: fc.Arbitrary<Intent> = fc.oneof(
  w(3, fc.constant({ k: 'guest' as const })),
  w(
    5,
    fc.record({
      k: fc.constant('grant' as const),
      g: idx,
      mask: fc.integer({ min: 1, max: 15 }),
      startsInMs: fc.oneof(w(3, fc.constant(0)), w(2, fc.integer({ min: MIN, max: 3 * DAY }))),
      durationMs: fc.oneof(w(2, fc.integer({ min: 10 * MIN, max: 6 * HOUR })), w(3, fc.integer({ min: 6 * HOUR, max: 4 * DAY }))),
      floors: fc.nat({ max: 31 }),
      keyMode: fc.nat({ max: 5 }),
      maxUseCount: fc.nat({ max: 5 }),
    }),
  ),
  w(3, fc.record({ k: fc.constantFrom('extend' as const, 'shorten' as const), a: idx, ms: fc.integer({ min: 10 * MIN, max: 3 * DAY }) })),
  w(1, fc.record({ k: fc.constant('drop' as const), a: idx, mask: fc.integer({ min: 1, max: 15 }) })),
  w(2, fc.record({ k: fc.constantFrom('deleteGrant' as const, 'deleteGrant' as const, 'deleteGuest' as const, 'deleteKey' as const), a: idx })),
  w(3, fc.record({ k: fc.constant('instantKey' as const), g: idx, maxUseCount: fc.nat({ max: 4 }) })),
  w(3, fc.constant({ k: 'phone' as const })),
  w(5, fc.record({ k: fc.constant('open' as const), p: idx, key: idx })),
  w(5, fc.record({ k: fc.constantFrom('revokeSession' as const, 'offline' as const, 'offline' as const, 'online' as const, 'reload' as const), p: idx })),
  w(22, fc.record({ k: fc.constant('unlock' as const), p: idx, e: fc.nat({ max: 3 }), own: fc.nat({ max: 3 }), floors: fc.nat({ max: 31 }) })),
  w(3, fc.record({ k: fc.constant('present' as const), p: idx, e: fc.nat({ max: 3 }), d: fc.nat({ max: 3 }) })),
  w(3, fc.record({ k: fc.constant('provision' as const), e: fc.nat({ max: 3 }) })),
  w(6, fc.record({ k: fc.constant('travel' as const), ms: travelMs })),
  w(
    2,
    fc.record({
      k: fc.constant('newStay' as const),
      mask: fc.constantFrom(1, 1, 1, 3, 5, 7, 13, 2), // mostly room 101: guests meet at its door (override keys supersede)
      startsInMs: fc.oneof(w(3, fc.constant(0)), w(1, fc.integer({ min: MIN, max: DAY }))),
      durationMs: fc.integer({ min: HOUR, max: 3 * DAY }),
      keyMode: fc.nat({ max: 5 }),
    }),
  ),
);

interface GrantState {
  readonly name: string;
  readonly guest: string;
  startsAt: number;
  endsAt: number;
  entrances: EntranceKey[];
  deleted: boolean;
}

const entrancesOf = (mask: number): EntranceKey[] => ENTRANCE_KEYS.filter((_, i) => (mask >> i) & 1);
const floorsOf = (bits: number): number[] | undefined => (bits === 0 || bits >= 31 ? undefined : [1, 2, 3, 4, 5].filter((_, i) => (bits >> i) & 1));
const pick = <T>(xs: readonly T[], i: number): T | undefined => (xs.length === 0 ? undefined : xs[i % xs.length]);

/** Turns intents into a valid history: introduces handles on first need, keeps grant windows valid, caps the length. */
export function materialize(setup: HistorySetup, intents: readonly Intent[], maxSteps = 25): History {
  const steps: HistoryStep[] = [];
  let now = setup.start;
  const guests: { name: string; deleted: boolean }[] = [];
  const grants: GrantState[] = [];
  const keys: { name: string; guest: string }[] = [];
  const phones: string[] = [];
  /** The guest whose key each phone opened last (as far as the history knows: the open may be refused). */
  const phoneGuest = new Map<string, string>();
  const act = () => (now += 1000);
  const guest = (i: number): string => {
    const live = guests.filter((g) => !g.deleted);
    const g = pick(live, i);
    if (g) return g.name;
    const name = `g${guests.length + 1}`;
    guests.push({ name, deleted: false });
    steps.push({ do: 'guest', guest: name });
    return name;
  };
  const phone = (i: number): string => pick(phones, i) ?? newPhone();
  const newPhone = (): string => {
    const name = `p${phones.length + 1}`;
    phones.push(name);
    steps.push({ do: 'phone', phone: name });
    return name;
  };
  const liveGrant = (i: number) => pick(grants.filter((g) => !g.deleted), i);
  for (const it of intents) {
    if (steps.length >= maxSteps) break;
    switch (it.k) {
      case 'guest':
        if (guests.length < 3) guest(guests.length + 99);
        break;
      case 'grant': {
        const g = guest(it.g);
        const name = `a${grants.length + 1}`;
        const floors = floorsOf(it.floors);
        const entrances = entrancesOf(it.mask);
        const startsAt = now + it.startsInMs;
        grants.push({ name, guest: g, startsAt, endsAt: startsAt + it.durationMs, entrances, deleted: false });
        steps.push({
          do: 'grant', grant: name, guest: g, entrances, startsInMs: it.startsInMs, durationMs: it.durationMs,
          ...(floors && entrances.includes('elevator') ? { floors } : {}),
          ...(it.keyMode === 1 ? { keyMode: 'override' as const } : it.keyMode === 2 ? { keyMode: 'joiner' as const } : {}),
          ...(it.maxUseCount >= 1 && it.maxUseCount <= 3 ? { maxUseCount: it.maxUseCount } : {}),
        });
        break;
      }
      case 'extend':
      case 'shorten': {
        const a = liveGrant(it.a);
        if (!a) break;
        // Extension: later than both now and the current end; shortening: earlier than the end, never before the start.
        const ends = it.k === 'extend' ? Math.max(a.endsAt, now) + it.ms : Math.max(a.endsAt - it.ms, a.startsAt + MIN, now + MIN);
        if (it.k === 'shorten' && ends >= a.endsAt) break;
        a.endsAt = ends;
        steps.push({ do: 'updateGrant', grant: a.name, endsInMs: ends - now });
        break;
      }
      case 'drop': {
        const a = liveGrant(it.a);
        if (!a || a.entrances.length < 2) break;
        const kept = a.entrances.filter((e) => !entrancesOf(it.mask).includes(e));
        if (kept.length === 0 || kept.length === a.entrances.length) break;
        a.entrances = kept;
        steps.push({ do: 'updateGrant', grant: a.name, entrances: kept });
        break;
      }
      case 'deleteGrant': {
        const a = liveGrant(it.a);
        if (!a) break;
        a.deleted = true;
        steps.push({ do: 'deleteGrant', grant: a.name });
        break;
      }
      case 'deleteGuest': {
        const g = pick(guests.filter((x) => !x.deleted), it.a);
        if (!g) break;
        g.deleted = true;
        for (const a of grants) if (a.guest === g.name) a.deleted = true;
        steps.push({ do: 'deleteGuest', guest: g.name });
        break;
      }
      case 'deleteKey': {
        const k = pick(keys, it.a);
        if (k) steps.push({ do: 'deleteKey', key: k.name });
        break;
      }
      case 'instantKey': {
        const g = guest(it.g);
        const name = `k${keys.length + 1}`;
        keys.push({ name, guest: g });
        steps.push({ do: 'instantKey', key: name, guest: g, ...(it.maxUseCount >= 1 && it.maxUseCount <= 3 ? { maxUseCount: it.maxUseCount } : {}) });
        break;
      }
      case 'phone':
        if (phones.length < 3) newPhone();
        break;
      case 'open': {
        const k = pick(keys, it.key);
        if (!k) break;
        const p = phone(it.p);
        steps.push({ do: 'open', phone: p, key: k.name });
        phoneGuest.set(p, k.guest);
        act();
        break;
      }
      case 'revokeSession':
      case 'offline':
      case 'online':
        if (phones.length > 0) steps.push({ do: it.k, phone: phone(it.p) });
        break;
      case 'reload':
        if (phones.length === 0) break;
        steps.push({ do: 'reload', phone: phone(it.p) });
        act();
        break;
      case 'unlock': {
        const p = phone(it.p);
        const k = pick(keys, it.p);
        if (!phoneGuest.has(p) && k && steps.length < maxSteps - 1) {
          // A phone with no key yet opens one first (most unlocks should reach a lock with a document).
          steps.push({ do: 'open', phone: p, key: k.name });
          phoneGuest.set(p, k.guest);
          act();
        }
        const own = [...new Set(grants.filter((a) => a.guest === phoneGuest.get(p)).flatMap((a) => a.entrances))];
        const entrance = it.own > 0 && own.length > 0 ? own[it.e % own.length]! : ENTRANCE_KEYS[it.e]!;
        const floors = entrance === 'elevator' ? floorsOf(it.floors) : undefined;
        steps.push({ do: 'unlock', phone: p, entrance, ...(floors ? { floors } : {}) });
        act();
        break;
      }
      case 'present': {
        const entrance = ENTRANCE_KEYS[it.e]!;
        const document = ENTRANCE_KEYS[(it.e + 1 + (it.d % 3)) % 4]!;
        steps.push({ do: 'present', phone: phone(it.p), entrance, document });
        act();
        break;
      }
      case 'provision':
        steps.push({ do: 'provision', entrance: ENTRANCE_KEYS[it.e]! });
        break;
      case 'travel':
        steps.push({ do: 'travel', ms: it.ms });
        now += it.ms;
        break;
      case 'newStay': {
        if (guests.length >= 3 || phones.length >= 3) break;
        const g = guest(guests.length + 99);
        const a = `a${grants.length + 1}`;
        const entrances = entrancesOf(it.mask);
        grants.push({ name: a, guest: g, startsAt: now + it.startsInMs, endsAt: now + it.startsInMs + it.durationMs, entrances, deleted: false });
        steps.push({
          do: 'grant', grant: a, guest: g, entrances, startsInMs: it.startsInMs, durationMs: it.durationMs,
          ...(it.keyMode === 1 ? { keyMode: 'override' as const } : it.keyMode === 2 ? { keyMode: 'joiner' as const } : {}),
        });
        const key = `k${keys.length + 1}`;
        keys.push({ name: key, guest: g });
        steps.push({ do: 'instantKey', key, guest: g });
        const p = newPhone();
        steps.push({ do: 'open', phone: p, key });
        phoneGuest.set(p, g);
        act();
        break;
      }
    }
  }
  return { setup, steps: steps.slice(0, maxSteps) };
}

/**
 * Random valid histories of 5–25 steps. Every history starts a stay story (a guest, a grant, a
 * key, a phone that opens it) often enough: the first intents are biased that way.
 */
export const historyArb: fc.Arbitrary<History> = fc
  .tuple(
    setupArb,
    fc.record({
      k: fc.constant('grant' as const),
      g: fc.constant(0),
      mask: fc.oneof(w(3, fc.constantFrom(1, 3, 5, 7, 13, 15)), w(1, fc.integer({ min: 1, max: 15 }))),
      startsInMs: fc.oneof(w(4, fc.constant(0)), w(1, fc.integer({ min: MIN, max: DAY }))),
      durationMs: fc.integer({ min: HOUR, max: 3 * DAY }),
      floors: fc.nat({ max: 31 }),
      keyMode: fc.nat({ max: 5 }),
      maxUseCount: fc.nat({ max: 5 }),
    }),
    fc.array(intentArb, { minLength: 1, maxLength: 24, size: 'max' }),
  )
  .map(([setup, firstGrant, intents]) =>
    materialize(setup, [firstGrant, { k: 'instantKey', g: 0, maxUseCount: 0 }, { k: 'open', p: 0, key: 0 }, ...intents]),
  )
  .filter((h) => h.steps.length >= 5);
