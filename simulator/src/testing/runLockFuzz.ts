/**
 * Runs the lock fuzz for a budget of control-point writes: fast-check batches of cases, each
 * batch with its own seed (base seed + batch number), so any failure is replayed from the seed
 * printed with it. Returns the numbers docs/ROBUSTNESS.md records.
 */
import fc from 'fast-check';
import { FuzzLock, type FuzzStats } from './FuzzLock.js';
import { fuzzCaseArb } from './lockFuzzInputs.js';
import type { TestKit } from './testKit.js';

/** The budget and seed of one lock fuzz run. */
export interface LockFuzzOptions {
  /** @keyrig/testkit (provider, keys and the capturing logger of a fresh FuzzLock). */
  readonly kit: TestKit;
  /** Stop after at least this many control-point writes. */
  readonly inputs: number;
  readonly seed: number;
  /** Cases per fast-check batch (default 500). */
  readonly batch?: number;
  readonly lock?: FuzzLock;
  readonly onProgress?: (stats: FuzzStats & { wallMs: number; batches: number }) => void;
}

/** The numbers of a run, its failures and the fuzzed lock itself (to prove it still works). */
export interface LockFuzzReport extends FuzzStats {
  readonly seed: number;
  readonly batches: number;
  readonly wallMs: number;
  readonly failures: FuzzLock['failures'];
  readonly lock: FuzzLock;
}

/** Fuzzes one lock until the budget is spent; never throws for findings (they are counted). */
export async function runLockFuzz(o: LockFuzzOptions): Promise<LockFuzzReport> {
  const lock = o.lock ?? (await FuzzLock.create({ kit: o.kit }));
  const started = Date.now();
  let batches = 0;
  while (lock.stats.inputs < o.inputs) {
    const seed = (o.seed + batches) | 0;
    batches++;
    try {
      await fc.assert(
        fc.asyncProperty(fuzzCaseArb, async (c) => {
          const before = lock.stats.crashes + lock.stats.hangs + lock.stats.breaches;
          await lock.runCase(c);
          return lock.stats.crashes + lock.stats.hangs + lock.stats.breaches === before;
        }),
        // No shrinking: the lock is stateful across cases, so the seed replays the batch instead.
        { seed, numRuns: o.batch ?? 500, endOnFailure: true },
      );
    } catch (e) {
      lock.failures.push({ error: `batch seed ${seed}: ${(e as Error).message.split('\n').slice(0, 3).join(' ')}`, fuzzCase: { prefix: 'none', mtu: 23, subscribed: true, steps: [], hangUp: false } });
      if (lock.failures.length > 20) break;
    }
    o.onProgress?.({ ...lock.stats, wallMs: Date.now() - started, batches });
  }
  return { ...lock.stats, seed: o.seed, batches, wallMs: Date.now() - started, failures: lock.failures, lock };
}
