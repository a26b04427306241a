/** Which scenarios a run takes: tags, excluded tags, a title/id pattern, a shard. */
import { KeyrigError } from '@keyrig/protocol';
import type { Scenario, Suite } from '../dsl/scenario.js';
import { pickShard, type Shard } from './shard.js';

export interface Selection {
  /** Keep scenarios having any of these tags. */
  readonly tags?: readonly string[];
  /** Drop scenarios having any of these tags (after `tags`). */
  readonly excludeTags?: readonly string[];
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
  const known = new Set(all.flatMap((sc) => sc.tags));
  const unknown = [...(s.tags ?? []), ...(s.excludeTags ?? [])].filter((t) => !known.has(t));
  if (unknown.length > 0) {
    throw new KeyrigError('config', `no scenario has the tag ${unknown.map((t) => `"${t}"`).join(', ')}; known tags: ${[...known].sort().join(', ') || '(none)'}`);
  }
  const kept = all.filter(
    (sc) =>
      (!s.tags?.length || sc.tags.some((t) => s.tags!.includes(t))) &&
      !sc.tags.some((t) => s.excludeTags?.includes(t)) &&
      (!pattern || pattern.test(sc.id) || pattern.test(sc.title)),
  );
  if (kept.length === 0 && all.length > 0 && (s.tags?.length || s.excludeTags?.length || pattern)) {
    throw new KeyrigError('config', `the selection (${[s.tags?.length ? `tags ${s.tags.join(', ')}` : '', s.excludeTags?.length ? `excluding ${s.excludeTags.join(', ')}` : '', pattern ? `grep "${s.grep}"` : ''].filter(Boolean).join('; ')}) matches no scenario of ${all.length}`);
  }
  return s.shard ? pickShard(kept, s.shard) : kept;
}
