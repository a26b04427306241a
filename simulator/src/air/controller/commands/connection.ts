/**
 * Connection commands: create / cancel / update / data length / RSSI / disconnect
 * (Vol 4 Part E §7.1.6, §7.5.4, §7.8.12–§7.8.18, §7.8.33–§7.8.46).
 */
import { Op, Status } from '../../hci/constants.js';
import { addressToString } from '../../hci/packets.js';
import type { CommandEntry } from '../commandTable.js';

/** LE data length limits (Vol 6 Part B §4.5.10). */
const MIN_OCTETS = 27;
const MAX_OCTETS = 251;
const octetsToTime = (octets: number): number => (octets + 14) * 8; // µs on LE 1M

export const CONNECTION_COMMANDS: [number, CommandEntry][] = [
  [
    Op.LE_CREATE_CONN,
    // §7.8.12: Scan_Interval(2) Scan_Window(2) Filter_Policy(1) Peer_Address_Type(1) Peer_Address(6)
    // Own_Address_Type(1) Interval_Min(2) Interval_Max(2) Max_Latency(2) Supervision_Timeout(2)
    // Min_CE_Length(2) Max_CE_Length(2)
    {
      name: 'LE Create Connection',
      params: 25,
      reply: 'status',
      run(c, p, t) {
        if (c.pendingConnection) return Status.COMMAND_DISALLOWED;
        if (p[4] !== 0) return Status.UNSUPPORTED_FEATURE; // filter accept list initiation: not modeled
        const min = p.readUInt16LE(13);
        const max = p.readUInt16LE(15);
        const timeout = p.readUInt16LE(19);
        if (min < 6 || max > 0x0c80 || min > max || timeout < 0x000a || timeout > 0x0c80) return Status.INVALID_PARAMETERS;
        const scanInterval = p.readUInt16LE(0);
        const scanWindow = p.readUInt16LE(2);
        if (scanInterval < 4 || scanWindow < 4 || scanWindow > scanInterval) return Status.INVALID_PARAMETERS;
        c.pendingConnection = {
          scan: { intervalMs: scanInterval * 0.625, windowMs: scanWindow * 0.625 },
          peerAddressType: p[5]!,
          peerAddress: addressToString(p.subarray(6, 12)),
          minIntervalMs: min * 1.25,
          maxIntervalMs: max * 1.25,
          latency: p.readUInt16LE(17),
          supervisionTimeoutMs: timeout * 10,
          at: t,
        };
        c.later(() => c.medium.createConnection(c));
        return Status.SUCCESS;
      },
    },
  ],
  [
    Op.LE_CREATE_CONN_CANCEL, // §7.8.13: no parameters; LE Connection Complete (0x02) follows
    {
      name: 'LE Create Connection Cancel',
      reply: 'complete',
      run(c, _p, t) {
        if (!c.pendingConnection) return Uint8Array.of(Status.COMMAND_DISALLOWED);
        c.later(() => c.medium.cancelConnection(c, t));
        return Uint8Array.of(Status.SUCCESS);
      },
    },
  ],
  [
    Op.DISCONNECT, // §7.1.6: Handle(2) Reason(1)
    {
      name: 'Disconnect',
      params: 3,
      reply: 'status',
      run(c, p, t) {
        const conn = c.connections.get(p.readUInt16LE(0) & 0x0fff);
        if (!conn || !conn.open) return Status.UNKNOWN_CONNECTION_ID;
        const reason = p[2]!;
        c.later(() => c.medium.disconnect(conn, c, reason, t));
        return Status.SUCCESS;
      },
    },
  ],
  [
    Op.LE_CONN_UPDATE,
    // §7.8.18: Handle(2) Interval_Min(2) Interval_Max(2) Max_Latency(2) Supervision_Timeout(2) Min_CE(2) Max_CE(2)
    {
      name: 'LE Connection Update',
      params: 14,
      reply: 'status',
      run(c, p, t) {
        const conn = c.connections.get(p.readUInt16LE(0) & 0x0fff);
        if (!conn || !conn.open) return Status.UNKNOWN_CONNECTION_ID;
        const min = p.readUInt16LE(2);
        const max = p.readUInt16LE(4);
        const timeout = p.readUInt16LE(8);
        if (min < 6 || min > max || max > 0x0c80 || timeout < 0x000a || timeout > 0x0c80) return Status.INVALID_PARAMETERS;
        c.later(() => c.medium.updateConnection(conn, min * 1.25, p.readUInt16LE(6), timeout * 10, t));
        return Status.SUCCESS;
      },
    },
  ],
  [
    Op.READ_RSSI, // §7.5.4: Handle(2) -> Status, Handle(2), RSSI(int8)
    {
      name: 'Read RSSI',
      params: 2,
      reply: 'complete',
      run(c, p) {
        const handle = p.readUInt16LE(0) & 0x0fff;
        const conn = c.connections.get(handle);
        const out = Buffer.alloc(4);
        out.writeUInt16LE(handle, 1);
        if (!conn || !conn.open) {
          out[0] = Status.UNKNOWN_CONNECTION_ID;
          out.writeInt8(127, 3);
          return out;
        }
        out.writeInt8(c.medium.readRssi(conn, c), 3);
        return out;
      },
    },
  ],
  [
    Op.LE_SET_DATA_LENGTH, // §7.8.33: Handle(2) TxOctets(2) TxTime(2) -> Status, Handle
    {
      name: 'LE Set Data Length',
      params: 6,
      reply: 'complete',
      run(c, p, t) {
        const handle = p.readUInt16LE(0) & 0x0fff;
        const out = Buffer.alloc(3);
        out.writeUInt16LE(handle, 1);
        const conn = c.connections.get(handle);
        const tx = p.readUInt16LE(2);
        if (!conn || !conn.open) out[0] = Status.UNKNOWN_CONNECTION_ID;
        else if (c.options.maxDataLength <= MIN_OCTETS) out[0] = Status.UNSUPPORTED_FEATURE;
        else if (tx < MIN_OCTETS || tx > MAX_OCTETS) out[0] = Status.INVALID_PARAMETERS;
        else c.later(() => c.medium.setDataLength(conn, c, Math.min(tx, c.options.maxDataLength), t));
        return out;
      },
    },
  ],
  [
    Op.LE_READ_SUGGESTED_DATA_LENGTH, // §7.8.34: Status, Octets(2), Time(2)
    {
      name: 'LE Read Suggested Default Data Length',
      reply: 'complete',
      run(c) {
        const out = Buffer.alloc(5);
        out.writeUInt16LE(c.suggestedDataLength, 1);
        out.writeUInt16LE(octetsToTime(c.suggestedDataLength), 3);
        return out;
      },
    },
  ],
  [
    Op.LE_WRITE_SUGGESTED_DATA_LENGTH, // §7.8.35: Octets(2), Time(2)
    {
      name: 'LE Write Suggested Default Data Length',
      params: 4,
      reply: 'complete',
      run(c, p) {
        const octets = p.readUInt16LE(0);
        if (octets < MIN_OCTETS || octets > MAX_OCTETS) return Uint8Array.of(Status.INVALID_PARAMETERS);
        c.suggestedDataLength = Math.min(octets, c.options.maxDataLength);
        return Uint8Array.of(Status.SUCCESS);
      },
    },
  ],
  [
    Op.LE_READ_MAX_DATA_LENGTH, // §7.8.46: Status, MaxTxOctets, MaxTxTime, MaxRxOctets, MaxRxTime
    {
      name: 'LE Read Maximum Data Length',
      reply: 'complete',
      run(c) {
        const n = c.options.maxDataLength;
        const out = Buffer.alloc(9);
        out.writeUInt16LE(n, 1);
        out.writeUInt16LE(octetsToTime(n), 3);
        out.writeUInt16LE(n, 5);
        out.writeUInt16LE(octetsToTime(n), 7);
        return out;
      },
    },
  ],
];
