/**
 * The command dispatch table: opcode -> handler (STYLE.md "From Bumble"). Handlers live in
 * commands/*.ts grouped by concern; an opcode missing here is answered "Unknown HCI Command".
 */
import { Op } from '../hci/constants.js';
import type { VirtualController } from './VirtualController.js';
import { BASEBAND_COMMANDS } from './commands/baseband.js';
import { INFO_COMMANDS } from './commands/info.js';
import { ADVERTISING_COMMANDS } from './commands/advertising.js';
import { CONNECTION_COMMANDS } from './commands/connection.js';

export interface CommandEntry {
  readonly name: string;
  /** Minimum parameter length; shorter -> Invalid HCI Command Parameters (0x12). */
  readonly params?: number;
  /** 'complete': run returns the return parameters (status first); 'status': run returns the status. */
  readonly reply: 'complete' | 'status';
  readonly run: (c: VirtualController, params: Buffer, t: number) => Uint8Array | number;
}

export type CommandTable = ReadonlyMap<number, CommandEntry>;

export const COMMANDS: CommandTable = new Map<number, CommandEntry>([
  ...BASEBAND_COMMANDS,
  ...INFO_COMMANDS,
  ...ADVERTISING_COMMANDS,
  ...CONNECTION_COMMANDS,
]);

/**
 * The LE Data Packet Length Extension commands (Vol 4 Part E §7.8.33–35, §7.8.46; Core 4.2). A
 * strict controller without the feature (maxDataLength 27) does not know them, as a Core 4.0/4.1
 * controller: Unknown HCI Command (0x01), and their Supported_Commands bits are clear.
 */
export const DATA_LENGTH_OPCODES: ReadonlySet<number> = new Set([
  Op.LE_SET_DATA_LENGTH,
  Op.LE_READ_SUGGESTED_DATA_LENGTH,
  Op.LE_WRITE_SUGGESTED_DATA_LENGTH,
  Op.LE_READ_MAX_DATA_LENGTH,
]);
