/**
 * Supported_Commands bitmap (Vol 4 Part E §6.27): octet/bit of each command this controller runs.
 * Kept in step with the dispatch table by a unit test.
 */
import { Op } from '../../hci/constants.js';

/** [opcode, octet, bit] per §6.27. */
export const SUPPORTED_COMMAND_BITS: readonly (readonly [number, number, number])[] = [
  [Op.DISCONNECT, 0, 5],
  [Op.SET_EVENT_MASK, 5, 6],
  [Op.RESET, 5, 7],
  [Op.READ_TX_POWER_LEVEL, 10, 2],
  [Op.READ_LOCAL_VERSION, 14, 3],
  [Op.READ_LOCAL_FEATURES, 14, 5],
  [Op.READ_BUFFER_SIZE, 14, 7],
  [Op.READ_BD_ADDR, 15, 1],
  [Op.READ_RSSI, 15, 5],
  [Op.SET_EVENT_MASK_PAGE_2, 22, 2],
  [Op.READ_LE_HOST_SUPPORT, 24, 5],
  [Op.WRITE_LE_HOST_SUPPORT, 24, 6],
  [Op.LE_SET_EVENT_MASK, 25, 0],
  [Op.LE_READ_BUFFER_SIZE, 25, 1],
  [Op.LE_READ_LOCAL_FEATURES, 25, 2],
  [Op.LE_SET_RANDOM_ADDRESS, 25, 4],
  [Op.LE_SET_ADV_PARAMS, 25, 5],
  [Op.LE_READ_ADV_TX_POWER, 25, 6],
  [Op.LE_SET_ADV_DATA, 25, 7],
  [Op.LE_SET_SCAN_RSP_DATA, 26, 0],
  [Op.LE_SET_ADV_ENABLE, 26, 1],
  [Op.LE_SET_SCAN_PARAMS, 26, 2],
  [Op.LE_SET_SCAN_ENABLE, 26, 3],
  [Op.LE_CREATE_CONN, 26, 4],
  [Op.LE_CREATE_CONN_CANCEL, 26, 5],
  [Op.LE_READ_FAL_SIZE, 26, 6],
  [Op.LE_CLEAR_FAL, 26, 7],
  [Op.LE_CONN_UPDATE, 27, 2],
  [Op.LE_RAND, 27, 7],
  [Op.LE_READ_SUPPORTED_STATES, 28, 3],
  [Op.LE_SET_DATA_LENGTH, 33, 6],
  [Op.LE_READ_SUGGESTED_DATA_LENGTH, 33, 7],
  [Op.LE_WRITE_SUGGESTED_DATA_LENGTH, 34, 0],
  [Op.LE_READ_MAX_DATA_LENGTH, 35, 3],
];

/** The bitmap of the commands in `supported` (default: all this file lists). */
export function supportedCommandsBitmap(supported?: { has(opcode: number): boolean }): Buffer {
  const out = Buffer.alloc(64);
  for (const [op, octet, bit] of SUPPORTED_COMMAND_BITS) if (!supported || supported.has(op)) out[octet]! |= 1 << bit;
  return out;
}
