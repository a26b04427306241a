/**
 * Lock types (PROTOCOL.md §1 byte [2], §2 info byte [8]).
 */
import { MalformedMessageError } from '../errors.js';

/** Wire values of the lock types; the keys are the names used in config and reports. */
export const LockType = {
  door: 1,
  elevator: 2,
  amenity: 3,
} as const;

export type LockTypeName = keyof typeof LockType;
export type LockTypeValue = (typeof LockType)[LockTypeName];

const names = new Map<number, LockTypeName>(
  (Object.entries(LockType) as [LockTypeName, number][]).map(([k, v]) => [v, k]),
);

export function isLockType(value: number): value is LockTypeValue {
  return names.has(value);
}

/** Name of a wire value; throws MalformedMessageError for an unknown value. */
export function lockTypeName(value: number): LockTypeName {
  const name = names.get(value);
  if (name === undefined) throw new MalformedMessageError(`unknown lock type ${value}`);
  return name;
}

/** Wire value of a name; throws MalformedMessageError for an unknown name. */
export function lockTypeFromName(name: string): LockTypeValue {
  if (!Object.hasOwn(LockType, name)) {
    throw new MalformedMessageError(`unknown lock type "${name}" (expected door, elevator or amenity)`);
  }
  return LockType[name as LockTypeName];
}
