/**
 * Time is injected everywhere (cloud, locks, air, clients) so scenarios can travel in time and
 * runs are reproducible. A clock returns milliseconds since the Unix epoch.
 */
export interface Clock {
  now(): number;
}

/** The real wall clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to: for tests, scenarios and time travel. */
export class ManualClock implements Clock {
  #now: number;
  constructor(startMs: number = Date.UTC(2026, 0, 1)) {
    this.#now = startMs;
  }
  now(): number {
    return this.#now;
  }
  /** Move forward (or backward, with a negative value) by `ms`. */
  advance(ms: number): void {
    this.#now += ms;
  }
  set(ms: number): void {
    this.#now = ms;
  }
}

/** A clock offset from another one (a lock RTC that drifts or was set wrong). */
export class OffsetClock implements Clock {
  constructor(private readonly base: Clock, public offsetMs: number) {}
  now(): number {
    return this.base.now() + this.offsetMs;
  }
}
