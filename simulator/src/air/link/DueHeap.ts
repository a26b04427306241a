/**
 * A binary min-heap of things that fall due at a time (`due`, ms), first come first served among
 * equal times (`seq`): what a scanner's listener uses to find the streams whose next event is due
 * and the reports to hand over next, in O(log n) each.
 */
export interface Due {
  readonly due: number;
  /** Tie-break: among equal `due`, the lower `seq` comes first. */
  readonly seq: number;
}

const before = (x: Due, y: Due): boolean => x.due < y.due || (x.due === y.due && x.seq < y.seq);

export class DueHeap<T extends Due> {
  readonly #items: T[] = [];

  get size(): number {
    return this.#items.length;
  }

  /** The earliest item, without removing it. */
  peek(): T | undefined {
    return this.#items[0];
  }

  push(item: T): void {
    const a = this.#items;
    let i = a.push(item) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(item, a[parent]!)) break;
      a[i] = a[parent]!;
      i = parent;
    }
    a[i] = item;
  }

  /** Removes and returns the earliest item. */
  pop(): T | undefined {
    const a = this.#items;
    const top = a[0];
    const last = a.pop();
    if (a.length === 0 || last === undefined) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= a.length) break;
      const r = l + 1;
      const c = r < a.length && before(a[r]!, a[l]!) ? r : l;
      if (!before(a[c]!, last)) break;
      a[i] = a[c]!;
      i = c;
    }
    a[i] = last;
    return top;
  }
}
