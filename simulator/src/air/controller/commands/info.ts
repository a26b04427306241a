/**
 * Informational parameters and LE controller information (Vol 4 Part E §7.4, §7.8.2–§7.8.3).
 */
import { Op, Status } from '../../hci/constants.js';
import type { CommandEntry } from '../commandTable.js';
import type { VirtualController } from '../VirtualController.js';
import { supportedCommandsBitmap } from './supportedCommands.js';

/** HCI/LMP version 0x0c = Core 5.3; company 0xffff = "for testing" (Assigned Numbers). */
const HCI_VERSION = 0x0c;
const COMPANY_ID = 0xffff;

/** LE features (Vol 6 Part B §4.6): bit 5 LE Data Packet Length Extension; bit 12 (extended advertising) stays clear. */
function leFeatures(c: VirtualController): Buffer {
  const f = Buffer.alloc(8);
  if (c.options.maxDataLength > 27) f[0]! |= 1 << 5;
  return f;
}

export const INFO_COMMANDS: [number, CommandEntry][] = [
  [
    Op.READ_LOCAL_VERSION, // §7.4.1: Status, HCI_Version, HCI_Subversion(2), LMP_Version, Company(2), LMP_Subversion(2)
    {
      name: 'Read Local Version Information',
      reply: 'complete',
      run() {
        const out = Buffer.alloc(9);
        out[1] = HCI_VERSION;
        out.writeUInt16LE(0x0001, 2);
        out[4] = HCI_VERSION;
        out.writeUInt16LE(COMPANY_ID, 5);
        out.writeUInt16LE(0x0001, 7);
        return out;
      },
    },
  ],
  [
    Op.READ_LOCAL_COMMANDS, // §7.4.2: Status, Supported_Commands (64)
    { name: 'Read Local Supported Commands', reply: 'complete', run: (c) => Buffer.concat([Buffer.of(0), supportedCommandsBitmap(c.commands)]) },
  ],
  [
    Op.READ_LOCAL_FEATURES, // §7.4.3: Status, LMP_Features (8): bit 37 BR/EDR Not Supported, bit 38 LE Supported (Controller)
    {
      name: 'Read Local Supported Features',
      reply: 'complete',
      run() {
        const out = Buffer.alloc(9);
        out[1 + 4] = (1 << 5) | (1 << 6);
        return out;
      },
    },
  ],
  [
    Op.READ_BUFFER_SIZE, // §7.4.5: Status, ACL_Data_Packet_Length(2), SCO_Length(1), Total_ACL(2), Total_SCO(2)
    {
      name: 'Read Buffer Size',
      reply: 'complete',
      run(c) {
        const out = Buffer.alloc(8);
        out.writeUInt16LE(c.options.aclBufferLength, 1);
        out.writeUInt16LE(c.options.aclBufferCount, 4);
        return out;
      },
    },
  ],
  [
    Op.READ_BD_ADDR, // §7.4.6: Status, BD_ADDR (6, little-endian)
    { name: 'Read BD_ADDR', reply: 'complete', run: (c) => Buffer.concat([Buffer.of(0), c.address]) },
  ],
  [
    Op.LE_READ_BUFFER_SIZE, // §7.8.2: Status, LE_ACL_Data_Packet_Length(2), Total_Num_LE_ACL_Data_Packets(1)
    {
      name: 'LE Read Buffer Size',
      reply: 'complete',
      run(c) {
        const out = Buffer.alloc(4);
        out.writeUInt16LE(c.options.aclBufferLength, 1);
        out[3] = c.options.aclBufferCount;
        return out;
      },
    },
  ],
  [
    Op.LE_READ_LOCAL_FEATURES, // §7.8.3: Status, LE_Features (8)
    { name: 'LE Read Local Supported Features', reply: 'complete', run: (c) => Buffer.concat([Buffer.of(0), leFeatures(c)]) },
  ],
  [
    Op.LE_SET_EVENT_MASK, // §7.8.1: LE_Event_Mask (8)
    {
      name: 'LE Set Event Mask',
      params: 8,
      reply: 'complete',
      run(c, p) {
        c.leEventMask = Buffer.from(p.subarray(0, 8));
        return Uint8Array.of(Status.SUCCESS);
      },
    },
  ],
  [
    Op.LE_READ_SUPPORTED_STATES, // §7.8.27: Status, LE_States (8): all combinations
    { name: 'LE Read Supported States', reply: 'complete', run: () => Buffer.concat([Buffer.of(0), Buffer.alloc(8, 0xff)]) },
  ],
  [
    Op.LE_RAND, // §7.8.23: Status, Random_Number (8), from the seeded RNG
    {
      name: 'LE Rand',
      reply: 'complete',
      run(c, _p, t) {
        const out = Buffer.alloc(9);
        for (let i = 0; i < 8; i++) out[1 + i] = Math.floor(c.medium.random('rand', c.name, t, i) * 256);
        return out;
      },
    },
  ],
];
