import { describe, expect, it } from 'vitest';
import { DueHeap } from './DueHeap.js';
import { SeededRandom } from './rng.js';

describe('DueHeap', () => {
  it('pops by due time, first pushed first among equal times, with pushes in between', () => {
    const rng = new SeededRandom(5);
    const heap = new DueHeap<{ due: number; seq: number }>();
    const popped: { due: number; seq: number }[] = [];
    let seq = 0;
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 40; i++) heap.push({ due: rng.int(20, 'due', round, i), seq: seq++ });
      for (let i = 0; i < 30; i++) popped.push(heap.pop()!);
      // What is popped within a round is in order.
      const round_ = popped.slice(-30);
      expect(round_).toEqual([...round_].sort((a, b) => a.due - b.due || a.seq - b.seq));
    }
    expect(heap.size).toBe(50 * 10);
    let last = heap.pop()!;
    for (let next = heap.pop(); next !== undefined; next = heap.pop()) {
      expect(next.due > last.due || (next.due === last.due && next.seq > last.seq)).toBe(true);
      last = next;
    }
    expect(heap.peek()).toBeUndefined();
  });
});
