import { describe, expect, it } from 'vitest';
import { MalformedMessageError } from '../errors.js';
import { isLockType, LockType, lockTypeFromName, lockTypeName } from './LockType.js';

describe('LockType', () => {
  it('maps names and wire values both ways', () => {
    expect(LockType).toEqual({ door: 1, elevator: 2, amenity: 3 });
    expect(lockTypeName(2)).toBe('elevator');
    expect(lockTypeFromName('amenity')).toBe(3);
    expect(isLockType(3)).toBe(true);
    expect(isLockType(0)).toBe(false);
  });

  it('refuses unknown values and names', () => {
    expect(() => lockTypeName(4)).toThrow(MalformedMessageError);
    expect(() => lockTypeFromName('garage')).toThrow(/unknown lock type "garage"/);
    expect(() => lockTypeFromName('toString')).toThrow(MalformedMessageError);
  });
});
