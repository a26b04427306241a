/**
 * H4 packet codecs: what a host sends (commands, ACL) and what the controller answers (events,
 * ACL). Layouts: Vol 4 Part E §5.4 (packet formats) and §7.7 (events); H4 framing Vol 4 Part A §2.
 */
import { KeyrigError } from '@keyrig/protocol';
import { Evt, H4, Status } from './constants.js';

/** A command from the host: §5.4.1 (opcode, parameter length, parameters). */
export interface HciCommand {
  readonly kind: 'command';
  readonly opcode: number;
  readonly params: Buffer;
}

/** An ACL data packet: §5.4.2 (handle:12, PB:2, BC:2, length:16, data). */
export interface HciAcl {
  readonly kind: 'acl';
  readonly handle: number;
  readonly pb: number;
  readonly bc: number;
  readonly data: Buffer;
}

export type HostPacket = HciCommand | HciAcl;

/** Bytes from a host that are not a packet this controller accepts. */
export class HciPacketError extends KeyrigError {
  constructor(message: string) {
    super('malformed', message);
  }
}

/** Parses one complete H4 packet sent by a host. Throws HciPacketError on malformed input. */
export function parseHostPacket(packet: Uint8Array): HostPacket {
  const buf = Buffer.isBuffer(packet) ? packet : Buffer.from(packet.buffer, packet.byteOffset, packet.byteLength);
  if (buf.length < 1) throw new HciPacketError('empty H4 packet');
  const indicator = buf[0]!;
  if (indicator === H4.COMMAND) {
    if (buf.length < 4) throw new HciPacketError(`command packet too short (${buf.length} bytes)`);
    const len = buf[3]!;
    if (buf.length !== 4 + len) {
      throw new HciPacketError(`command parameter length ${len} does not match packet (${buf.length - 4} bytes)`);
    }
    return { kind: 'command', opcode: buf.readUInt16LE(1), params: buf.subarray(4) };
  }
  if (indicator === H4.ACL) {
    if (buf.length < 5) throw new HciPacketError(`ACL packet too short (${buf.length} bytes)`);
    const hf = buf.readUInt16LE(1);
    const len = buf.readUInt16LE(3);
    if (buf.length !== 5 + len) {
      throw new HciPacketError(`ACL data length ${len} does not match packet (${buf.length - 5} bytes)`);
    }
    return { kind: 'acl', handle: hf & 0x0fff, pb: (hf >> 12) & 0b11, bc: (hf >> 14) & 0b11, data: buf.subarray(5) };
  }
  throw new HciPacketError(`unsupported H4 packet indicator 0x${indicator.toString(16).padStart(2, '0')}`);
}

/**
 * An HCI event packet (§5.4.4) of `length` parameter octets with its H4 indicator and header
 * written. It comes from Node's buffer pool without zero-filling (far cheaper than one allocation
 * per packet): the caller writes every parameter octet.
 */
function eventBuffer(code: number, length: number): Buffer {
  if (length > 255) throw new KeyrigError('internal', `event parameters too long (${length})`);
  const out = Buffer.allocUnsafe(3 + length);
  out[0] = H4.EVENT;
  out[1] = code;
  out[2] = length;
  return out;
}

/** Builds an HCI event packet with its H4 indicator: §5.4.4. */
export function eventPacket(code: number, params: Uint8Array): Buffer {
  const out = eventBuffer(code, params.length);
  out.set(params, 3);
  return out;
}

/** Command Complete: §7.7.14 (Num_HCI_Command_Packets, Command_Opcode, return parameters). */
export function commandComplete(op: number, returnParams: Uint8Array, numCommandPackets = 1): Buffer {
  const out = eventBuffer(Evt.COMMAND_COMPLETE, 3 + returnParams.length);
  out[3] = numCommandPackets;
  out.writeUInt16LE(op, 4);
  out.set(returnParams, 6);
  return out;
}

/** Command Status: §7.7.15 (Status, Num_HCI_Command_Packets, Command_Opcode). */
export function commandStatus(op: number, status: number, numCommandPackets = 1): Buffer {
  const out = eventBuffer(Evt.COMMAND_STATUS, 4);
  out[3] = status;
  out[4] = numCommandPackets;
  out.writeUInt16LE(op, 5);
  return out;
}

/** Disconnection Complete: §7.7.5 (Status, Connection_Handle, Reason). */
export function disconnectionComplete(handle: number, reason: number): Buffer {
  const out = eventBuffer(Evt.DISCONNECTION_COMPLETE, 4);
  out[3] = Status.SUCCESS;
  out.writeUInt16LE(handle, 4);
  out[6] = reason;
  return out;
}

/** Number Of Completed Packets: §7.7.19 (Num_Handles, then handle/count pairs). */
export function numberOfCompletedPackets(handle: number, count: number): Buffer {
  const out = eventBuffer(Evt.NUMBER_OF_COMPLETED_PACKETS, 5);
  out[3] = 1;
  out.writeUInt16LE(handle, 4);
  out.writeUInt16LE(count, 6);
  return out;
}

/** Data Buffer Overflow: §7.7.26 (Link_Type 0x01 = ACL). */
export function dataBufferOverflow(): Buffer {
  const out = eventBuffer(Evt.DATA_BUFFER_OVERFLOW, 1);
  out[3] = 0x01;
  return out;
}

/** LE Meta event: §7.7.65 (Subevent_Code, then the subevent's parameters). */
export function leMeta(subevent: number, params: Uint8Array): Buffer {
  const out = eventBuffer(Evt.LE_META, 1 + params.length);
  out[3] = subevent;
  out.set(params, 4);
  return out;
}

/** ACL packet from controller to host: §5.4.2. From the buffer pool: every octet is written. */
export function aclPacket(handle: number, pb: number, data: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(5 + data.length);
  out[0] = H4.ACL;
  out.writeUInt16LE((handle & 0x0fff) | ((pb & 0b11) << 12), 1);
  out.writeUInt16LE(data.length, 3);
  out.set(data, 5);
  return out;
}

/** A Bluetooth address as "aa:bb:cc:dd:ee:ff" from its 6 little-endian bytes (Vol 2 Part B §1.2). */
export function addressToString(le: Uint8Array): string {
  return Array.from(le)
    .reverse()
    .map((b) => b.toString(16).padStart(2, '0'))
    .join(':');
}

/** The 6 little-endian bytes of "aa:bb:cc:dd:ee:ff". */
export function addressToBytes(address: string): Buffer {
  const parts = address.split(':');
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{2}$/.test(p))) {
    throw new KeyrigError('config', `not a Bluetooth address: "${address}"`);
  }
  return Buffer.from(parts.reverse().join(''), 'hex');
}
