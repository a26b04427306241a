/**
 * The JUnit report of `keyrig validate` carries each conformance test's PROTOCOL.md section
 * (issue #18) as a <property name="protocol_section">, so a CI dashboard shows the rule a failure breaks.
 */
import { describe, expect, it } from 'vitest';
import { conformanceJunit, type ConformanceReport } from '../src/index.js';

const report: ConformanceReport = {
  target: 'lock-1 <&>',
  lockType: 'keyrig-v1',
  total: 3,
  passed: 1,
  failed: 1,
  skipped: 1,
  results: [
    { id: 'KR/LOCK/AUTH/BI-05-C', title: 'relayed PHONE_AUTH', status: 'failed', section: 'PROTOCOL.md §7.5 Lock checks of PHONE_AUTH', detail: 'accepted "late" <x>', durationMs: 1200 },
    { id: 'KR/LOCK/ADV/BV-01-C', title: 'advertisement', status: 'passed', section: 'PROTOCOL.md §1 Advertisement', durationMs: 30 },
    { id: 'X/OUTSIDE', title: 'a test outside the catalogue', status: 'skipped', detail: 'emulated only', durationMs: 0 },
  ],
};

/** The <testcase> element of one test id, from its opening tag to </testcase>. */
function testcase(xml: string, id: string): string {
  const start = xml.indexOf(`name="${id} `);
  expect(start, id).toBeGreaterThan(0);
  return xml.slice(xml.lastIndexOf('<testcase', start), xml.indexOf('</testcase>', start));
}

describe('conformance JUnit report', () => {
  it('each catalogue test carries its PROTOCOL.md section as a property; XML special characters escaped', () => {
    const xml = conformanceJunit(report);
    const failed = testcase(xml, 'KR/LOCK/AUTH/BI-05-C');
    expect(failed).toContain('<properties><property name="protocol_section" value="PROTOCOL.md §7.5 Lock checks of PHONE_AUTH"/></properties>');
    expect(failed).toContain('<failure message="accepted &quot;late&quot; &lt;x&gt;"');
    // JUnit's schema: <properties> comes before <failure>.
    expect(failed.indexOf('<properties>')).toBeLessThan(failed.indexOf('<failure'));
    expect(testcase(xml, 'KR/LOCK/ADV/BV-01-C')).toContain('value="PROTOCOL.md §1 Advertisement"');
    expect(testcase(xml, 'X/OUTSIDE')).not.toContain('protocol_section');
    expect(xml).toContain('name="lock-1 &lt;&amp;&gt;"');
  });
});
