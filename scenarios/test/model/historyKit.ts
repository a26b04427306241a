/**
 * Small helpers for hand-computed histories: a start instant, quiet locks, and the model's
 * outcomes of the steps that have one. Times in the tests are counted from START by hand.
 */
import type { EntranceKey, History, HistoryLock, HistoryStep } from '../../src/model/history.js';
import { predictHistory, type Prediction } from '../../src/model/accessModel.js';

/** Monday 2026-06-01 12:00 Europe/Berlin (CEST, UTC+2). */
export const START = Date.UTC(2026, 5, 1, 10, 0, 0);
export const SEC = 1000;
export const MIN = 60 * SEC;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

const QUIET: HistoryLock = { driftPpm: 0, offsetMs: 0, antiPassbackMs: 0 };

export function history(steps: HistoryStep[], locks: Partial<Record<EntranceKey, Partial<HistoryLock>>> = {}, start = START): History {
  const all = (e: EntranceKey): HistoryLock => ({ ...QUIET, ...locks[e] });
  return { setup: { start, locks: { room101: all('room101'), room102: all('room102'), elevator: all('elevator'), gym: all('gym') } }, steps };
}

/** The predictions of the steps that have an outcome, in order (open, reload, unlock, present). */
export function outcomes(h: History): (string | null)[] {
  return predict(h).filter((p) => p.outcome !== null).map((p) => p.outcome);
}

export function predict(h: History): Prediction[] {
  const p = predictHistory(h);
  if (p.length !== h.steps.length) throw new Error('one prediction per step');
  return p;
}

/** A guest with one grant, an instant key and a phone that opened it (one action: +1 s). */
export function checkIn(guest: string, grant: string, entrances: EntranceKey[], durationMs: number, extra: Partial<Extract<HistoryStep, { do: 'grant' }>> = {}): HistoryStep[] {
  return [
    { do: 'guest', guest },
    { do: 'grant', grant, guest, entrances, startsInMs: 0, durationMs, ...extra },
    { do: 'instantKey', key: `k-${guest}`, guest },
    { do: 'phone', phone: `p-${guest}` },
    { do: 'open', phone: `p-${guest}`, key: `k-${guest}` },
  ];
}

export const unlock = (phone: string, entrance: EntranceKey, floors?: number[]): HistoryStep =>
  floors === undefined ? { do: 'unlock', phone, entrance } : { do: 'unlock', phone, entrance, floors };
export const travel = (ms: number): HistoryStep => ({ do: 'travel', ms });
