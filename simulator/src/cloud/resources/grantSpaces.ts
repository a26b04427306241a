/**
 * Spaces on access grants (docs/CLOUD.md "Spaces" and "Compatibility"): a grant given `space_ids`
 * or `space_keys` reaches every entrance in those spaces, resolved when the grant is made (a later
 * change to a space does not alter existing grants). Shared by access_grants/create|list, the
 * entrance list's `space_id` filter and the spaces routes: the one place spaces meet grants.
 */
import type { CloudContext } from '../context.js';
import { getSpace, getSpaceByKey, spaceEntranceIds } from './spaces.js';

export interface ResolvedSpaces {
  /** The grant's space ids, in the order given, without duplicates. */
  space_ids: string[];
  /** Entrances the spaces give access to (added to the grant's acs_entrance_ids). */
  acs_entrance_ids: string[];
}

/**
 * The entrances of the given spaces, deduplicated, in id order. An unknown space is a 404 naming
 * it; an empty space contributes nothing (the caller decides whether an empty result is an error).
 */
export function entrancesOfSpaces(ctx: CloudContext, spaceIds: readonly string[]): string[] {
  const out = new Set<string>();
  for (const id of spaceIds) {
    getSpace(ctx, id);
    for (const e of spaceEntranceIds(ctx, id)) out.add(e);
  }
  return [...out].sort();
}

/** The spaces a grant is created with: ids and keys (each must exist) and their entrances. */
export function resolveSpaceIds(ctx: CloudContext, spaceIds: readonly string[], spaceKeys: readonly string[]): ResolvedSpaces {
  const ids = [...new Set([...spaceIds, ...spaceKeys.map((k) => getSpaceByKey(ctx, k).space_id)])];
  return { space_ids: ids, acs_entrance_ids: entrancesOfSpaces(ctx, ids) };
}

/** The entrances of a space for a list filter (acs/entrances/list?space_id=…): none for an unknown space. */
export function entranceIdsOfSpace(ctx: CloudContext, spaceId: string): string[] {
  return spaceEntranceIds(ctx, spaceId);
}

/** A grant's stored space ids. */
export function grantSpaceIds(spaceIdsJson: string | null): string[] {
  return spaceIdsJson ? (JSON.parse(spaceIdsJson) as string[]) : [];
}
