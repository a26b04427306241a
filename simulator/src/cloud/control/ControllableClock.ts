/** The cloud's clock when control routes are on: another clock plus an offset that `/_keyrig/clock/*` moves. */
import type { Clock } from '@keyrig/protocol';

export class ControllableClock implements Clock {
  #offsetMs = 0;
  constructor(private readonly base: Clock) {}
  now(): number {
    return this.base.now() + this.#offsetMs;
  }
  advance(ms: number): void {
    this.#offsetMs += ms;
  }
  set(ms: number): void {
    this.#offsetMs = ms - this.base.now();
  }
}

/** What the control routes act on. */
export interface CloudControl {
  clock: ControllableClock;
  /** While set, every non-control route answers 503 with this message. */
  outage: { message: string } | null;
  deliverWebhooks(): Promise<void>;
}
