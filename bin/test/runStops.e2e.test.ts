/**
 * How a `keyrig run` ends, with the real binary and a suite written for the test: Ctrl-C after
 * some scenarios finished still writes the summary, the JSON and both reports, marked
 * interrupted (exit 130); --fail-fast stops after the first failure; --timeout bounds a scenario;
 * --exclude-tag leaves scenarios out; --watch runs again when the suite file changes.
 * (docs/SCENARIOS.md "Running"; README "Exit codes".)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { keyrig, keyrigChild } from './support/childCli.js';

const dir = mkdtempSync(join(tmpdir(), 'keyrig-run-stops-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const DSL = pathToFileURL(join(import.meta.dirname, '..', '..', 'scenarios', 'dist', 'index.js')).href;

/** A suite file: `quick` scenarios that pass at once, then the given extra scenario bodies. */
function suiteFile(name: string, quick: number, extra: string): string {
  const file = join(dir, `${name}.mjs`);
  const passes = Array.from({ length: quick }, (_, i) => `{ title: 'quick ${i + 1}', tags: ['quick'], run: async (w) => w.check(true, 'fine') },`).join('\n  ');
  writeFileSync(file, `import { defineSuite } from '${DSL}';\nexport default defineSuite('${name}', '${name}', [\n  ${passes}\n  ${extra}\n]);\n`);
  return file;
}
const FOREVER = `{ title: 'waits forever', tags: ['slow'], run: () => new Promise(() => {}) },`;
const FAILS = `{ title: 'fails', run: async (w) => w.check(false, 'the door stayed shut') },`;

describe('keyrig run ends cleanly', () => {
  it('Ctrl-C after 3 finished scenarios: summary, JSON, JUnit and HTML hold them, marked interrupted; exit 130', async () => {
    const file = suiteFile('interrupt-me', 3, `${FOREVER}\n  { title: 'never reached', run: async (w) => w.check(true, 'x') },`);
    const junit = join(dir, 'out', 'junit.xml');
    const html = join(dir, 'out', 'report.html');
    const run = keyrigChild(['run', file, '--json', '--reporter', `junit=${junit},html=${html}`]);
    await run.waitFor(/\[3\/5\] ✓ interrupt-me\/quick-3/, 'stderr');
    run.child.kill('SIGINT');
    const r = await run.exited;
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/3 passed, 0 flaky, 0 failed, 0 skipped .* interrupted, 2 of 5 not run/);
    const summary = JSON.parse(r.stdout) as { total: number; passed: number; selected: number; notRun: number; stopped: string; results: { id: string }[] };
    expect(summary).toMatchObject({ total: 3, passed: 3, selected: 5, notRun: 2, stopped: 'interrupted' });
    expect(summary.results.map((x) => x.id)).toEqual(['interrupt-me/quick-1', 'interrupt-me/quick-2', 'interrupt-me/quick-3']);
    const xml = readFileSync(junit, 'utf8');
    expect(xml.match(/<testcase /g)).toHaveLength(4); // 3 scenarios + "run interrupted"
    expect(xml).toMatch(/<testsuites [^>]*tests="4" failures="0" errors="1"/);
    expect(xml).toMatch(/<error message="interrupted: 3 of 5 scenario\(s\) ran, 2 not run"/);
    expect(readFileSync(html, 'utf8')).toMatch(/Interrupted: 3 of 5 scenario\(s\) ran, 2 not run/);
  }, 120_000);

  it('--fail-fast stops after the first failure (exit 3); the rest are reported not run', async () => {
    const file = suiteFile('fail-fast', 1, `${FAILS}\n  { title: 'after the failure', run: async (w) => w.check(true, 'x') },`);
    const junit = join(dir, 'ff.xml');
    const r = await keyrig(['run', file, '--fail-fast', '--json', '--reporter', `junit=${junit}`]);
    expect(r.code, r.stderr).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({ total: 2, passed: 1, failed: 1, selected: 3, notRun: 1, stopped: 'fail-fast' });
    expect(readFileSync(junit, 'utf8')).toMatch(/<skipped message="stopped by --fail-fast: 2 of 3 scenario\(s\) ran, 1 not run"/);
    // Without it, every scenario runs.
    const all = await keyrig(['run', file, '--json']);
    expect(JSON.parse(all.stdout)).toMatchObject({ total: 3, passed: 2, failed: 1, notRun: 0 });
  }, 120_000);

  it('--timeout 2s ends a scenario that never finishes as an error; --exclude-tag leaves it out', async () => {
    const file = suiteFile('timeouts', 1, FOREVER);
    const r = await keyrig(['run', file, '--timeout', '2s', '--json']);
    expect(r.code, r.stderr).toBe(3);
    const s = JSON.parse(r.stdout) as { results: { id: string; status: string; message?: string }[] };
    expect(s.results.find((x) => x.id === 'timeouts/waits-forever')).toMatchObject({ status: 'error', message: 'scenario timed out after 2000 ms' });
    const listed = await keyrig(['run', file, '--exclude-tag', 'slow', '--list']);
    expect(listed.stdout.trim().split('\n')).toEqual(['timeouts/quick-1']);
  }, 120_000);

  it('--watch runs the suite again when its file changes, until Ctrl-C (exit 130)', async () => {
    const file = suiteFile('watched', 1, '');
    const w = keyrigChild(['run', file, '--watch']);
    await w.waitFor(/watching .* for changes/, 'stderr');
    suiteFile('watched', 2, ''); // the author adds a scenario
    await w.waitFor(/\[2\/2\] ✓ watched\/quick-2/, 'stderr');
    await w.waitFor(/watching[^]*watching/, 'stderr');
    w.child.kill('SIGINT');
    const r = await w.exited;
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr.match(/running \d scenario/g)).toEqual(['running 1 scenario', 'running 2 scenario']);
  }, 120_000);
});
