/**
 * A sequence diagram of one scenario as inline SVG: a lifeline per participant (Property, Cloud,
 * phones, locks), one arrow per message in time order — grant -> credential -> BLE transaction ->
 * lock audit -> cloud event. Steps, checks and faults appear as notes. No external assets.
 */
import type { TimelineEvent } from '../dsl/Timeline.js';
import { escapeXml as x } from './xml.js';

const COL = 210;
const ROW = 24;
const TOP = 44;

export function sequenceDiagram(events: readonly TimelineEvent[], participantsIn: readonly string[]): string {
  const participants = ['Property', ...participantsIn.filter((p) => p !== 'Property' && p !== 'Test')];
  for (const e of events) {
    for (const p of [e.actor, e.to]) if (p && p !== 'Test' && !participants.includes(p)) participants.push(p);
  }
  const col = (p: string) => 90 + participants.indexOf(p) * COL;
  const width = 20 + participants.length * COL;
  const rows = events.filter((e) => e.kind !== 'step' || e.actor !== 'Test');
  const height = TOP + rows.length * ROW + 30;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="11" role="img" aria-label="sequence diagram">`,
    '<defs><marker id="a" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="context-stroke"/></marker></defs>',
  ];
  for (const p of participants) {
    const cx = col(p);
    out.push(`<rect x="${cx - 70}" y="6" width="140" height="24" rx="4" fill="#eef2f7" stroke="#5b6b7f"/>`);
    out.push(`<text x="${cx}" y="22" text-anchor="middle" font-weight="600">${x(clip(p, 22))}</text>`);
    out.push(`<line x1="${cx}" y1="30" x2="${cx}" y2="${height - 10}" stroke="#b8c2cf" stroke-dasharray="4 3"/>`);
  }
  rows.forEach((e, i) => {
    const y = TOP + i * ROW + 12;
    const color = e.ok === false ? '#c0392b' : e.ok === true ? '#1e8449' : '#34495e';
    if (e.kind === 'message' && e.to) {
      const from = e.actor === 'Test' ? col('Property') : col(e.actor);
      const to = e.to === 'Test' ? col('Property') : col(e.to);
      if (from === to) {
        out.push(`<text x="${from + 6}" y="${y}" fill="${color}">${x(clip(e.text, 60))}</text>`);
        return;
      }
      out.push(`<line x1="${from}" y1="${y + 4}" x2="${to}" y2="${y + 4}" stroke="${color}" stroke-width="1.4" marker-end="url(#a)"/>`);
      const mid = (from + to) / 2;
      out.push(`<text x="${mid}" y="${y}" text-anchor="middle" fill="${color}">${x(clip(e.text, Math.max(24, Math.floor(Math.abs(to - from) / 6))))}</text>`);
    } else {
      const at = e.actor !== 'Test' && participants.includes(e.actor) ? col(e.actor) : col('Property');
      const fill = e.kind === 'fault' ? '#fdebd0' : e.kind === 'check' ? (e.ok ? '#e9f7ef' : '#fadbd8') : '#f4f6f7';
      const label = `${e.kind === 'check' ? (e.ok ? '✓ ' : '✗ ') : e.kind === 'fault' ? 'fault: ' : e.kind === 'time' ? 'time: ' : ''}${e.text}`;
      const text = clip(label, 90);
      const w = Math.min(width - 8, 8 + text.length * 6);
      // Notes start at their lifeline, shifted left when they would run off the right edge.
      const left = Math.max(4, Math.min(at - 4, width - w - 4));
      out.push(`<rect x="${left}" y="${y - 11}" width="${w}" height="16" rx="3" fill="${fill}"/>`);
      out.push(`<text x="${left + 4}" y="${y}" fill="${color}">${x(text)}</text>`);
    }
  });
  out.push('</svg>');
  return out.join('');
}

function clip(text: string, n: number): string {
  return text.length <= n ? text : `${text.slice(0, n - 1)}…`;
}
