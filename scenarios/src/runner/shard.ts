/**
 * Deterministic sharding: scenarios sorted by id, the k-th goes to shard k mod n. Every machine
 * of a CI matrix computes the same split from the same suites, the shards are disjoint, their
 * union is the full run, and their sizes differ by at most one.
 */

import { KeyrigError } from '@keyrig/protocol';

export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly total: number;
}

/** Parses "i/n" (1 <= i <= n). */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new KeyrigError('config', `--shard must look like i/n (e.g. 2/4), got "${text}"`);
  const index = Number(m[1]);
  const total = Number(m[2]);
  if (total < 1 || index < 1 || index > total) throw new KeyrigError('config', `--shard ${text}: need 1 <= i <= n`);
  return { index, total };
}

/** The items of one shard, by id. */
export function pickShard<T extends { readonly id: string }>(items: readonly T[], shard: Shard): T[] {
  const sorted = [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return sorted.filter((_, k) => k % shard.total === shard.index - 1);
}
