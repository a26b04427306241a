/**
 * The sequence diagram's labels are whole (docs/SCENARIOS.md "Reports"): a long message or note is
 * wrapped onto more lines, never cut with "…", and the rows below move down to make room.
 */
import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../dsl/Timeline.js';
import { sequenceDiagram } from './sequenceDiagram.js';

const ev = (e: Partial<TimelineEvent> & Pick<TimelineEvent, 'kind' | 'actor' | 'text'>): TimelineEvent => ({ elapsedMs: 0, simTime: 0, ...e });
/** The text drawn in the SVG, the pieces of each label joined back. */
const drawn = (svg: string) => [...svg.matchAll(/<text[^>]*>([^]*?)<\/text>/g)].map((m) => m[1]!.replace(/<tspan[^>]*>/g, ' ').replace(/<\/tspan>/g, '').replace(/\s+/g, ' ').trim())
    .map((t) => t.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));

describe('sequenceDiagram', () => {
  const long = 'access_grants/create: Ada Guest → Room 101, Elevator, Gym until 2026-06-03T09:00:00.000Z with floors 2 and 3';
  const note = 'fault: radio {"dropRate":0.3,"corruptRate":0.1,"delayMs":250} between phone-ada and lock-0b6e7f1c-57a4-4b55-9d0e-0f2a3f6b8c11 for the rest of the story';
  const svg = sequenceDiagram(
    [
      ev({ kind: 'message', actor: 'Property', to: 'Cloud', text: long }),
      ev({ kind: 'fault', actor: 'Air', text: note.replace('fault: ', '') }),
      ev({ kind: 'message', actor: 'ada', to: 'Room 101', text: 'HELLO' }),
    ],
    ['Cloud', 'ada', 'Room 101'],
  );

  it('draws every label whole, with no ellipsis', () => {
    expect(svg).not.toContain('…');
    const texts = drawn(svg);
    expect(texts).toContain(long);
    expect(texts).toContain(note);
    expect(texts).toContain('HELLO');
  });

  it('wraps a long label onto several lines and moves the next rows down', () => {
    const first = /<text[^>]*>([^]*?)<\/text>/g;
    const labels = [...svg.matchAll(first)].filter((m) => m[1]!.includes('access_grants'));
    expect(labels[0]![1]!.match(/<tspan/g)!.length).toBeGreaterThan(1);
    // The HELLO arrow sits below both wrapped labels: its y is more than three plain rows down.
    const helloY = Number(/<text x="[\d.]+" y="([\d.]+)"[^>]*>HELLO/.exec(svg)![1]);
    expect(helloY).toBeGreaterThan(44 + 3 * 24);
  });
});
