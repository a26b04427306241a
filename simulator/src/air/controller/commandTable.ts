/**
 * The command dispatch table: opcode -> handler (STYLE.md "From Bumble"). Handlers live in
 * commands/*.ts grouped by concern; an opcode missing here is answered "Unknown HCI Command".
 */
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
