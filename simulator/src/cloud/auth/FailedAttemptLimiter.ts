/**
 * Brute-force brake for the routes whose only credential is a guessed secret (an instant key URL).
 * Counts FAILED attempts per caller (the client IP) in a fixed window on the injected clock; once a
 * caller reaches the limit, every attempt — right or wrong — is refused with 429 until the window
 * ends, so guessing stays slow even though a 256-bit secret is already unguessable. Memory is
 * bounded: at most `maxCallers` callers are tracked (the oldest windows are dropped first).
 */
import type { Clock } from '@keyrig/protocol';

export interface FailedAttemptLimiterOptions {
  clock: Clock;
  /** Failed attempts allowed per caller per window (default 20). */
  maxFailures?: number;
  /** Window length in ms (default 60 000). */
  windowMs?: number;
  /** Callers tracked at most (default 10 000). */
  maxCallers?: number;
}

interface Window {
  start: number;
  failures: number;
}

export class FailedAttemptLimiter {
  readonly maxFailures: number;
  readonly windowMs: number;
  readonly #maxCallers: number;
  readonly #clock: Clock;
  readonly #windows = new Map<string, Window>();

  constructor(opts: FailedAttemptLimiterOptions) {
    this.#clock = opts.clock;
    this.maxFailures = opts.maxFailures ?? 20;
    this.windowMs = opts.windowMs ?? 60_000;
    this.#maxCallers = opts.maxCallers ?? 10_000;
  }

  /** 0 when `caller` may try now, else the ms until it may try again. */
  retryAfterMs(caller: string): number {
    const w = this.#current(caller);
    if (!w || w.failures < this.maxFailures) return 0;
    return w.start + this.windowMs - this.#clock.now();
  }

  /** Records one failed attempt by `caller`. */
  fail(caller: string): void {
    const now = this.#clock.now();
    let w = this.#current(caller);
    if (!w) {
      w = { start: now, failures: 0 };
      this.#windows.delete(caller);
      this.#windows.set(caller, w);
      if (this.#windows.size > this.#maxCallers) {
        const oldest = this.#windows.keys().next().value;
        if (oldest !== undefined) this.#windows.delete(oldest);
      }
    }
    w.failures++;
  }

  #current(caller: string): Window | undefined {
    const w = this.#windows.get(caller);
    if (w && this.#clock.now() - w.start >= this.windowMs) {
      this.#windows.delete(caller);
      return undefined;
    }
    return w;
  }
}
