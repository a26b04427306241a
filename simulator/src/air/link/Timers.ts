/**
 * Wall-clock timers the air owns (advertising repeats, injected delays, supervision timeouts),
 * all cancelled by clear() so closing the air leaves nothing scheduled.
 */
import { performance } from 'node:perf_hooks';

export class Timers {
  readonly #pending = new Set<NodeJS.Timeout>();
  #closed = false;

  after(ms: number, fn: () => void): NodeJS.Timeout | undefined {
    if (this.#closed) return undefined;
    const handle = setTimeout(() => {
      this.#pending.delete(handle);
      fn();
    }, Math.max(0, ms));
    this.#pending.add(handle);
    return handle;
  }

  /** The wall clock these timers run on, ms (monotonic). */
  now(): number {
    return performance.now();
  }

  /** Runs fn now if ms is 0, else after ms. */
  maybeAfter(ms: number, fn: () => void): void {
    if (ms > 0) this.after(ms, fn);
    else fn();
  }

  cancel(handle: NodeJS.Timeout | undefined): void {
    if (!handle) return;
    clearTimeout(handle);
    this.#pending.delete(handle);
  }

  clear(): void {
    this.#closed = true;
    for (const h of this.#pending) clearTimeout(h);
    this.#pending.clear();
  }

  get size(): number {
    return this.#pending.size;
  }
}
