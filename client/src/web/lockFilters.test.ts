import { describe, expect, it } from 'vitest';
import { encodeManufacturerData, KEYRIG_COMPANY_ID, KeyrigUuids, LockType, normalLockStatus } from '@keyrig/protocol';
import { lockFilters } from './lockFilters.js';

const room101 = '0d3f6a2e-5b1c-8d4e-9f00-112233445566';
const room102 = '9a8b7c6d-5e4f-8a3b-9c2d-1e0f11223344';

/** What a browser does with a manufacturerData filter: prefix compare under the mask. */
function matches(filter: ReturnType<typeof lockFilters>[number], payload: Uint8Array): boolean {
  const md = filter.manufacturerData![0]!;
  const prefix = md.dataPrefix!;
  const mask = md.mask!;
  return payload.length >= prefix.length && [...prefix].every((b, i) => (payload[i]! & mask[i]!) === (b & mask[i]!));
}

const adv = (lockId: string, status = normalLockStatus) =>
  encodeManufacturerData({ version: 1, lockType: LockType.door, status, securityRevision: 7, lockId }, { companyId: false });

describe('lockFilters: the chooser lists only the entrance’s locks', () => {
  it('one filter per lock: keyrig service and company 0xFFFF', () => {
    const filters = lockFilters([room101, room102]);
    expect(filters).toHaveLength(2);
    for (const f of filters) {
      expect(f.services).toEqual([KeyrigUuids.service]);
      expect(f.manufacturerData![0]!.companyIdentifier).toBe(KEYRIG_COMPANY_ID);
    }
  });

  it('matches the lock’s advertisement whatever its version, status flags and security revision', () => {
    const [f] = lockFilters([room101]);
    expect(matches(f!, adv(room101))).toBe(true);
    expect(matches(f!, adv(room101, { ...normalLockStatus, batteryLow: true }))).toBe(true);
  });

  it('does not match another lock', () => {
    const [f] = lockFilters([room101]);
    expect(matches(f!, adv(room102))).toBe(false);
  });
});
