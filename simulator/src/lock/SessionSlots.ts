/**
 * "Busy", defined (docs/LOCK.md): a lock runs at most `maxSessions` protocol sessions at once, as
 * a lock MCU has a fixed number of crypto contexts. A slot is taken by a phone's first message and
 * freed when the session ends (result sent, disconnect, or `idleTimeoutMs` without a message).
 * While every slot is taken the advertisement's busy flag is set and a further phone is answered
 * BUSY.
 */
import type { Clock } from '@keyrig/protocol';

export interface SessionSlot {
  readonly id: number;
  /** Marks activity (each message from the phone). */
  touch(): void;
  release(): void;
}

export class SessionSlots {
  #next = 1;
  readonly #lastSeen = new Map<number, number>();

  constructor(
    readonly max: number,
    private readonly clock: Clock,
    private readonly idleTimeoutMs: number,
    private readonly onChange: () => void = () => {},
  ) {}

  /** A slot, or undefined when the lock is busy. Stale slots are reclaimed first. */
  acquire(): SessionSlot | undefined {
    this.reclaimIdle();
    if (this.#lastSeen.size >= this.max) return undefined;
    const id = this.#next++;
    this.#lastSeen.set(id, this.clock.now());
    this.onChange();
    let released = false;
    return {
      id,
      touch: () => {
        if (!released) this.#lastSeen.set(id, this.clock.now());
      },
      release: () => {
        if (released) return;
        released = true;
        this.#lastSeen.delete(id);
        this.onChange();
      },
    };
  }

  /** Frees slots whose phone went quiet (a phone walked away without disconnecting). */
  reclaimIdle(): void {
    const now = this.clock.now();
    let changed = false;
    for (const [id, seen] of this.#lastSeen) {
      if (now - seen >= this.idleTimeoutMs) {
        this.#lastSeen.delete(id);
        changed = true;
      }
    }
    if (changed) this.onChange();
  }

  get inUse(): number {
    return this.#lastSeen.size;
  }

  get busy(): boolean {
    return this.#lastSeen.size >= this.max;
  }
}
