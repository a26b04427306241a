/**
 * Host-side HCI command flow control (Vol 4 Part E §4.4), on keyrig's side of the
 * bluetooth-hci-socket driver seam: noble 2.8 and bleno 0.12 write commands back to back (four
 * after every HCI_Reset) without waiting for the controller's credits. On Linux the kernel's HCI
 * core queues them; on the user channel, a UART or the virtual air nothing does, and a strict or
 * real controller may drop them. This queue holds commands until the controller grants credits.
 *
 * Credits: one after start (power-on/reset: "the Host shall send a maximum of one outstanding
 * HCI Command packet until a Command Complete or Command Status event has been received"); each
 * command takes one; every Command Complete (§7.7.14) or Command Status (§7.7.15) sets them to its
 * Num_HCI_Command_Packets (opcode 0x0000 = a controller announcing credits, e.g. after it reset).
 * ACL data is not a command and passes straight through (its flow control is the buffer count).
 */
const H4_COMMAND = 0x01;
const H4_EVENT = 0x04;
const EVT_COMMAND_COMPLETE = 0x0e;
const EVT_COMMAND_STATUS = 0x0f;

export class HostCommandQueue {
  #credits: number;
  #waiting: Buffer[] = [];

  /** `credits`: what the host may send before the first Command Complete/Status (default 1). */
  constructor(
    readonly send: (packet: Buffer) => void,
    credits = 1,
  ) {
    this.#credits = credits;
  }

  /** A packet from the host: sent now, or (a command without a credit) queued. */
  write(packet: Buffer): void {
    if (packet[0] !== H4_COMMAND) {
      this.send(packet);
      return;
    }
    if (this.#credits > 0 && this.#waiting.length === 0) {
      this.#credits--;
      this.send(packet);
    } else {
      // A copy: the host may reuse its buffer.
      this.#waiting.push(Buffer.from(packet));
    }
  }

  /** A packet from the controller (after the host saw it): Command Complete/Status return credits. */
  received(packet: Buffer): void {
    if (packet[0] !== H4_EVENT) return;
    if (packet[1] === EVT_COMMAND_COMPLETE && packet.length >= 4) this.grant(packet[3]!);
    else if (packet[1] === EVT_COMMAND_STATUS && packet.length >= 5) this.grant(packet[4]!);
  }

  /** The controller allows `credits` commands now: queued ones go. */
  grant(credits: number): void {
    this.#credits = credits;
    while (this.#credits > 0 && this.#waiting.length > 0) {
      this.#credits--;
      this.send(this.#waiting.shift()!);
    }
  }

  /** Commands waiting for a credit. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /** The controller went away or the host stopped: nothing waits; then `credits` (a new controller: 1). */
  clear(credits = 1): void {
    this.#waiting = [];
    this.#credits = credits;
  }
}
