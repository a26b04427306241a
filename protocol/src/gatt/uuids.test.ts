import { describe, expect, it } from 'vitest';
import { fromUtf8, uuidToBytes } from '../bytes.js';
import { KeyrigUuids, KeyrigUuidsNoDash, noDashUuid, sameUuid } from './uuids.js';

describe('keyrig GATT UUIDs (§2)', () => {
  it('has the decided values in both forms', () => {
    expect(KeyrigUuids.service).toBe('6b657972-6967-4b52-8000-000000000001');
    expect(KeyrigUuidsNoDash).toEqual({
      service: '6b65797269674b528000000000000001',
      controlPoint: '6b65797269674b528000000000000002',
      response: '6b65797269674b528000000000000003',
      info: '6b65797269674b528000000000000004',
    });
  });

  it('spells "keyrigKR" in its first 8 bytes', () => {
    expect(fromUtf8(uuidToBytes(KeyrigUuids.service).subarray(0, 8))).toBe('keyrigKR');
  });

  it('compares UUIDs regardless of dashes and case', () => {
    expect(noDashUuid('6B657972-6967-4B52-8000-000000000002')).toBe(KeyrigUuidsNoDash.controlPoint);
    expect(sameUuid(KeyrigUuids.info, KeyrigUuidsNoDash.info.toUpperCase())).toBe(true);
    expect(sameUuid(KeyrigUuids.info, KeyrigUuids.response)).toBe(false);
  });
});
