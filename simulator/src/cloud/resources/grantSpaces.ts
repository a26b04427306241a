/**
 * Spaces on access grants (docs/CLOUD.md, "Compatibility"). keyrig stores a grant's `space_ids`
 * as opaque ids and echoes them; until the `spaces/*` family exists (#19, spaces), a space carries
 * no entrances, so a grant's doors come from `acs_entrance_ids` (and the deprecated
 * `location.acs_entrance_ids`) only, and `space_keys` cannot be resolved.
 *
 * TODO(#19 spaces): the engineer adding `spaces/*` fills in resolveSpaceIds (space_keys to ids,
 * unknown ids refused, each space's entrances added to the grant) and entranceIdsOfSpace.
 */
import type { CloudContext } from '../context.js';
import { invalidInput } from '../http/SeamApiError.js';

export interface ResolvedSpaces {
  /** The grant's space ids, in the order given, without duplicates. */
  space_ids: string[];
  /** Entrances the spaces give access to (added to the grant's acs_entrance_ids). */
  acs_entrance_ids: string[];
}

/** The spaces a grant is created with: ids as given (opaque), keys refused while keyrig has no spaces. */
export function resolveSpaceIds(_ctx: CloudContext, spaceIds: readonly string[], spaceKeys: readonly string[]): ResolvedSpaces {
  if (spaceKeys.length > 0) {
    throw invalidInput('space_keys cannot be resolved: this keyrig cloud has no spaces (give acs_entrance_ids; docs/CLOUD.md "Compatibility")', undefined, {
      _errors: [],
      space_keys: { _errors: ['no space with this key'] },
    });
  }
  return { space_ids: [...new Set(spaceIds)], acs_entrance_ids: [] };
}

/** The entrances of a space (acs/entrances/list?space_id=…): none while keyrig has no spaces. */
export function entranceIdsOfSpace(_ctx: CloudContext, _spaceId: string): string[] {
  return [];
}

/** A grant's stored space ids. */
export function grantSpaceIds(spaceIdsJson: string | null): string[] {
  return spaceIdsJson ? (JSON.parse(spaceIdsJson) as string[]) : [];
}
