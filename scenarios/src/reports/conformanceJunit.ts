/**
 * JUnit XML of a conformance run: one <testcase> per test id (skipped ones with their reason); a
 * catalogue test carries the PROTOCOL.md section it checks as <property name="protocol_section">.
 */
import type { ConformanceReport } from '../conformance/runConformance.js';
import { escapeXml as x } from './xml.js';

export function conformanceJunit(r: ConformanceReport): string {
  const secs = (ms: number) => (ms / 1000).toFixed(3);
  const total = r.results.reduce((t, c) => t + c.durationMs, 0);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="keyrig conformance" tests="${r.total}" failures="${r.failed}" errors="0" skipped="${r.skipped}" time="${secs(total)}">`,
    `  <testsuite name="${x(r.target)}" tests="${r.total}" failures="${r.failed}" errors="0" skipped="${r.skipped}" time="${secs(total)}">`,
  ];
  for (const c of r.results) {
    lines.push(`    <testcase classname="keyrig.conformance.${x(r.lockType)}" name="${x(`${c.id} ${c.title}`)}" time="${secs(c.durationMs)}">`);
    if (c.section) lines.push(`      <properties><property name="protocol_section" value="${x(c.section)}"/></properties>`);
    if (c.status === 'failed') lines.push(`      <failure message="${x(c.detail ?? 'failed')}" type="ConformanceFailure"/>`);
    if (c.status === 'skipped') lines.push(`      <skipped message="${x(c.detail ?? 'skipped')}"/>`);
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>');
  return lines.join('\n') + '\n';
}
