/**
 * LE advertising and scanning commands (Vol 4 Part E §7.8.4–§7.8.11). Legacy PDUs only: the
 * extended-advertising commands are not in the table, and LE feature bit 12 stays clear, so hosts
 * fall back to these.
 */
import { Op, Status } from '../../hci/constants.js';
import type { CommandEntry } from '../commandTable.js';

const ok = (): Uint8Array => Uint8Array.of(Status.SUCCESS);
const status = (s: number): Uint8Array => Uint8Array.of(s);

export const ADVERTISING_COMMANDS: [number, CommandEntry][] = [
  [
    Op.LE_SET_RANDOM_ADDRESS, // §7.8.4: Random_Address (6)
    {
      name: 'LE Set Random Address',
      params: 6,
      reply: 'complete',
      run(c, p) {
        c.randomAddress = Buffer.from(p.subarray(0, 6));
        return ok();
      },
    },
  ],
  [
    Op.LE_SET_ADV_PARAMS,
    // §7.8.5: Interval_Min(2) Interval_Max(2) Type(1) Own_Address_Type(1) Peer_Address_Type(1)
    // Peer_Address(6) Channel_Map(1) Filter_Policy(1); intervals in 0.625 ms units.
    {
      name: 'LE Set Advertising Parameters',
      params: 15,
      reply: 'complete',
      run(c, p) {
        if (c.advertising.enabled) return status(Status.COMMAND_DISALLOWED);
        const min = p.readUInt16LE(0);
        const max = p.readUInt16LE(2);
        const type = p[4]!;
        if (type > 4 || min > max || min < 0x0020 || max > 0x4000) return status(Status.INVALID_PARAMETERS);
        c.advertising.intervalMs = max * 0.625;
        c.advertising.type = type;
        c.advertising.ownAddressType = p[5]!;
        return ok();
      },
    },
  ],
  [
    Op.LE_READ_ADV_TX_POWER, // §7.8.6: Status, TX_Power_Level (int8)
    {
      name: 'LE Read Advertising Physical Channel Tx Power',
      reply: 'complete',
      run(c) {
        const out = Buffer.alloc(2);
        out.writeInt8(c.txPowerDbm, 1);
        return out;
      },
    },
  ],
  [
    Op.LE_SET_ADV_DATA, // §7.8.7: Length(1), Data(31)
    {
      name: 'LE Set Advertising Data',
      params: 1,
      reply: 'complete',
      run(c, p) {
        const len = p[0]!;
        if (len > 31 || p.length < 1 + len) return status(Status.INVALID_PARAMETERS);
        c.advertising.data = Buffer.from(p.subarray(1, 1 + len));
        c.later(() => c.medium.advertisingChanged(c));
        return ok();
      },
    },
  ],
  [
    Op.LE_SET_SCAN_RSP_DATA, // §7.8.8: Length(1), Data(31)
    {
      name: 'LE Set Scan Response Data',
      params: 1,
      reply: 'complete',
      run(c, p) {
        const len = p[0]!;
        if (len > 31 || p.length < 1 + len) return status(Status.INVALID_PARAMETERS);
        c.advertising.scanResponse = Buffer.from(p.subarray(1, 1 + len));
        c.later(() => c.medium.advertisingChanged(c));
        return ok();
      },
    },
  ],
  [
    Op.LE_SET_ADV_ENABLE, // §7.8.9: Advertising_Enable (1)
    {
      name: 'LE Set Advertising Enable',
      params: 1,
      reply: 'complete',
      run(c, p, t) {
        const enable = p[0] === 1;
        if (p[0]! > 1) return status(Status.INVALID_PARAMETERS);
        if (enable && !c.advertising.enabled) {
          c.advertising.startedAt = t;
          c.advertising.generation++;
        }
        c.advertising.enabled = enable;
        c.later(() => c.medium.advertisingChanged(c));
        return ok();
      },
    },
  ],
  [
    Op.LE_SET_SCAN_PARAMS, // §7.8.10: Scan_Type(1) Interval(2) Window(2) Own_Address_Type(1) Filter_Policy(1)
    {
      name: 'LE Set Scan Parameters',
      params: 7,
      reply: 'complete',
      run(c, p) {
        if (c.scanning.enabled) return status(Status.COMMAND_DISALLOWED);
        const interval = p.readUInt16LE(1);
        const window = p.readUInt16LE(3);
        if (p[0]! > 1 || interval < 4 || interval > 0x4000 || window < 4 || window > interval) return status(Status.INVALID_PARAMETERS);
        c.scanParams = { active: p[0] === 1, intervalMs: interval * 0.625, windowMs: window * 0.625 };
        return ok();
      },
    },
  ],
  [
    Op.LE_SET_SCAN_ENABLE, // §7.8.11: LE_Scan_Enable(1) Filter_Duplicates(1)
    {
      name: 'LE Set Scan Enable',
      params: 2,
      reply: 'complete',
      run(c, p, t) {
        const enable = p[0] === 1;
        if (p[0]! > 1) return status(Status.INVALID_PARAMETERS);
        if (enable && !c.scanning.enabled) {
          const { active, intervalMs, windowMs } = c.scanParams;
          c.scanning = { enabled: true, active, intervalMs, windowMs, filterDuplicates: p[1] === 1, seen: new Set(), startedAt: t };
        } else if (enable) {
          c.scanning.filterDuplicates = p[1] === 1;
        } else {
          c.scanning.enabled = false;
        }
        c.later(() => c.medium.scanningChanged(c));
        return ok();
      },
    },
  ],
  [Op.LE_READ_FAL_SIZE, { name: 'LE Read Filter Accept List Size', reply: 'complete', run: () => Uint8Array.of(0, 8) }],
  [Op.LE_CLEAR_FAL, { name: 'LE Clear Filter Accept List', reply: 'complete', run: ok }],
];
