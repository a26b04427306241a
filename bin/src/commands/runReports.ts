/**
 * What `keyrig run` leaves behind: the JUnit and HTML reports and the `--json` summary — written
 * for every run that started, an interrupted or fail-fast one included (marked so).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { htmlReport, junitReport, type RunReport } from '@keyrig/scenarios';
import { checkWritable } from '../command/outputFile.js';

export interface Reporters {
  junit?: string;
  html?: string;
}

/** Checks every report path can be written, before the run (exit 2, naming the file). */
export function checkReporters(r: Reporters): void {
  if (r.junit) checkWritable(r.junit, '--reporter junit=');
  if (r.html) checkWritable(r.html, '--reporter html=');
}

export function writeReports(report: RunReport, r: Reporters): void {
  for (const [file, text] of [
    [r.junit, r.junit ? junitReport(report) : ''],
    [r.html, r.html ? htmlReport(report) : ''],
  ] as const) {
    if (!file) continue;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}

/** The `--json` summary on stdout. */
export function runSummary(report: RunReport) {
  return {
    total: report.totals.total,
    passed: report.totals.passed,
    flaky: report.totals.flaky,
    failed: report.totals.failed,
    skipped: report.totals.skipped,
    selected: report.selected,
    notRun: report.selected - report.results.length,
    ...(report.stopped ? { stopped: report.stopped } : {}),
    durationMs: report.durationMs,
    results: report.results.map((r) => ({
      id: r.id,
      suite: r.suite,
      title: r.title,
      status: r.status,
      attempts: r.attempts.length,
      durationMs: r.attempts.reduce((t, a) => t + a.durationMs, 0),
      ...(r.attempts.at(-1)!.message ? { message: r.attempts.at(-1)!.message } : {}),
    })),
  };
}

/** The last progress line: the totals, and why the run ended early if it did. */
export function summaryLine(report: RunReport): string {
  const t = report.totals;
  const early = report.stopped ? ` — ${report.stopped === 'interrupted' ? 'interrupted' : 'stopped by --fail-fast'}, ${report.selected - report.results.length} of ${report.selected} not run` : '';
  return `${t.passed} passed, ${t.flaky} flaky, ${t.failed} failed, ${t.skipped} skipped (${(report.durationMs / 1000).toFixed(1)} s)${early}`;
}
