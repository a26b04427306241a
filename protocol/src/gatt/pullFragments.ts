/**
 * The phone side of PROTOCOL.md §2's read-pull rule: read the response characteristic, hand every
 * non-empty value (one fragment) on, and after an empty value ("nothing yet") wait briefly and read
 * again, until the caller has what it waits for or the deadline passes. Shared by the noble client
 * and the Web Bluetooth app; timing comes from an injected clock (and optionally a sleep) so tests need no timers.
 */
import { systemClock, type Clock } from '../clock.js';
import { KeyrigError } from '../errors.js';

/** Pause after an empty read when none is given (§2.2 suggests 10–50 ms). */
export const DEFAULT_PULL_IDLE_DELAY_MS = 20;

/** What {@link pullFragments} needs. */
export interface PullFragmentsOptions {
  /** One read of the response characteristic. */
  readonly read: () => Promise<Uint8Array>;
  /** Takes one fragment, typically `channel.receive`. */
  readonly deliver: (fragment: Uint8Array) => void;
  /** Checked before every read: true ends the loop (e.g. the awaited message arrived). */
  readonly done: () => boolean;
  /** Give up (KeyrigError 'timeout') when this much time passed without `done()`. */
  readonly timeoutMs: number;
  /** Tells the deadline and waits after an empty read (default systemClock; a manual clock must be advanced). */
  readonly clock?: Clock;
  /** How to wait after an empty read (default: `clock.sleep`). */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly idleDelayMs?: number;
  /** Stops the loop with KeyrigError('state') when aborted (e.g. disconnection). */
  readonly signal?: AbortSignal;
}

/** Reads until `done()`; resolves with the number of fragments delivered. */
export async function pullFragments(options: PullFragmentsOptions): Promise<number> {
  const clock = options.clock ?? systemClock;
  const sleep = options.sleep ?? ((ms: number) => clock.sleep(ms));
  const idle = options.idleDelayMs ?? DEFAULT_PULL_IDLE_DELAY_MS;
  const deadline = clock.now() + options.timeoutMs;
  let delivered = 0;
  while (!options.done()) {
    if (options.signal?.aborted === true) throw new KeyrigError('state', 'response pull aborted');
    if (clock.now() > deadline) {
      throw new KeyrigError(
        'timeout',
        `no complete response within ${options.timeoutMs} ms (${delivered} fragments read)`,
      );
    }
    const value = await options.read();
    if (value.length === 0) {
      await sleep(idle);
      continue;
    }
    delivered++;
    options.deliver(value);
  }
  return delivered;
}
