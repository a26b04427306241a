/** Which scenarios a run takes: tags, a title/id pattern, a shard. */
import { KeyrigError } from '@keyrig/protocol';
import type { Scenario, Suite } from '../dsl/scenario.js';
import { pickShard, type Shard } from './shard.js';

export interface Selection {
  /** Keep scenarios having any of these tags. */
  readonly tags?: readonly string[];
  /** Keep scenarios whose id or title matches (a regular expression, case-insensitive). */
  readonly grep?: string;
  readonly shard?: Shard;
}

export function selectScenarios(suites: readonly Suite[], s: Selection = {}): Scenario[] {
  let pattern: RegExp | undefined;
  if (s.grep !== undefined) {
    try {
      pattern = new RegExp(s.grep, 'i');
    } catch (err) {
      throw new KeyrigError('config', `--grep "${s.grep}" is not a valid regular expression: ${(err as Error).message}`);
    }
  }
  const all = suites.flatMap((x) => x.scenarios);
  const ids = new Set<string>();
  for (const sc of all) {
    if (ids.has(sc.id)) throw new KeyrigError('config', `scenario id ${sc.id} appears twice (two suites with the same name?)`);
    ids.add(sc.id);
  }
  const kept = all.filter(
    (sc) => (!s.tags?.length || sc.tags.some((t) => s.tags!.includes(t))) && (!pattern || pattern.test(sc.id) || pattern.test(sc.title)),
  );
  return s.shard ? pickShard(kept, s.shard) : kept;
}
