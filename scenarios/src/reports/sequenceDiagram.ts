/**
 * A sequence diagram of one scenario as inline SVG: a lifeline per participant (Property, Cloud,
 * phones, locks), one arrow per message in time order — grant -> credential -> BLE transaction ->
 * lock audit -> cloud event. Steps, checks and faults appear as notes. Labels are never cut: a
 * long one wraps onto more lines and its row grows. No external assets.
 */
import type { TimelineEvent } from '../dsl/Timeline.js';
import { escapeXml as x } from './xml.js';

const COL = 210;
const ROW = 24;
const TOP = 44;
/** Extra height per wrapped line, and the average width of a character (px at 11 px). */
const LINE = 13;
const CHAR = 6;

export function sequenceDiagram(events: readonly TimelineEvent[], participantsIn: readonly string[]): string {
  const participants = ['Property', ...participantsIn.filter((p) => p !== 'Property' && p !== 'Test')];
  for (const e of events) {
    for (const p of [e.actor, e.to]) if (p && p !== 'Test' && !participants.includes(p)) participants.push(p);
  }
  const col = (p: string) => 90 + participants.indexOf(p) * COL;
  const width = 20 + participants.length * COL;
  const rows = events.filter((e) => e.kind !== 'step' || e.actor !== 'Test');
  // Every label is drawn whole: wrapped onto as many lines as it needs, its row as tall as that.
  const laid = rows.map((e) => {
    if (e.kind === 'message' && e.to) {
      const from = e.actor === 'Test' ? col('Property') : col(e.actor);
      const to = e.to === 'Test' ? col('Property') : col(e.to);
      const lines = wrap(e.text, from === to ? 60 : Math.max(24, Math.floor(Math.abs(to - from) / CHAR)));
      return { e, from, to, lines };
    }
    const label = `${e.kind === 'check' ? (e.ok ? '✓ ' : '✗ ') : e.kind === 'fault' ? 'fault: ' : e.kind === 'time' ? 'time: ' : ''}${e.text}`;
    return { e, from: 0, to: 0, lines: wrap(label, 90) };
  });
  const tops: number[] = [];
  let next = TOP;
  for (const l of laid) {
    tops.push(next);
    next += ROW + (l.lines.length - 1) * LINE;
  }
  const height = next + 30;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="11" role="img" aria-label="sequence diagram">`,
    '<defs><marker id="a" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="context-stroke"/></marker></defs>',
  ];
  for (const p of participants) {
    const cx = col(p);
    out.push(`<rect x="${cx - 70}" y="6" width="140" height="24" rx="4" fill="#eef2f7" stroke="#5b6b7f"/>`);
    out.push(`<text x="${cx}" y="22" text-anchor="middle" font-weight="600"${p.length > 22 ? ' textLength="132" lengthAdjust="spacingAndGlyphs"' : ''}>${x(p)}</text>`);
    out.push(`<line x1="${cx}" y1="30" x2="${cx}" y2="${height - 10}" stroke="#b8c2cf" stroke-dasharray="4 3"/>`);
  }
  laid.forEach(({ e, from, to, lines }, i) => {
    const y = tops[i]! + 12;
    const extra = (lines.length - 1) * LINE;
    const color = e.ok === false ? '#c0392b' : e.ok === true ? '#1e8449' : '#34495e';
    if (e.kind === 'message' && e.to) {
      if (from === to) {
        out.push(text(from + 6, y, lines, color));
        return;
      }
      // The label above, the arrow under its last line.
      out.push(`<line x1="${from}" y1="${y + 4 + extra}" x2="${to}" y2="${y + 4 + extra}" stroke="${color}" stroke-width="1.4" marker-end="url(#a)"/>`);
      out.push(text((from + to) / 2, y, lines, color, 'middle'));
    } else {
      const at = e.actor !== 'Test' && participants.includes(e.actor) ? col(e.actor) : col('Property');
      const fill = e.kind === 'fault' ? '#fdebd0' : e.kind === 'check' ? (e.ok ? '#e9f7ef' : '#fadbd8') : '#f4f6f7';
      const w = Math.min(width - 8, 8 + Math.max(...lines.map((l) => l.length)) * 6);
      // Notes start at their lifeline, shifted left when they would run off the right edge.
      const left = Math.max(4, Math.min(at - 4, width - w - 4));
      out.push(`<rect x="${left}" y="${y - 11}" width="${w}" height="${16 + extra}" rx="3" fill="${fill}"/>`);
      out.push(text(left + 4, y, lines, color));
    }
  });
  out.push('</svg>');
  return out.join('');
}

/** Words onto lines of at most `n` characters (a longer word is split). */
export function wrap(label: string, n: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (let word of label.split(' ')) {
    while (word.length > n) {
      if (line) lines.push(line);
      lines.push(word.slice(0, n));
      word = word.slice(n);
      line = '';
    }
    if (!line) line = word;
    else if (line.length + 1 + word.length <= n) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  lines.push(line);
  return lines;
}

/** A label of one or more lines; the first line's baseline at y. */
function text(tx: number, y: number, lines: readonly string[], color: string, anchor?: 'middle'): string {
  const body = lines.length === 1 ? x(lines[0]!) : lines.map((l, i) => `<tspan x="${tx}" dy="${i === 0 ? 0 : LINE}">${x(l)}</tspan>`).join('');
  return `<text x="${tx}" y="${y}"${anchor ? ` text-anchor="${anchor}"` : ''} fill="${color}">${body}</text>`;
}
