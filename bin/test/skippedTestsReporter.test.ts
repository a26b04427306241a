/**
 * `npm test` on a machine without socat, tshark or chromium says at the end which tests were
 * skipped and the one command that installs what they need (README "Tests"), without hiding a
 * failure. Checked on a hand-written case and on a real vitest run with the reporter.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { skipSummary, TOOLS } from './support/skippedTestsReporter.js';

const repo = resolve(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'keyrig-skips-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the skipped-tests summary', () => {
  it('lists skipped tests per file and installs exactly the missing tools', () => {
    const socat = TOOLS.find((t) => t.name === 'socat')!;
    const chromium = TOOLS.find((t) => t.name === 'chromium')!;
    const lines = skipSummary(
      [
        { file: 'client/test/web/unlock.test.ts', name: 'web app > opens the room' },
        { file: 'simulator/test/air/crossProcess.test.ts', name: 'UART on a pty' },
        { file: 'client/test/web/unlock.test.ts', name: 'web app > selects a floor' },
      ],
      [socat, chromium],
    );
    expect(lines).toEqual([
      '3 test(s) skipped — missing on this machine: socat, chromium:',
      '  client/test/web/unlock.test.ts (2)',
      '    - web app > opens the room',
      '    - web app > selects a floor',
      '  simulator/test/air/crossProcess.test.ts (1)',
      '    - UART on a pty',
      'Install what they need with: sudo apt-get install -y --no-install-recommends socat chromium fonts-liberation',
    ]);
    expect(skipSummary([], [socat])).toEqual([]);
  });

  it('in a real vitest run with no tools on PATH: the failure is still reported, then the skips and the command', () => {
    const project = join(dir, 'project');
    const bin = join(dir, 'bin');
    mkdirSync(project);
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, 'node')); // a PATH with node and nothing else
    writeFileSync(
      join(project, 'tools.test.mjs'),
      `it.skipIf(true)('drives a UART over socat', () => {});\nit('passes', () => {});\nit('fails on purpose', () => { expect(1).toBe(2); });\n`,
    );
    const reporter = join(repo, 'bin', 'test', 'support', 'skippedTestsReporter.ts');
    writeFileSync(join(project, 'vitest.config.mjs'), `export default { test: { globals: true, include: ['*.test.mjs'], reporters: ['default', ${JSON.stringify(reporter)}] } };\n`);
    const r = spawnSync(process.execPath, [join(repo, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--root', project, '--config', join(project, 'vitest.config.mjs')], {
      cwd: project,
      encoding: 'utf8',
      env: { ...process.env, PATH: bin, CHROMIUM_PATH: join(dir, 'no-chromium'), CI: '1' },
      timeout: 120_000,
    });
    const out = `${r.stdout}${r.stderr}`;
    expect(r.status, out).toBe(1);
    expect(out).toMatch(/fails on purpose/);
    expect(out).toMatch(/1 failed/);
    expect(out).toMatch(/1 test\(s\) skipped — missing on this machine: socat, tshark, chromium:/);
    expect(out).toContain('tools.test.mjs (1)');
    expect(out).toContain('- drives a UART over socat');
    expect(out).toContain('Install what they need with: sudo apt-get install -y --no-install-recommends socat tshark chromium fonts-liberation');
  }, 150_000);
});
