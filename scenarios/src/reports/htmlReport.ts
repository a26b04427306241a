/**
 * A self-contained HTML report (inline CSS and SVG, no script, no external asset): a summary,
 * then per scenario its status, attempts, the timeline, a sequence diagram and — on failure —
 * the btsnoop captures of every controller as downloadable data: links (open them in Wireshark).
 */
import type { RunReport, ScenarioResult } from '../runner/runSuites.js';
import { sequenceDiagram } from './sequenceDiagram.js';
import { escapeXml as x } from './xml.js';

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:24px;color:#1c2833;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:0}
.meta{color:#5d6d7e;margin-bottom:16px}
.totals span{display:inline-block;padding:4px 10px;border-radius:12px;margin-right:6px;font-weight:600}
.passed{background:#d5f5e3;color:#196f3d}.skipped{background:#eaeded;color:#566573}.flaky{background:#fcf3cf;color:#7d6608}.failed,.error{background:#fadbd8;color:#922b21}
table{border-collapse:collapse;margin:8px 0;width:100%}td,th{border-bottom:1px solid #e5e8e8;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f4f6f7;font-weight:600}
details{border:1px solid #d5dbdb;border-radius:6px;margin:10px 0;padding:8px 12px}
summary{cursor:pointer;list-style:none}summary::-webkit-details-marker{display:none}
.badge{display:inline-block;min-width:52px;text-align:center;border-radius:10px;padding:1px 8px;font-size:12px;font-weight:700;margin-right:8px}
.id{color:#5d6d7e;font-family:ui-monospace,monospace;font-size:12px}
.msg{background:#fdedec;border-left:4px solid #c0392b;padding:6px 10px;white-space:pre-wrap;font-family:ui-monospace,monospace;font-size:12px}
.svg{overflow-x:auto;border:1px solid #eaeded;border-radius:4px;margin:8px 0}
.stopped{background:#fadbd8;border-left:4px solid #c0392b;padding:6px 10px;margin:8px 0;font-weight:600}
.ok{color:#1e8449}.bad{color:#c0392b}
`;

export function htmlReport(report: RunReport, title = 'keyrig scenario report'): string {
  const t = report.totals;
  const rows = report.results
    .map((r) => `<tr><td><span class="badge ${r.status}">${r.status}</span></td><td><a href="#${anchor(r.id)}">${x(r.title)}</a><div class="id">${x(r.id)}</div></td><td>${r.attempts.length}</td><td>${secs(total(r))}</td></tr>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${x(title)}</title><style>${CSS}</style></head><body>
<h1>${x(title)}</h1>
<div class="meta">started ${x(report.startedAt)} · ${secs(report.durationMs)} · ${t.total} scenario(s)</div>
<div class="totals"><span class="passed">${t.passed} passed</span><span class="flaky">${t.flaky} flaky</span><span class="failed">${t.failed} failed</span><span class="skipped">${t.skipped} skipped</span></div>
${report.stopped ? `<div class="stopped">${report.stopped === 'interrupted' ? 'Interrupted' : 'Stopped by --fail-fast'}: ${report.results.length} of ${report.selected} scenario(s) ran, ${report.selected - report.results.length} not run.</div>` : ''}
<table><thead><tr><th>status</th><th>scenario</th><th>attempts</th><th>time</th></tr></thead><tbody>${rows}</tbody></table>
${report.results.map(section).join('\n')}
</body></html>
`;
}

function section(r: ScenarioResult): string {
  const last = r.attempts.at(-1)!;
  const open = r.status !== 'passed' && r.status !== 'skipped' ? ' open' : '';
  const failures = r.attempts
    .map((a, i) =>
      a.status === 'passed' ? '' : a.status === 'skipped' ? `<p class="id">skipped: ${x(a.message ?? '')}</p>` : `<div class="msg">attempt ${i + 1}: ${x(a.message ?? a.status)}</div>`,
    )
    .join('');
  const timeline = last.timeline
    .map(
      (e) =>
        `<tr><td>${(e.elapsedMs / 1000).toFixed(3)} s</td><td>${x(new Date(e.simTime).toISOString().replace('T', ' ').replace('.000Z', 'Z'))}</td><td>${x(e.actor)}${e.to ? ` → ${x(e.to)}` : ''}</td><td class="${e.ok === false ? 'bad' : e.ok ? 'ok' : ''}">${e.kind === 'check' ? (e.ok ? '✓ ' : '✗ ') : ''}${x(e.text)}</td></tr>`,
    )
    .join('');
  const captures = r.attempts
    .flatMap((a, i) => a.captures.map((c) => ({ ...c, attempt: i + 1 })))
    .map((c) => `<li><a download="attempt${c.attempt}-${x(c.name)}" href="data:application/vnd.tcpdump.pcap;base64,${Buffer.from(c.bytes).toString('base64')}">attempt ${c.attempt}: ${x(c.entrance ? `${c.entrance} (${c.name})` : c.name)}</a> (${c.bytes.length} bytes, btsnoop, controller ${x(c.controller)})</li>`)
    .join('');
  return `<details id="${anchor(r.id)}"${open}><summary><span class="badge ${r.status}">${r.status}</span><h2 style="display:inline">${x(r.title)}</h2> <span class="id">${x(r.id)} · ${r.tags.map(x).join(', ')}</span></summary>
${failures}
<h3>Sequence</h3><div class="svg">${sequenceDiagram(last.timeline, last.participants)}</div>
<h3>Timeline</h3><table><thead><tr><th>wall</th><th>simulated time</th><th>who</th><th>what</th></tr></thead><tbody>${timeline}</tbody></table>
${captures ? `<h3>Captures</h3><ul>${captures}</ul>` : ''}
</details>`;
}

const total = (r: ScenarioResult) => r.attempts.reduce((t, a) => t + a.durationMs, 0);
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const anchor = (id: string) => `s-${id.replace(/[^a-z0-9-]/gi, '-')}`;
