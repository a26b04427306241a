/**
 * A vitest reporter for `npm test` (.vitest.config.mts, after the default one): at the end of the
 * run it lists the tests that were skipped — most are skipped because a tool is missing on this
 * machine (socat, tshark, chromium) — and gives the one command that installs what is missing.
 * It only adds lines: failures and the default summary are untouched.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import type { RunnerTask, RunnerTestFile } from 'vitest';
import type { Reporter, Vitest } from 'vitest/node';

/** A tool some tests need, how to tell it is here, and the Debian packages that bring it. */
export interface Tool {
  readonly name: string;
  readonly present: () => boolean;
  readonly packages: readonly string[];
}

const onPath = (cmd: string, arg: string) => () => spawnSync(cmd, [arg], { stdio: 'ignore' }).status === 0;

export const TOOLS: readonly Tool[] = [
  { name: 'socat', present: onPath('socat', '-V'), packages: ['socat'] },
  { name: 'tshark', present: onPath('tshark', '--version'), packages: ['tshark'] },
  { name: 'chromium', present: () => existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'), packages: ['chromium', 'fonts-liberation'] },
];

export interface SkippedTest {
  readonly file: string;
  readonly name: string;
}

/** The lines printed at the end of the run (empty when nothing was skipped). */
export function skipSummary(skipped: readonly SkippedTest[], missing: readonly Tool[]): string[] {
  if (skipped.length === 0) return [];
  const byFile = new Map<string, string[]>();
  for (const s of skipped) byFile.set(s.file, [...(byFile.get(s.file) ?? []), s.name]);
  const lines = [`${skipped.length} test(s) skipped${missing.length ? ` — missing on this machine: ${missing.map((t) => t.name).join(', ')}` : ''}:`];
  for (const [file, names] of [...byFile].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`  ${file} (${names.length})`);
    for (const n of names.slice(0, 3)) lines.push(`    - ${n}`);
    if (names.length > 3) lines.push(`    - … and ${names.length - 3} more`);
  }
  if (missing.length) {
    lines.push(`Install what they need with: sudo apt-get install -y --no-install-recommends ${missing.flatMap((t) => t.packages).join(' ')}`);
  }
  return lines;
}

/** Every skipped test of the run (not todo ones), with its full name. */
export function skippedTests(files: readonly RunnerTestFile[], root: string): SkippedTest[] {
  const out: SkippedTest[] = [];
  const walk = (task: RunnerTask, path: string[], file: string) => {
    const name = [...path, task.name];
    if (task.type === 'suite') for (const t of task.tasks) walk(t, name, file);
    else if (task.mode === 'skip' || task.result?.state === 'skip') out.push({ file, name: name.join(' > ') });
  };
  for (const f of files) {
    const file = relative(root, f.filepath);
    for (const t of f.tasks) walk(t, [], file);
  }
  return out;
}

export default class SkippedTestsReporter implements Reporter {
  #ctx: Vitest | undefined;

  onInit(ctx: Vitest): void {
    this.#ctx = ctx;
  }

  onFinished(files: RunnerTestFile[] = []): void {
    const ctx = this.#ctx;
    const lines = skipSummary(skippedTests(files, ctx?.config.root ?? process.cwd()), TOOLS.filter((t) => !t.present()));
    if (lines.length === 0) return;
    const log = (l: string) => (ctx ? ctx.logger.log(l) : process.stdout.write(`${l}\n`));
    log('');
    for (const l of lines) log(l);
  }
}
