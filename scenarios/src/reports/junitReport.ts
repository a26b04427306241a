/**
 * JUnit XML (the dialect Jenkins, GitLab and GitHub test reporters read): one <testsuite> per
 * suite, one <testcase> per scenario; failed checks as <failure>, broken runs as <error>; a flaky
 * scenario passes and says so in a property and in <system-out>. A run that ended early adds a
 * suite "keyrig run" with one test case saying so: an <error> when interrupted (the run is not a
 * pass), <skipped> after --fail-fast (the failure that stopped it is reported already).
 */
import type { RunReport, ScenarioResult } from '../runner/runSuites.js';
import { escapeXml as x } from './xml.js';

const secs = (ms: number) => (ms / 1000).toFixed(3);

export function junitReport(report: RunReport, name = 'keyrig scenarios'): string {
  const bySuite = new Map<string, ScenarioResult[]>();
  for (const r of report.results) bySuite.set(r.suite, [...(bySuite.get(r.suite) ?? []), r]);
  const time = (rs: readonly ScenarioResult[]) => rs.reduce((t, r) => t + r.attempts.reduce((u, a) => u + a.durationMs, 0), 0);
  const failures = (rs: readonly ScenarioResult[]) => rs.filter((r) => r.status === 'failed').length;
  const errors = (rs: readonly ScenarioResult[]) => rs.filter((r) => r.status === 'error').length;
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const notRun = report.selected - report.results.length;
  const early = report.stopped ? 1 : 0;
  const interrupted = report.stopped === 'interrupted' ? 1 : 0;
  lines.push(
    `<testsuites name="${x(name)}" tests="${report.results.length + early}" failures="${failures(report.results)}" errors="${errors(report.results) + interrupted}" time="${secs(report.durationMs)}" timestamp="${report.startedAt}">`,
  );
  for (const [suite, rs] of bySuite) {
    lines.push(`  <testsuite name="${x(suite)}" tests="${rs.length}" failures="${failures(rs)}" errors="${errors(rs)}" skipped="${rs.filter((r) => r.status === 'skipped').length}" time="${secs(time(rs))}" timestamp="${report.startedAt}">`);
    for (const r of rs) {
      const last = r.attempts.at(-1)!;
      lines.push(`    <testcase classname="keyrig.${x(suite)}" name="${x(r.title)}" time="${secs(r.attempts.reduce((t, a) => t + a.durationMs, 0))}">`);
      lines.push(`      <properties><property name="id" value="${x(r.id)}"/><property name="tags" value="${x(r.tags.join(','))}"/><property name="attempts" value="${r.attempts.length}"/>${r.status === 'flaky' ? '<property name="flaky" value="true"/>' : ''}</properties>`);
      if (r.status === 'failed' || r.status === 'error') {
        const tag = r.status === 'failed' ? 'failure' : 'error';
        lines.push(`      <${tag} message="${x(last.message ?? r.status)}" type="${r.status === 'failed' ? 'ScenarioCheckError' : 'Error'}">${x(last.stack ?? last.message ?? '')}</${tag}>`);
      }
      if (r.status === 'skipped') lines.push(`      <skipped message="${x(last.message ?? 'skipped')}"/>`);
      const story = last.timeline.map((e) => `${(e.elapsedMs / 1000).toFixed(3)}s ${e.actor}${e.to ? ` -> ${e.to}` : ''}: ${e.text}${e.ok === false ? ' [x]' : ''}`);
      const flaky = r.status === 'flaky' ? [`flaky: passed on attempt ${r.attempts.length}; earlier: ${r.attempts.slice(0, -1).map((a) => a.message).join(' | ')}`] : [];
      lines.push(`      <system-out>${x([...flaky, ...story].join('\n'))}</system-out>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  if (report.stopped) {
    const what = `${report.stopped === 'interrupted' ? 'interrupted' : 'stopped by --fail-fast'}: ${report.results.length} of ${report.selected} scenario(s) ran, ${notRun} not run`;
    lines.push(`  <testsuite name="keyrig run" tests="1" failures="0" errors="${interrupted}" skipped="${1 - interrupted}" time="0.000" timestamp="${report.startedAt}">`);
    lines.push(`    <testcase classname="keyrig.run" name="run ${report.stopped}" time="0.000">`);
    lines.push(interrupted ? `      <error message="${x(what)}" type="Interrupted">${x(what)}</error>` : `      <skipped message="${x(what)}"/>`);
    lines.push('    </testcase>', '  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}
