/**
 * Every shipped suite runs green on the emulated target (each scenario once, through the runner),
 * and the reports it makes are well-formed: JUnit counts match, the HTML is self-contained.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { htmlReport, junitReport, runSuites, selectScenarios, SHIPPED_SUITES, type RunReport } from '../src/index.js';
import { testLogger } from './support.js';

let report: RunReport;

beforeAll(async () => {
  report = await runSuites(selectScenarios(SHIPPED_SUITES), { logger: testLogger });
}, 240_000);

describe('shipped suites on the emulated target', () => {
  it('cover the stories of the issue', () => {
    expect(SHIPPED_SUITES.map((s) => s.name)).toEqual(['guest-stay', 'sharing', 'revocation', 'override', 'stay-changes', 'clock', 'battery', 'radio', 'attacks']);
    expect(report.results.length).toBe(SHIPPED_SUITES.reduce((n, s) => n + s.scenarios.length, 0));
  });

  it('every scenario passes on its first attempt', () => {
    const bad = report.results.filter((r) => r.status !== 'passed').map((r) => `${r.id}: ${r.status} ${r.attempts.at(-1)!.message ?? ''}`);
    expect(bad).toEqual([]);
  });

  it('timelines hold the whole chain: grant -> credential -> BLE -> lock audit -> cloud event', () => {
    const checkIn = report.results.find((r) => r.id.startsWith('guest-stay/check-in'))!;
    const texts = checkIn.attempts[0]!.timeline.map((e) => `${e.actor}>${e.to ?? ''} ${e.text}`);
    const order = [/^Property>Cloud access_grants\/create/, /^Cloud>ada credentials/, /^ada>Room 101 BLE/, /^Room 101>ada RESULT GRANTED/, /^Room 101>Test lock audit: GRANTED/, /^Cloud>Test events: lock\.unlocked/];
    let at = -1;
    for (const re of order) {
      const i = texts.findIndex((t, k) => k > at && re.test(t));
      expect(i, `${re} after position ${at}`).toBeGreaterThan(at);
      at = i;
    }
  });

  it('draws each BLE message of an unlock as its own arrow, in PROTOCOL.md §4 order and direction', () => {
    const checkIn = report.results.find((r) => r.id.startsWith('guest-stay/check-in'))!;
    const ble = checkIn.attempts[0]!.timeline.filter((e) => e.kind === 'message' && /^BLE /.test(e.text)).map((e) => `${e.actor}>${e.to} ${e.text.split(' ')[1]}`);
    // §4's table: HELLO phone → lock, LOCK_AUTH lock → phone, PHONE_AUTH phone → lock,
    // SESSION_READY lock → phone, COMMAND phone → lock, RESULT lock → phone.
    const unlock = ['ada>Room 101 HELLO', 'Room 101>ada LOCK_AUTH', 'ada>Room 101 PHONE_AUTH', 'Room 101>ada SESSION_READY', 'ada>Room 101 COMMAND', 'Room 101>ada RESULT'];
    expect(ble.slice(0, unlock.length)).toEqual(unlock);
    // Each arrow names the message's size (an arrow per message, not a summary).
    expect(checkIn.attempts[0]!.timeline.find((e) => /^BLE PHONE_AUTH \(\d+ B\)$/.test(e.text))).toBeDefined();
  });

  it('writes JUnit XML whose counts match the run', () => {
    const xml = junitReport(report);
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites /);
    expect(xml.match(/<testcase /g)?.length).toBe(report.results.length);
    expect(xml.match(/<testsuite /g)?.length).toBe(SHIPPED_SUITES.length);
    expect(xml).toContain(`tests="${report.results.length}" failures="0" errors="0"`);
  });

  it('writes a self-contained HTML report with a sequence diagram per scenario', () => {
    const html = htmlReport(report);
    expect(html.match(/<svg /g)?.length).toBe(report.results.length);
    expect(html).not.toMatch(/<script|<link |src="http|href="http/);
    // No secret of the run may reach the report: instant key URLs carry /ik/<secret>.
    expect(html).not.toMatch(/\/ik\/[A-Za-z0-9_-]{8,}/);
  });
});
