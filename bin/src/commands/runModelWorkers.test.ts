/**
 * `keyrig run --model --workers N` never hangs on a worker (issue #18): a worker that goes silent
 * past the deadline is killed and reported with its shard, one killed by a signal likewise; the
 * run rejects (the CLI exits non-zero). Real child processes (a stand-in worker script).
 */
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { checkModelInWorkers } from './runModelWorkers.js';

const FAKE = fileURLToPath(new URL('../../test/support/fakeModelWorker.mjs', import.meta.url));

function run(mode: 'hang' | 'die', lines: string[]) {
  process.env.FAKE_WORKER = mode;
  return checkModelInWorkers({
    histories: 2,
    seed: 1,
    workers: 2,
    logger: pino({ level: 'silent' }),
    model: () => {
      throw new Error('not used: no disagreement');
    },
    onLine: (l) => lines.push(l),
    workerEntry: FAKE,
    workerSilenceMs: 1500,
  });
}

describe('model workers: a deadline on every child', () => {
  afterEach(() => {
    delete process.env.FAKE_WORKER;
  });

  it('a worker that hangs silent is killed after the silence deadline and reported with its shard', async () => {
    const lines: string[] = [];
    const t0 = performance.now();
    await expect(run('hang', lines)).rejects.toThrow(/model worker 2\/2 .*silent for 1\.5 s/);
    expect(performance.now() - t0).toBeLessThan(20_000);
    expect(lines).toContain('[2/2] model: working');
  }, 30_000);

  it('a worker killed by a signal is reported with its shard and the signal', async () => {
    await expect(run('die', [])).rejects.toThrow(/model worker 2\/2 was killed by SIGKILL/);
  }, 30_000);
});
