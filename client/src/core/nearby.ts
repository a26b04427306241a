/**
 * Which locks are around, and which of them a key holder's credentials open (PROTOCOL.md §1, §6).
 * Pure functions over sightings: the platform only supplies the advertisements.
 */
import {
  findKeyrigAdvertisement,
  lockTypeName,
  type KeyrigAdvertisement,
  type LockTypeName,
} from '@keyrig/protocol';
import { byRssi, type Sighting } from './central.js';
import { chooseDocument, type Choosable } from './chooseDocument.js';

/** A keyrig lock heard on the air, with what its scan response says about it. */
export interface NearbyLock {
  readonly sighting: Sighting;
  readonly advertisement: KeyrigAdvertisement;
  /** Convenience copies of advertisement fields. */
  readonly lockId: string;
  readonly lockType: LockTypeName;
}

/**
 * The keyrig locks among the sightings (those whose manufacturer data decodes), best RSSI first.
 * A lock heard through several peripheral ids keeps its strongest report.
 */
export function findNearbyLocks(sightings: Iterable<Sighting>): NearbyLock[] {
  const best = new Map<string, NearbyLock>();
  for (const sighting of sightings) {
    const advertisement = findKeyrigAdvertisement({
      serviceUuids: sighting.serviceUuids,
      manufacturerData: sighting.manufacturerData,
    });
    if (advertisement === undefined) continue; // ADV_IND heard before its scan response
    const lock: NearbyLock = {
      sighting,
      advertisement,
      lockId: advertisement.lockId,
      lockType: lockTypeName(advertisement.lockType),
    };
    const prior = best.get(lock.lockId);
    if (prior === undefined || byRssi(sighting, prior.sighting) < 0) best.set(lock.lockId, lock);
  }
  return [...best.values()].sort((a, b) => byRssi(a.sighting, b.sighting));
}

/** The part of a held credential matching needs (a `HeldCredential` from the wallet fits). */
export type MatchableCredential = Choosable;

/** A nearby lock and the credential the client will present to it. */
export interface EligibleLock<C extends MatchableCredential = MatchableCredential> {
  readonly lock: NearbyLock;
  readonly credential: C;
  /**
   * Why the lock will probably refuse, judged on the phone's clock ('expired', 'not-yet-valid'),
   * or undefined. The client still tries: the lock decides, and its answer is what gets audited.
   */
  readonly warning?: 'expired' | 'not-yet-valid';
}

/**
 * Matches nearby locks to credentials whose entrances list the lock id; best RSSI first. For each
 * lock the document presented is the P1 choice at `now` (chooseDocument.ts, docs/CLIENT.md): the
 * one valid now, highest key sequence first; a future stay's document waits for its stay.
 */
export function matchEligibleLocks<C extends MatchableCredential>(
  nearby: readonly NearbyLock[],
  credentials: readonly C[],
  now: number,
): EligibleLock<C>[] {
  const out: EligibleLock<C>[] = [];
  for (const lock of nearby) {
    const chosen = chooseDocument(credentials, lock.lockId, now);
    if (chosen === undefined) continue;
    const d = chosen.document;
    const warning = now >= d.notAfter ? 'expired' : now < d.notBefore ? 'not-yet-valid' : undefined;
    out.push({ lock, credential: chosen, ...(warning ? { warning } : {}) });
  }
  return out.sort((a, b) => byRssi(a.lock.sighting, b.lock.sighting));
}
