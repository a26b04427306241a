/**
 * requestDevice filters for the locks of one entrance: the keyrig service plus the manufacturer
 * data of PROTOCOL.md §1 with the 'K' magic and the lock id fixed, so the browser's chooser lists
 * only locks this entrance can be opened at.
 */
import { KEYRIG_COMPANY_ID, KEYRIG_MAGIC, KeyrigUuids, uuidToBytes } from '@keyrig/protocol';
import type { BluetoothLEScanFilter } from './webBluetoothTypes.js';

/** Payload offsets (after the company id): [0] magic, [2] lock type, [5..20] lock id. */
const LOCK_ID_OFFSET = 5;

/** One filter per lock id: service UUID and `K ? type ? ? lockId` under a mask. */
export function lockFilters(lockIds: readonly string[], lockType?: number): BluetoothLEScanFilter[] {
  return lockIds.map((lockId) => {
    const prefix = new Uint8Array(LOCK_ID_OFFSET + 16);
    const mask = new Uint8Array(LOCK_ID_OFFSET + 16);
    prefix[0] = KEYRIG_MAGIC;
    mask[0] = 0xff;
    if (lockType !== undefined) {
      prefix[2] = lockType;
      mask[2] = 0xff;
    }
    prefix.set(uuidToBytes(lockId), LOCK_ID_OFFSET);
    mask.fill(0xff, LOCK_ID_OFFSET);
    return {
      services: [KeyrigUuids.service],
      manufacturerData: [{ companyIdentifier: KEYRIG_COMPANY_ID, dataPrefix: prefix, mask }],
    };
  });
}
