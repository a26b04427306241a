/**
 * Space resolution for access grants (docs/CLOUD.md "Spaces"): a grant given `space_ids` reaches
 * every entrance in those spaces. Shared by access_grants/create|list (which take `space_ids`)
 * and the spaces routes: this is the one function both use.
 */
import type { CloudContext } from '../context.js';
import { getSpace, spaceEntranceIds } from './spaces.js';

/**
 * The entrances of the given spaces, deduplicated, in id order. An unknown space is a 404 naming
 * it; an empty space contributes nothing (the caller decides whether an empty result is an error).
 * Resolved when called: a grant made by space holds the entrances the spaces had at that moment.
 */
export function entrancesOfSpaces(ctx: CloudContext, spaceIds: readonly string[]): string[] {
  const out = new Set<string>();
  for (const id of spaceIds) {
    getSpace(ctx, id);
    for (const e of spaceEntranceIds(ctx, id)) out.add(e);
  }
  return [...out].sort();
}
