/**
 * LE Meta subevents the controller raises (Vol 4 Part E §7.7.65.x).
 */
import { LeSub } from './constants.js';
import { leMeta } from './packets.js';

export interface LeConnectionCompleteFields {
  status: number;
  handle: number;
  /** 0 central, 1 peripheral. */
  role: number;
  peerAddressType: number;
  /** 6 bytes, little-endian. */
  peerAddress: Uint8Array;
  intervalMs: number;
  latency: number;
  supervisionTimeoutMs: number;
}

/**
 * §7.7.65.1: Status, Connection_Handle(2), Role, Peer_Address_Type, Peer_Address(6),
 * Connection_Interval(2, ×1.25 ms), Peripheral_Latency(2), Supervision_Timeout(2, ×10 ms),
 * Central_Clock_Accuracy.
 */
export function leConnectionComplete(f: LeConnectionCompleteFields): Buffer {
  const p = Buffer.alloc(18);
  p[0] = f.status;
  p.writeUInt16LE(f.handle, 1);
  p[3] = f.role;
  p[4] = f.peerAddressType;
  p.set(f.peerAddress.subarray(0, 6), 5);
  p.writeUInt16LE(Math.round(f.intervalMs / 1.25), 11);
  p.writeUInt16LE(f.latency, 13);
  p.writeUInt16LE(Math.round(f.supervisionTimeoutMs / 10), 15);
  p[17] = 0x00; // 500 ppm
  return leMeta(LeSub.CONNECTION_COMPLETE, p);
}

/**
 * §7.7.65.2 with one report: Num_Reports, Event_Type, Address_Type, Address(6), Data_Length,
 * Data, RSSI (int8).
 */
export function leAdvertisingReport(eventType: number, addressType: number, address: Uint8Array, data: Uint8Array, rssi: number): Buffer {
  const p = Buffer.alloc(10 + data.length + 1);
  p[0] = 1;
  p[1] = eventType;
  p[2] = addressType;
  p.set(address.subarray(0, 6), 3);
  p[9] = data.length;
  p.set(data, 10);
  p.writeInt8(rssi, 10 + data.length);
  return leMeta(LeSub.ADVERTISING_REPORT, p);
}

/** §7.7.65.3: Status, Connection_Handle(2), Interval(2), Latency(2), Supervision_Timeout(2). */
export function leConnectionUpdateComplete(handle: number, intervalMs: number, latency: number, timeoutMs: number): Buffer {
  const p = Buffer.alloc(9);
  p[0] = 0;
  p.writeUInt16LE(handle, 1);
  p.writeUInt16LE(Math.round(intervalMs / 1.25), 3);
  p.writeUInt16LE(latency, 5);
  p.writeUInt16LE(Math.round(timeoutMs / 10), 7);
  return leMeta(LeSub.CONNECTION_UPDATE_COMPLETE, p);
}

/** §7.7.65.7: Connection_Handle(2), Max_TX_Octets(2), Max_TX_Time(2), Max_RX_Octets(2), Max_RX_Time(2). */
export function leDataLengthChange(handle: number, txOctets: number, rxOctets: number): Buffer {
  const p = Buffer.alloc(10);
  p.writeUInt16LE(handle, 0);
  p.writeUInt16LE(txOctets, 2);
  p.writeUInt16LE((txOctets + 14) * 8, 4);
  p.writeUInt16LE(rxOctets, 6);
  p.writeUInt16LE((rxOctets + 14) * 8, 8);
  return leMeta(LeSub.DATA_LENGTH_CHANGE, p);
}
