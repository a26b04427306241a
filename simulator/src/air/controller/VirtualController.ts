/**
 * A virtual LE controller: takes H4 packets from its host, answers commands from a table and
 * relays ACL data through the air. Output to the host is queued in air-time order and delivered
 * asynchronously, like a real transport: in fast mode everything queued goes in one macrotask (as
 * one read of a socket or UART hands the host several packets), in modeled mode one packet per
 * macrotask.
 */
import type { Logger } from 'pino';
import { Evt, H4, Pb, Status, hex16 } from '../hci/constants.js';
import {
  HciPacketError,
  aclPacket,
  addressToString,
  commandComplete,
  commandStatus,
  dataBufferOverflow,
  numberOfCompletedPackets,
  parseHostPacket,
  type HciAcl,
  type HciCommand,
} from '../hci/packets.js';
import type { LinkConnection } from '../link/LinkConnection.js';
import type { Position } from '../link/pathLoss.js';
import { COMMANDS, DATA_LENGTH_OPCODES, type CommandTable } from './commandTable.js';
import { CommandCredits } from './commandCredits.js';
import { STATUS_STYLE_UNKNOWN, isBufferCredit } from './hostPackets.js';
import type { AdvertisingState, Medium, PendingConnection, ScanningState } from './types.js';

export interface ControllerOptions {
  readonly name: string;
  /** Public address, 6 little-endian bytes. */
  readonly address: Buffer;
  readonly position: Position;
  readonly txPowerDbm: number;
  /** LE ACL buffers the controller reports (§7.8.2): data length per packet and how many. */
  readonly aclBufferLength: number;
  readonly aclBufferCount: number;
  /** Largest LL payload supported (Vol 6 Part B §4.5.10); 27 = no data length extension. */
  readonly maxDataLength: number;
  /**
   * Strict mode (docs/AIR.md): a command sent without a credit is dropped instead of answered, and
   * a controller without data length extension does not know its commands (Unknown HCI Command).
   */
  readonly strict?: boolean;
}

/** Receives every packet crossing the host interface (for captures). */
export type PacketTap = (packet: Buffer, fromHost: boolean, airTimeMs: number) => void;

/**
 * Most packets one fast-mode delivery turn hands the host before yielding the event loop, so two
 * chatty hosts cannot starve timers, I/O or other controllers.
 */
export const MAX_PACKETS_PER_TURN = 64;

interface Queued {
  readonly t: number;
  readonly seq: number;
  readonly packet: Buffer;
}

export class VirtualController {
  readonly name: string;
  readonly address: Buffer;
  position: Position;
  readonly txPowerDbm: number;
  readonly options: ControllerOptions;

  /** Air time of this controller: last packet delivered to its host, plus host processing. */
  simNow = 0;
  /** Set Event Mask default 0x00001FFFFFFFFFFF (§7.3.1): LE Meta is off until the host enables it. */
  eventMask: Buffer = Buffer.from('ffffffffff1f0000', 'hex');
  /** LE event mask (§7.8.1); default 0x1f per spec. */
  leEventMask: Buffer = Buffer.from('1f00000000000000', 'hex');
  leHostSupported = 0;
  randomAddress: Buffer | undefined;
  suggestedDataLength = 27;
  advertising: AdvertisingState = VirtualController.#freshAdvertising();
  scanning: ScanningState = VirtualController.#freshScanning();
  /** LE Set Scan Parameters (§7.8.10); default interval = window = 10 ms. */
  scanParams = { active: false, intervalMs: 10, windowMs: 10 };
  pendingConnection: PendingConnection | undefined;
  readonly connections = new Map<number, LinkConnection>();
  /** ACL packets from the host not yet completed (buffer accounting, §4.1.1). */
  aclInUse = 0;
  #nextHandle = 0x0040;

  readonly stats = { commands: 0, unknownCommands: 0, malformed: 0, aclIn: 0, aclOut: 0, overflows: 0, creditViolations: 0 };
  /** Command flow control by credits (Vol 4 Part E §4.4). */
  readonly credits = new CommandCredits(this);
  /** The commands this controller runs (strict without data length extension: fewer). */
  readonly commands: CommandTable;

  #host: ((packet: Buffer) => void) | undefined;
  #onClosed: (() => void) | undefined;
  #queue: Queued[] = [];
  #seq = 0;
  #pumping = false;
  #deferred: (() => void)[] | undefined;
  #closed = false;
  readonly #taps = new Set<PacketTap>();

  constructor(
    readonly medium: Medium,
    options: ControllerOptions,
    readonly logger?: Logger,
  ) {
    this.options = options;
    this.name = options.name;
    this.address = options.address;
    this.position = options.position;
    this.txPowerDbm = options.txPowerDbm;
    this.commands =
      options.strict && options.maxDataLength <= 27
        ? new Map([...COMMANDS].filter(([op]) => !DATA_LENGTH_OPCODES.has(op)))
        : COMMANDS;
  }

  get strict(): boolean {
    return this.options.strict === true;
  }


  static #freshScanning(): ScanningState {
    return { enabled: false, active: false, filterDuplicates: false, seen: new Set(), startedAt: 0, intervalMs: 10, windowMs: 10 };
  }

  static #freshAdvertising(): AdvertisingState {
    return {
      enabled: false,
      intervalMs: 1.28 * 1000,
      type: 0,
      ownAddressType: 0,
      data: Buffer.alloc(0),
      scanResponse: Buffer.alloc(0),
      startedAt: 0,
      generation: 0,
    };
  }

  get addressString(): string {
    return addressToString(this.address);
  }

  /** The address this controller advertises and connects with. */
  get ownAddress(): { address: Buffer; type: number } {
    if (this.advertising.ownAddressType === 1 && this.randomAddress) return { address: this.randomAddress, type: 1 };
    return { address: this.address, type: 0 };
  }

  // ---- host side --------------------------------------------------------------------------

  /** Attaches the host end (one at a time); packets queued for the host are delivered to it. */
  /** `onClosed` runs once if the controller goes away for good (detached, air closed). */
  connectHost(sink: (packet: Buffer) => void, onClosed?: () => void): void {
    this.#host = sink;
    this.#onClosed = onClosed;
    this.#pump();
  }

  disconnectHost(): void {
    this.#host = undefined;
    this.#onClosed = undefined;
    this.#queue = [];
  }

  get hostConnected(): boolean {
    return this.#host !== undefined;
  }

  tap(t: PacketTap): () => void {
    this.#taps.add(t);
    return () => this.#taps.delete(t);
  }

  /** One complete H4 packet from the host. Never throws: bad input is answered or logged. */
  receiveFromHost(bytes: Uint8Array): void {
    if (this.#closed) return;
    const t = this.#hostStamp();
    // A copy: the packet outlives this call (queued for the peer), the host's buffer may not.
    const raw = Buffer.from(bytes);
    if (this.#taps.size > 0) for (const tap of this.#taps) tap(raw, true, t);
    if (this.#trace) this.logger!.trace({ dir: 'host->ctrl', t, hex: raw.toString('hex') }, 'hci');
    if (raw[0] === H4.COMMAND && raw.length >= 3 && !this.credits.take(raw.readUInt16LE(1))) return;
    let packet;
    try {
      packet = parseHostPacket(raw);
    } catch (err) {
      this.stats.malformed++;
      const reason = err instanceof HciPacketError ? err.message : String(err);
      this.logger?.warn({ hex: raw.subarray(0, 16).toString('hex'), reason }, 'malformed H4 packet from host dropped');
      // A command whose opcode we can read still gets an answer, so the host is not left waiting.
      if (raw[0] === H4.COMMAND && raw.length >= 3) {
        this.send(commandComplete(raw.readUInt16LE(1), Buffer.from([Status.INVALID_PARAMETERS])), t);
      }
      return;
    }
    if (packet.kind === 'command') this.#command(packet, t);
    else this.#acl(packet, t);
  }

  /** Whether packets are logged (hex dumps are built only then). */
  get #trace(): boolean {
    return this.logger !== undefined && this.logger.isLevelEnabled('trace');
  }

  #hostStamp(): number {
    if (!this.medium.modeled) {
      this.simNow = Math.max(this.simNow, this.medium.elapsed());
      return this.simNow;
    }
    this.simNow += this.medium.hostProcessingMs;
    return this.simNow;
  }

  /** Queues a packet for the host at air time t (ms), unless its event is masked. */
  send(packet: Buffer, t: number): void {
    if (this.#closed) return;
    if (packet[0] === H4.EVENT && !this.eventEnabled(packet[1]!)) return;
    const q: Queued = { t, seq: this.#seq++, packet };
    // Insert in (t, seq) order; nearly always at the end.
    const queue = this.#queue;
    let i = queue.length;
    while (i > 0 && queue[i - 1]!.t > t) i--;
    if (i === queue.length) queue.push(q);
    else queue.splice(i, 0, q);
    this.#pump();
  }

  #pump(): void {
    if (this.#pumping || !this.#host || this.#queue.length === 0) return;
    this.#pumping = true;
    setImmediate(this.#deliver);
  }

  /**
   * One delivery turn. Fast mode drains the queue in order, including what the host queues while
   * handling a packet (up to MAX_PACKETS_PER_TURN). Modeled mode hands over one packet per turn: the
   * host's clock moves with each delivery (simNow) and stamps what it sends next, so its reaction to
   * a packet, including the asynchronous part, must run before the next packet arrives.
   */
  readonly #deliver = (): void => {
    this.#pumping = false;
    let budget = this.medium.modeled ? 1 : MAX_PACKETS_PER_TURN;
    for (; budget > 0 && this.#queue.length > 0; budget--) {
      const host = this.#host;
      if (!host || this.#closed) return;
      const next = this.#queue.shift()!;
      this.credits.delivered(next.packet);
      if (next.t > this.simNow && !isBufferCredit(next.packet)) this.simNow = next.t;
      if (this.#taps.size > 0) for (const tap of this.#taps) tap(next.packet, false, next.t);
      if (this.#trace) this.logger!.trace({ dir: 'ctrl->host', t: next.t, hex: next.packet.toString('hex') }, 'hci');
      try {
        host(next.packet);
      } catch (err) {
        // A host that throws from its data handler is its own bug; keep the controller alive.
        this.logger?.error({ err }, 'host threw while handling a packet');
      }
    }
    this.#pump();
  };

  /** Runs fn after the current command's reply has been queued (so follow-up events come later). */
  later(fn: () => void): void {
    if (this.#deferred) this.#deferred.push(fn);
    else fn();
  }

  #command(cmd: HciCommand, t: number): void {
    this.stats.commands++;
    const entry = this.commands.get(cmd.opcode);
    const at = t + this.medium.commandLatencyMs;
    if (!entry) {
      this.stats.unknownCommands++;
      this.logger?.debug({ opcode: hex16(cmd.opcode) }, 'unknown HCI command');
      // Vol 4 Part E §4.5: unknown commands get Unknown HCI Command (0x01).
      if (STATUS_STYLE_UNKNOWN.has(cmd.opcode)) this.send(commandStatus(cmd.opcode, Status.UNKNOWN_COMMAND), at);
      else this.send(commandComplete(cmd.opcode, Buffer.from([Status.UNKNOWN_COMMAND])), at);
      return;
    }
    this.logger?.debug({ opcode: hex16(cmd.opcode), command: entry.name }, 'command');
    if (entry.params !== undefined && cmd.params.length < entry.params) {
      if (entry.reply === 'status') this.send(commandStatus(cmd.opcode, Status.INVALID_PARAMETERS), at);
      else this.send(commandComplete(cmd.opcode, Buffer.from([Status.INVALID_PARAMETERS])), at);
      return;
    }
    this.#deferred = [];
    let reply: Buffer;
    try {
      const result = entry.run(this, cmd.params, t);
      reply =
        entry.reply === 'status'
          ? commandStatus(cmd.opcode, result as number)
          : commandComplete(cmd.opcode, result as Uint8Array);
    } catch (err) {
      this.logger?.error({ err, command: entry.name }, 'command handler failed');
      reply =
        entry.reply === 'status'
          ? commandStatus(cmd.opcode, Status.HARDWARE_FAILURE)
          : commandComplete(cmd.opcode, Buffer.from([Status.HARDWARE_FAILURE]));
    }
    const deferred = this.#deferred;
    this.#deferred = undefined;
    this.send(reply, at);
    for (const fn of deferred) fn();
  }

  #acl(acl: HciAcl, t: number): void {
    this.stats.aclIn++;
    const conn = this.connections.get(acl.handle);
    if (!conn || !conn.open) {
      this.logger?.debug({ handle: acl.handle }, 'ACL for an unknown handle dropped');
      return;
    }
    if (acl.data.length > this.options.aclBufferLength) {
      this.stats.overflows++;
      this.logger?.warn({ length: acl.data.length, max: this.options.aclBufferLength }, 'ACL packet longer than the buffer; dropped');
      this.send(dataBufferOverflow(), t);
      return;
    }
    if (this.aclInUse >= this.options.aclBufferCount) {
      this.stats.overflows++;
      this.logger?.warn({ inUse: this.aclInUse }, 'host sent ACL without a free buffer; dropped');
      this.send(dataBufferOverflow(), t);
      return;
    }
    this.aclInUse++;
    // Hosts send PB=00 (first, non-flushable) or 10; 01 continues (Vol 4 Part E §5.4.2).
    const start = acl.pb !== Pb.CONTINUING;
    this.medium.transmitAcl(conn, this, start, acl.data, t);
  }

  /** The link layer finished sending one ACL packet of this controller: free its buffer (§7.7.19). */
  aclCompleted(conn: LinkConnection, t: number): void {
    if (this.aclInUse > 0) this.aclInUse--;
    if (conn.open) this.send(numberOfCompletedPackets(conn.handleAt(this), 1), t);
  }

  /** An LL data PDU arrived: up to the host as one ACL packet, PB=10 first / 01 continuing. */
  deliverAcl(conn: LinkConnection, start: boolean, payload: Buffer, t: number): void {
    this.stats.aclOut++;
    this.send(aclPacket(conn.handleAt(this), start ? Pb.FIRST_FLUSHABLE : Pb.CONTINUING, payload), t);
  }

  allocateHandle(): number {
    let h = this.#nextHandle;
    while (this.connections.has(h)) h = h >= 0x0eff ? 0x0040 : h + 1;
    this.#nextHandle = h >= 0x0eff ? 0x0040 : h + 1;
    return h;
  }

  /**
   * Set Event Mask (§7.3.1): bit n-1 enables event code n. Command Complete/Status and Number Of
   * Completed Packets cannot be masked.
   */
  eventEnabled(code: number): boolean {
    if (code === 0x0e || code === 0x0f || code === 0x13) return true;
    const bit = code - 1;
    return ((this.eventMask[bit >> 3] ?? 0) & (1 << (bit & 7))) !== 0;
  }

  /** Whether the host enabled an LE meta subevent (§7.8.1: bit n-1 for subevent n). */
  leEventEnabled(subevent: number): boolean {
    const bit = subevent - 1;
    return ((this.leEventMask[bit >> 3] ?? 0) & (1 << (bit & 7))) !== 0;
  }

  /** HCI_Reset (§7.3.2): back to the power-on state; links drop without notice to this host. */
  resetState(): void {
    this.advertising = VirtualController.#freshAdvertising();
    this.scanning = VirtualController.#freshScanning();
    this.scanParams = { active: false, intervalMs: 10, windowMs: 10 };
    this.pendingConnection = undefined;
    this.eventMask = Buffer.from('ffffffffff1f0000', 'hex');
    this.leEventMask = Buffer.from('1f00000000000000', 'hex');
    this.randomAddress = undefined;
    this.suggestedDataLength = 27;
    this.aclInUse = 0;
    this.#queue = [];
  }

  /** Stops for good (air closed or the remote host left). */
  close(): void {
    this.#closed = true;
    this.#queue = [];
    this.#host = undefined;
    this.#taps.clear();
    const onClosed = this.#onClosed;
    this.#onClosed = undefined;
    onClosed?.();
  }

  get closed(): boolean {
    return this.#closed;
  }
}
