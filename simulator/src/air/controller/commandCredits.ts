/**
 * Command flow control by credits, controller side (Vol 4 Part E §4.4): one credit after power-on
 * and reset; each command takes one; each Command Complete/Status handed to the host sets them to
 * its Num_HCI_Command_Packets. A host that sends with none left breaks "the Host shall not send
 * more HCI Command packets than Num_HCI_Command_Packets allows": counted and reported to the air
 * in both modes; a strict controller then drops the command unanswered, as a controller whose
 * command buffer is full drops what it cannot store (docs/AIR.md "Strict mode").
 */
import { hex16 } from '../hci/constants.js';
import { commandCredits } from './hostPackets.js';
import { NUM_HCI_COMMAND_PACKETS } from './strictMode.js';
import type { Medium } from './types.js';
import type { VirtualController } from './VirtualController.js';

export class CommandCredits {
  #credits = NUM_HCI_COMMAND_PACKETS;

  constructor(private readonly c: VirtualController) {}

  /** A command arrived: whether the controller runs it. */
  take(opcode: number): boolean {
    if (this.#credits > 0) {
      this.#credits--;
      return true;
    }
    const c = this.c;
    c.stats.creditViolations++;
    const medium: Medium = c.medium;
    medium.violation(c, `${c.name}: host sent command ${hex16(opcode)} with no command credit (Num_HCI_Command_Packets = 0; Vol 4 Part E §4.4)${c.strict ? ': dropped' : ''}`);
    return !c.strict;
  }

  /** A packet was handed to the host: a Command Complete/Status sets the credits. */
  delivered(packet: Buffer): void {
    const n = commandCredits(packet);
    if (n !== undefined) this.#credits = n;
  }

  /** Power-on state (the controller reset by itself). */
  reset(): void {
    this.#credits = NUM_HCI_COMMAND_PACKETS;
  }
}
