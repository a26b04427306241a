/** The demo's readable timeline: one line per event, local hotel time, simulated latencies. */
import { resultCodeDescriptions, type ResultCodeName } from '@keyrig/protocol';
import type { DemoResult, DemoStep } from './runDemo.js';

export function formatTimeline(r: DemoResult): string {
  const time = new Intl.DateTimeFormat('en-GB', { timeZone: r.timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hour12: false });
  const at = (iso: string) => time.format(new Date(iso));
  const events = [
    ...r.notes.map((n) => ({ at: n.at, line: `${n.who.padEnd(9)} ${n.text}` })),
    ...r.steps.map((s) => ({ at: s.at, line: stepLine(s) })),
    ...r.steps
      .filter((s) => s.outcome === 'denied' && s.codeName)
      .map((s) => ({ at: s.at, line: `           the lock says: ${resultCodeDescriptions[s.codeName as ResultCodeName] ?? s.reason}` })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  const lines = [
    `keyrig demo: ${r.property} (${r.timeZone}), guest ${r.guest.name}, timing profile ${r.profile}, lock crypto ${r.lockMcu}`,
    `stay ${at(r.guest.stayFrom)} → checkout ${at(r.guest.stayUntil)}`,
    '',
    ...events.map((e) => `  ${at(e.at)}  ${e.line}`),
    '',
    `cloud events for the guest: ${Object.entries(r.cloudEvents).map(([k, v]) => `${k} ×${v}`).join(', ')}`,
    `simulated BLE time ${r.totalSimLatencyMs} ms (${r.profile}); wall time ${(r.wallTimeMs / 1000).toFixed(1)} s${r.captureDir ? `; btsnoop captures in ${r.captureDir}` : ''}`,
    r.ok ? 'every step as expected' : 'SOME STEPS DID NOT GO AS EXPECTED (marked !)',
  ];
  return `${lines.join('\n')}\n`;
}

function stepLine(s: DemoStep): string {
  const action = s.action === 'selectFloors' ? `select floor ${s.grantedFloors.join(',') || '?'}` : 'unlock';
  const verdict =
    s.outcome === 'granted'
      ? 'GRANTED'
      : s.outcome === 'denied'
        ? `DENIED ${s.codeName}`
        : `NO ANSWER (${s.reason})`;
  const mark = s.asExpected ? ' ' : '!';
  const p = s.simPhasesMs;
  const detail = p ? `  (scan ${p.scan}, connect ${p.connect}, handshake ${p.handshake}, command ${p.command}, audit+close ${p.auditAndDisconnect})` : '';
  return `${mark}${s.entrance.padEnd(9)} ${s.type.padEnd(8)} ${action.padEnd(15)} ${verdict.padEnd(10)} ${s.simLatencyMs.toFixed(1).padStart(7)} ms${detail}`;
}
