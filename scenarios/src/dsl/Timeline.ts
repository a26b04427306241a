/**
 * What happened in one scenario, in order: steps, messages between participants (grant ->
 * credential -> BLE transaction -> lock audit -> cloud event), checks and injected faults.
 * The HTML report draws it as a timeline and a sequence diagram.
 */
import type { Clock } from '@keyrig/protocol';

export type TimelineKind = 'step' | 'message' | 'check' | 'fault' | 'time';

export interface TimelineEvent {
  /** Wall time since the scenario started, ms. */
  readonly elapsedMs: number;
  /** Simulation time (the injected clock), ms since the epoch. */
  readonly simTime: number;
  readonly kind: TimelineKind;
  /** Who acts (a participant name: "Cloud", a phone, a lock). */
  readonly actor: string;
  /** For messages: who receives it. */
  readonly to?: string;
  readonly text: string;
  /** For checks and BLE outcomes: did it go as expected / was access granted. */
  readonly ok?: boolean;
}

export class Timeline {
  readonly events: TimelineEvent[] = [];
  readonly #started = Date.now();

  constructor(private readonly clock: Clock) {}

  #push(e: Omit<TimelineEvent, 'elapsedMs' | 'simTime'>): void {
    this.events.push({ elapsedMs: Date.now() - this.#started, simTime: this.clock.now(), ...e });
  }

  /** A step of the story ("Ada checks in"). */
  step(text: string, actor = 'Test'): void {
    this.#push({ kind: 'step', actor, text });
  }

  /** A message from one participant to another. */
  message(from: string, to: string, text: string, ok?: boolean): void {
    this.#push({ kind: 'message', actor: from, to, text, ...(ok !== undefined ? { ok } : {}) });
  }

  check(text: string, ok: boolean): void {
    this.#push({ kind: 'check', actor: 'Test', text, ok });
  }

  fault(text: string, actor = 'Air'): void {
    this.#push({ kind: 'fault', actor, text });
  }

  time(text: string): void {
    this.#push({ kind: 'time', actor: 'Test', text });
  }

  /** Participants in order of first appearance, the cloud first. */
  participants(): string[] {
    const seen = new Set<string>(['Cloud']);
    for (const e of this.events) {
      if (e.kind !== 'message') continue;
      seen.add(e.actor);
      if (e.to) seen.add(e.to);
    }
    return [...seen];
  }
}
