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
  const buf = Buffer.from(packet.buffer, packet.byteOffset, packet.byteLength);
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

/** Builds an HCI event packet with its H4 indicator: §5.4.4. */
export function eventPacket(code: number, params: Uint8Array): Buffer {
  if (params.length > 255) throw new KeyrigError('internal', `event parameters too long (${params.length})`);
  const out = Buffer.alloc(3 + params.length);
  out[0] = H4.EVENT;
  out[1] = code;
  out[2] = params.length;
  out.set(params, 3);
  return out;
}

/** Command Complete: §7.7.14 (Num_HCI_Command_Packets, Command_Opcode, return parameters). */
export function commandComplete(op: number, returnParams: Uint8Array, numCommandPackets = 1): Buffer {
  const p = Buffer.alloc(3 + returnParams.length);
  p[0] = numCommandPackets;
  p.writeUInt16LE(op, 1);
  p.set(returnParams, 3);
  return eventPacket(Evt.COMMAND_COMPLETE, p);
}

/** Command Status: §7.7.15 (Status, Num_HCI_Command_Packets, Command_Opcode). */
export function commandStatus(op: number, status: number, numCommandPackets = 1): Buffer {
  const p = Buffer.alloc(4);
  p[0] = status;
  p[1] = numCommandPackets;
  p.writeUInt16LE(op, 2);
  return eventPacket(Evt.COMMAND_STATUS, p);
}

/** Disconnection Complete: §7.7.5 (Status, Connection_Handle, Reason). */
export function disconnectionComplete(handle: number, reason: number): Buffer {
  const p = Buffer.alloc(4);
  p[0] = Status.SUCCESS;
  p.writeUInt16LE(handle, 1);
  p[3] = reason;
  return eventPacket(Evt.DISCONNECTION_COMPLETE, p);
}

/** Number Of Completed Packets: §7.7.19 (Num_Handles, then handle/count pairs). */
export function numberOfCompletedPackets(handle: number, count: number): Buffer {
  const p = Buffer.alloc(5);
  p[0] = 1;
  p.writeUInt16LE(handle, 1);
  p.writeUInt16LE(count, 3);
  return eventPacket(Evt.NUMBER_OF_COMPLETED_PACKETS, p);
}

/** Data Buffer Overflow: §7.7.26 (Link_Type 0x01 = ACL). */
export function dataBufferOverflow(): Buffer {
  return eventPacket(Evt.DATA_BUFFER_OVERFLOW, Buffer.from([0x01]));
}

/** LE Meta event: §7.7.65 (Subevent_Code, then the subevent's parameters). */
export function leMeta(subevent: number, params: Uint8Array): Buffer {
  const p = Buffer.alloc(1 + params.length);
  p[0] = subevent;
  p.set(params, 1);
  return eventPacket(Evt.LE_META, p);
}

/** ACL packet from controller to host: §5.4.2. */
export function aclPacket(handle: number, pb: number, data: Uint8Array): Buffer {
  const out = Buffer.alloc(5 + data.length);
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
