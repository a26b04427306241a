/**
 * Waits for a condition the test cannot await directly (a lock's state, a counter the air
 * updates): vitest's `vi.waitFor` with a message that says what never happened.
 */

/** Resolves once `cond()` is true; rejects with "timed out waiting for <what>" after `timeoutMs`. */
export async function waitUntil(cond: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  // Imported on use: vitest refuses to load outside a test run, and the benchmarks import this kit.
  const { vi } = await import('vitest');
  await vi.waitFor(
    () => {
      if (!cond()) throw new Error(`timed out waiting for ${what}`);
    },
    { timeout: timeoutMs, interval: 10 },
  );
}
