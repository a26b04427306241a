/**
 * Brute-force brake for what a guessed secret opens (an instant key URL: POST /instant_keys/open
 * and GET /ik/<secret>). A token bucket per caller (the client address; an IPv6 address counts
 * by its /64, which one host usually holds whole): each FAILED attempt takes a token, the bucket
 * refills continuously on the injected clock, and a caller with no token left gets every attempt
 * — right or wrong — refused with 429 until a token is back, so a guesser cannot tell a hit.
 *
 * The ceiling is high on purpose (200 wrong links at once, then 1 per second): a hotel NAT or a
 * carrier-grade NAT puts many honest guests behind one address, and a few mistyped or deleted
 * links among them must not lock the others out, while a guesser stays at ~86,400 guesses a day
 * against a 256-bit secret. Memory is bounded: at most `maxCallers` buckets (oldest dropped).
 */
import type { Clock } from '@keyrig/protocol';

export interface FailedAttemptLimiterOptions {
  clock: Clock;
  /** Failed attempts a caller may make at once (the bucket size; default 200). */
  burst?: number;
  /** Failed attempts per minute a caller gets back (the refill rate; default 60). */
  refillPerMinute?: number;
  /** Callers tracked at most (default 10 000). */
  maxCallers?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** The key a client address is counted under: IPv4 as is, IPv6 by its /64 prefix. */
export function callerKey(ip: string): string {
  const v4 = /^(?:::ffff:)?(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (v4) return v4[1]!;
  if (!ip.includes(':')) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const h = head === '' ? [] : head.split(':');
  const t = tail === '' ? [] : tail.split(':');
  const full = ip.includes('::') ? [...h, ...Array<string>(Math.max(0, 8 - h.length - t.length)).fill('0'), ...t] : h;
  return `${full.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

export class FailedAttemptLimiter {
  readonly burst: number;
  readonly refillPerMinute: number;
  readonly #maxCallers: number;
  readonly #clock: Clock;
  readonly #buckets = new Map<string, Bucket>();

  constructor(opts: FailedAttemptLimiterOptions) {
    this.#clock = opts.clock;
    this.burst = opts.burst ?? 200;
    this.refillPerMinute = opts.refillPerMinute ?? 60;
    this.#maxCallers = opts.maxCallers ?? 10_000;
    if (!(this.burst >= 1) || !(this.refillPerMinute > 0)) throw new RangeError('keyOpenLimit: burst must be >= 1 and refillPerMinute > 0');
  }

  /** 0 when the client at `ip` may try now, else the ms until it may try again. */
  retryAfterMs(ip: string): number {
    const tokens = this.#tokens(callerKey(ip));
    if (tokens >= 1) return 0;
    return Math.ceil(((1 - tokens) * 60_000) / this.refillPerMinute);
  }

  /** Records one failed attempt by the client at `ip`. */
  fail(ip: string): void {
    const key = callerKey(ip);
    const tokens = this.#tokens(key);
    this.#buckets.delete(key);
    this.#buckets.set(key, { tokens: Math.max(0, tokens - 1), at: this.#clock.now() });
    if (this.#buckets.size > this.#maxCallers) {
      const oldest = this.#buckets.keys().next().value;
      if (oldest !== undefined) this.#buckets.delete(oldest);
    }
  }

  #tokens(key: string): number {
    const b = this.#buckets.get(key);
    if (!b) return this.burst;
    const refilled = b.tokens + ((this.#clock.now() - b.at) * this.refillPerMinute) / 60_000;
    return Math.min(this.burst, refilled);
  }
}
