import { encodeManufacturerData, KeyrigUuidsNoDash, LockType, normalLockStatus } from '@keyrig/protocol';
import { describe, expect, it } from 'vitest';
import type { Sighting } from './central.js';
import { findNearbyLocks, matchEligibleLocks } from './nearby.js';

const ROOM = '6b657972-0000-4000-8000-000000000101';
const GYM = '6b657972-0000-4000-8000-0000000000aa';
const OTHER = '6b657972-0000-4000-8000-0000000000ff';

function sighting(id: string, lockId: string | undefined, rssi: number, type: number = LockType.door): Sighting {
  return {
    peripheralId: id,
    rssi,
    serviceUuids: [KeyrigUuidsNoDash.service],
    seenAt: 1000,
    ...(lockId
      ? {
          manufacturerData: encodeManufacturerData({
            version: 1,
            lockType: type as 1,
            status: normalLockStatus,
            securityRevision: 0,
            lockId,
          }),
        }
      : {}),
  };
}

function credential(id: string, entrances: string[], issuedAt: number, notAfter = 10_000) {
  return { document: { credentialId: id, entrances, issuedAt, notBefore: 0, notAfter } };
}

describe('findNearbyLocks', () => {
  it('keeps decodable keyrig advertisements, strongest first, one per lock id', () => {
    const nearby = findNearbyLocks([
      sighting('p1', ROOM, -70),
      sighting('p2', GYM, -50, LockType.amenity),
      sighting('p3', undefined, -40), // ADV_IND without its scan response yet
      sighting('p4', ROOM, -60), // the same lock heard again, stronger
      { ...sighting('p5', OTHER, -30), manufacturerData: Uint8Array.of(0x4c, 0x00, 1, 2) },
    ]);
    expect(nearby.map((n) => [n.lockId, n.sighting.peripheralId, n.lockType])).toEqual([
      [GYM, 'p2', 'amenity'],
      [ROOM, 'p4', 'door'],
    ]);
  });
});

describe('matchEligibleLocks', () => {
  const nearby = findNearbyLocks([sighting('p1', ROOM, -70), sighting('p2', GYM, -50), sighting('p3', OTHER, -40)]);

  it('matches locks listed in a credential, best RSSI first; others are not eligible', () => {
    const eligible = matchEligibleLocks(nearby, [credential('c1', [ROOM, GYM], 1)], 500);
    expect(eligible.map((e) => [e.lock.lockId, e.credential.document.credentialId, e.warning])).toEqual([
      [GYM, 'c1', undefined],
      [ROOM, 'c1', undefined],
    ]);
  });

  it('prefers the document valid now over a later-issued one that ended (P1), and flags an expired one without dropping it', () => {
    const eligible = matchEligibleLocks(nearby, [credential('old', [ROOM], 1), credential('new', [ROOM], 2, 400)], 500);
    expect(eligible).toHaveLength(1);
    expect(eligible[0]!.credential.document.credentialId).toBe('old');
    expect(eligible[0]!.warning).toBeUndefined();
    const only = matchEligibleLocks(nearby, [credential('new', [ROOM], 2, 400)], 500);
    expect(only[0]!.credential.document.credentialId).toBe('new');
    expect(only[0]!.warning).toBe('expired');
  });

  it('prefers the highest key sequence for the lock over a later issue (§6 override)', () => {
    const older = { document: { ...credential('seq3', [ROOM], 1).document, keySequences: { [ROOM]: 3 } } };
    const newer = { document: { ...credential('seq2', [ROOM], 2).document, keySequences: { [ROOM]: 2 } } };
    const plain = credential('none', [ROOM], 5);
    expect(matchEligibleLocks(nearby, [newer, older, plain], 500)[0]!.credential.document.credentialId).toBe('seq3');
  });

  it('finds nothing without credentials', () => {
    expect(matchEligibleLocks(nearby, [], 0)).toEqual([]);
  });
});
