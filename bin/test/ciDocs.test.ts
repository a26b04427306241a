/**
 * docs/CI.md's "Any other runner" shard loop, run as written with bash: the job must fail when a
 * shard fails (a bare `wait` returns 0 and swallowed it). keyrig is stood in for by a shell
 * function with the documented exit codes (3: a scenario failed), so the loop itself is tested.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ci = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'CI.md'), 'utf8');
const loop = /## Any other runner\n```sh\n([^]*?)```/.exec(ci)?.[1];

/** Runs the documented loop with `npx keyrig run --shard i/n …` exiting `codes[i-1]`. */
function runLoop(codes: number[]): number | null {
  const fake = `npx() { local s; s=$(printf '%s\\n' "$@" | grep -A1 -- '--shard' | tail -1); s=\${s%%/*}; sleep 0.$s; return $(echo "${codes.join(' ')}" | cut -d' ' -f$s); }\n`;
  return spawnSync('bash', ['-c', `${fake}${loop}`], { encoding: 'utf8', timeout: 30_000 }).status;
}

describe('docs/CI.md "Any other runner"', () => {
  it('has the loop', () => {
    expect(loop).toMatch(/--shard \$i\/3/);
  });
  it('fails the job when any shard fails, passes when all pass', () => {
    expect(runLoop([0, 0, 0])).toBe(0);
    expect(runLoop([0, 3, 0])).toBe(3);
    expect(runLoop([3, 0, 0])).toBe(3);
    expect(runLoop([0, 0, 2])).toBe(2);
  });
  it('the conformance job writes JUnit', () => {
    expect(ci).toMatch(/keyrig validate [^\n]*--junit reports\/conformance-/);
  });
});
