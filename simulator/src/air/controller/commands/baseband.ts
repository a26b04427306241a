/**
 * Controller & baseband commands (Vol 4 Part E §7.3).
 */
import { Op, Status } from '../../hci/constants.js';
import type { CommandEntry } from '../commandTable.js';

const ok = (): Uint8Array => Uint8Array.of(Status.SUCCESS);

export const BASEBAND_COMMANDS: [number, CommandEntry][] = [
  [
    Op.RESET, // §7.3.2
    {
      name: 'Reset',
      reply: 'complete',
      run(c, _p, t) {
        c.medium.controllerReset(c, t);
        c.resetState();
        return ok();
      },
    },
  ],
  [
    Op.SET_EVENT_MASK, // §7.3.1: Event_Mask (8)
    {
      name: 'Set Event Mask',
      params: 8,
      reply: 'complete',
      run(c, p) {
        c.eventMask = Buffer.from(p.subarray(0, 8));
        return ok();
      },
    },
  ],
  [Op.SET_EVENT_MASK_PAGE_2, { name: 'Set Event Mask Page 2', params: 8, reply: 'complete', run: ok }],
  [
    Op.READ_LE_HOST_SUPPORT, // §7.3.78: LE_Supported_Host, Unused
    { name: 'Read LE Host Support', reply: 'complete', run: (c) => Uint8Array.of(Status.SUCCESS, c.leHostSupported, 0) },
  ],
  [
    Op.WRITE_LE_HOST_SUPPORT, // §7.3.79: LE_Supported_Host, Unused
    {
      name: 'Write LE Host Support',
      params: 2,
      reply: 'complete',
      run(c, p) {
        c.leHostSupported = p[0]! ? 1 : 0;
        return ok();
      },
    },
  ],
  [
    Op.READ_TX_POWER_LEVEL, // §7.3.35: Handle (2), Type (1) -> Status, Handle, TX_Power_Level
    {
      name: 'Read Transmit Power Level',
      params: 3,
      reply: 'complete',
      run(c, p) {
        const handle = p.readUInt16LE(0);
        const out = Buffer.alloc(4);
        out[0] = c.connections.has(handle) ? Status.SUCCESS : Status.UNKNOWN_CONNECTION_ID;
        out.writeUInt16LE(handle, 1);
        out.writeInt8(c.txPowerDbm, 3);
        return out;
      },
    },
  ],
];
