/**
 * The lock's real-time clock. Real lock RTCs drift (a 32 kHz crystal is good to ±20 ppm, cheap
 * ones far worse) and are corrected only by a provider-signed time sync (PROTOCOL.md §9). The
 * firmware reads time from here, never from the host: the injected `Clock` is "true time" of the
 * simulation, this is what the lock believes.
 */
import { TimerClock, type CancelTimer, type Clock, type TimerOptions } from '@keyrig/protocol';

/** What survives a restart (the RTC runs on its own cell; the correction is in flash). */
export interface RtcState {
  /** Lock time − true time at `anchorMs` (ms). */
  offsetMs: number;
  /** True time at which drift starts accumulating again (last set or sync). */
  anchorMs: number;
  /** False until provisioning or a time sync sets the clock. */
  isSet: boolean;
  /** True time of the last accepted time sync, 0 if none. */
  lastSyncMs: number;
}

export interface LockRtcOptions {
  /** Drift in parts per million: +100 gains 0.1 s every 1000 s. */
  readonly driftPpm?: number;
  /** Fixed initial error (ms) of a freshly provisioned lock. */
  readonly initialOffsetMs?: number;
  /** Start with the clock unset (CLOCK_UNSET until a time sync). */
  readonly unset?: boolean;
}

/** Timers run on the true clock: drift and corrections change what time the lock reads, not how long a wait lasts. */
export class LockRtc extends TimerClock {
  readonly driftPpm: number;
  #state: RtcState;

  constructor(private readonly trueClock: Clock, options: LockRtcOptions = {}, restored?: RtcState) {
    super();
    this.driftPpm = options.driftPpm ?? 0;
    this.#state = restored
      ? { ...restored }
      : {
          offsetMs: options.initialOffsetMs ?? 0,
          anchorMs: trueClock.now(),
          isSet: !options.unset,
          lastSyncMs: 0,
        };
  }

  /** What the lock believes the time is (ms since the epoch). */
  now(): number {
    const t = this.trueClock.now();
    const drift = ((t - this.#state.anchorMs) * this.driftPpm) / 1_000_000;
    return Math.round(t + this.#state.offsetMs + drift);
  }

  setTimer(ms: number, fn: () => void, options?: TimerOptions): CancelTimer {
    return this.trueClock.setTimer(ms, fn, options);
  }

  get isSet(): boolean {
    return this.#state.isSet;
  }

  /** Current error against true time (ms; positive = the lock is ahead). */
  errorMs(): number {
    return this.now() - this.trueClock.now();
  }

  /**
   * Applies a verified time sync: the lock's time becomes `timeMs` now. The caller has already
   * checked the provider signature and freshness (§9).
   */
  sync(timeMs: number): void {
    const t = this.trueClock.now();
    this.#state = { offsetMs: timeMs - t, anchorMs: t, isSet: true, lastSyncMs: t };
  }

  snapshot(): RtcState {
    return { ...this.#state };
  }
}
