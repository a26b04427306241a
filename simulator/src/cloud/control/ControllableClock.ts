/** The cloud's clock when control routes are on: another clock plus an offset that `/_keyrig/clock/*` moves. */
import { TimerClock, type CancelTimer, type Clock, type TimerOptions } from '@keyrig/protocol';

/** Travel (`advance`, `set`) moves `now()` only: timers run on the base clock, in its time. */
export class ControllableClock extends TimerClock {
  #offsetMs = 0;
  constructor(private readonly base: Clock) {
    super();
  }
  now(): number {
    return this.base.now() + this.#offsetMs;
  }
  setTimer(ms: number, fn: () => void, options?: TimerOptions): CancelTimer {
    return this.base.setTimer(ms, fn, options);
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
