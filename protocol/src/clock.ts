/**
 * Time is injected everywhere (cloud, locks, air, clients) so scenarios can travel in time and
 * runs are reproducible. A clock returns milliseconds since the Unix epoch, and runs timers in
 * its own time: `sleep`, `timeout` and `setTimer` on a clock wait for that clock to move.
 *
 * Which clock to wait on: a wait for another process or a radio (a GATT operation, a connect, a
 * lock that stays silent) must end in wall time even when a scenario's clock is manual or
 * travels, so such code takes a separate wall-time clock (default {@link systemClock}) for its
 * deadlines and reads the scenario's clock only for what the protocol compares (validity,
 * schedules, time sync). Clocks derived from another one (an offset, a travelling cloud clock, a
 * lock RTC) run their timers on their base: travel moves `now()`, never a pending timer.
 */
import { KeyrigError } from './errors.js';

/** Cancels a timer; harmless once it has fired or been cancelled. */
export type CancelTimer = () => void;

/** How a timer treats the process it runs in. */
export interface TimerOptions {
  /**
   * False lets a Node process exit while only this timer is pending (a lock's housekeeping tick);
   * default true. Meaningless in a browser and on a manual clock.
   */
  readonly keepAlive?: boolean;
}

/** What a deadline does besides rejecting. */
export interface TimeoutOptions {
  /** Called once when the deadline passes first (cancel the connect, close the link). */
  readonly onTimeout?: () => void;
  /** The error to reject with, from the message (default KeyrigError code 'timeout'). */
  readonly error?: (message: string) => Error;
}

export interface Clock {
  /** Milliseconds since the Unix epoch, as this clock tells it. */
  now(): number;
  /** Calls `fn` once `ms` of this clock's time have passed; returns its cancel function. */
  setTimer(ms: number, fn: () => void, options?: TimerOptions): CancelTimer;
  /** Calls `fn` every `ms` of this clock's time until cancelled. */
  every(ms: number, fn: () => void, options?: TimerOptions): CancelTimer;
  /** Resolves once `ms` of this clock's time have passed. */
  sleep(ms: number): Promise<void>;
  /**
   * Settles as `work` does, or rejects with `${what} timed out after ${ms} ms` (a KeyrigError
   * with code 'timeout' unless `options.error` makes another) when `ms` of this clock's time
   * pass first. The timer is cleared either way; `work` itself is not cancelled.
   */
  timeout<T>(work: Promise<T>, ms: number, what: string, options?: TimeoutOptions): Promise<T>;
}

/** The one deadline helper: `work` raced against a timer of `clock` (see {@link Clock.timeout}). */
export function deadline<T>(clock: Pick<Clock, 'setTimer'>, work: Promise<T>, ms: number, what: string, options: TimeoutOptions = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const cancel = clock.setTimer(ms, () => {
      if (settled) return;
      settled = true;
      options.onTimeout?.();
      const message = `${what} timed out after ${ms} ms`;
      reject(options.error ? options.error(message) : new KeyrigError('timeout', message));
    });
    work.then(
      (value) => {
        if (settled) return;
        settled = true;
        cancel();
        resolve(value);
      },
      (error: unknown) => {
        if (settled) return;
        settled = true;
        cancel();
        reject(error);
      },
    );
  });
}

/** A clock whose timers are made by `setTimer` alone: `every`, `sleep` and `timeout` follow from it. */
export abstract class TimerClock implements Clock {
  abstract now(): number;
  abstract setTimer(ms: number, fn: () => void, options?: TimerOptions): CancelTimer;

  every(ms: number, fn: () => void, options?: TimerOptions): CancelTimer {
    let cancel: CancelTimer = () => {};
    let stopped = false;
    const arm = (): void => {
      cancel = this.setTimer(
        ms,
        () => {
          if (stopped) return;
          arm();
          fn();
        },
        options,
      );
    };
    arm();
    return () => {
      stopped = true;
      cancel();
    };
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimer(ms, resolve));
  }

  timeout<T>(work: Promise<T>, ms: number, what: string, options?: TimeoutOptions): Promise<T> {
    return deadline(this, work, ms, what, options);
  }
}

class SystemClock extends TimerClock {
  now(): number {
    return Date.now();
  }
  setTimer(ms: number, fn: () => void, options?: TimerOptions): CancelTimer {
    const handle = setTimeout(fn, ms);
    // Node's timers have unref(); a browser's are plain numbers.
    if (options?.keepAlive === false) (handle as unknown as { unref?: () => void }).unref?.();
    return () => clearTimeout(handle);
  }
}

/** The real wall clock, with real timers. */
export const systemClock: Clock = new SystemClock();

/**
 * A clock that only moves when told to: for tests, scenarios and time travel. Its timers fire
 * when `advance` or `set` moves it to or past them (in time order), never on their own: a wait
 * on a manual clock lasts until someone moves it.
 */
export class ManualClock extends TimerClock {
  #now: number;
  #timers: { at: number; seq: number; fn: () => void }[] = [];
  #seq = 0;
  constructor(startMs: number = Date.UTC(2026, 0, 1)) {
    super();
    this.#now = startMs;
  }
  now(): number {
    return this.#now;
  }
  setTimer(ms: number, fn: () => void): CancelTimer {
    const timer = { at: this.#now + Math.max(0, ms), seq: this.#seq++, fn };
    this.#timers.push(timer);
    return () => {
      this.#timers = this.#timers.filter((t) => t !== timer);
    };
  }
  /** Move forward (or backward, with a negative value) by `ms`; fires the timers now due. */
  advance(ms: number): void {
    this.set(this.#now + ms);
  }
  /** Jump to `ms`; fires the timers now due. */
  set(ms: number): void {
    this.#now = ms;
    const due = this.#timers.filter((t) => t.at <= ms).sort((a, b) => a.at - b.at || a.seq - b.seq);
    if (due.length === 0) return;
    this.#timers = this.#timers.filter((t) => t.at > ms);
    for (const t of due) t.fn();
  }
}

/**
 * A clock offset from another one (a lock RTC that drifts or was set wrong). Timers run on the
 * base clock: an offset changes what time it is, not how long a wait lasts.
 */
export class OffsetClock extends TimerClock {
  constructor(private readonly base: Clock, public offsetMs: number) {
    super();
  }
  now(): number {
    return this.base.now() + this.offsetMs;
  }
  setTimer(ms: number, fn: () => void, options?: TimerOptions): CancelTimer {
    return this.base.setTimer(ms, fn, options);
  }
}
