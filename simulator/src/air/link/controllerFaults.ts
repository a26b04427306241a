/**
 * Controller fault profiles (docs/AIR.md "Controller faults"): what happens to a real controller,
 * not to the radio between two of them. Tests call injectControllerFault(); `keyrig air serve
 * --fault PROFILE:NAME[@SECONDS]` schedules one.
 *
 * - `adapter-loss`: the controller vanishes (a USB dongle pulled, a UART that goes dead). Its host
 *   sees the device go down (noble/bleno `poweredOff`; a stream host's socket closes; a host on a
 *   pty gets no more events); its peers' links end by supervision timeout (reason 0x08).
 * - `controller-reset`: the controller resets by itself (firmware watchdog, brown-out): its state
 *   goes back to power-on as after HCI_Reset (Vol 4 Part E §7.3.2); its links are gone without a
 *   Disconnection Complete to its own host (the controller has forgotten them) and its peers see a
 *   supervision timeout, 0x08 Connection Timeout (Vol 6 Part B §4.5.2); its host gets a Hardware
 *   Error event (§7.7.16, Hardware_Code 0x00) and a Command Complete with opcode 0x0000 (NOP,
 *   §7.7.14) granting one command credit, as controllers announce themselves after a reset.
 */
import { KeyrigError } from '@keyrig/protocol';
import type { VirtualController } from '../controller/VirtualController.js';
import { Evt } from '../hci/constants.js';
import { commandComplete, eventPacket } from '../hci/packets.js';
import type { Air } from './Air.js';

export const CONTROLLER_FAULTS = ['adapter-loss', 'controller-reset'] as const;
export type ControllerFault = (typeof CONTROLLER_FAULTS)[number];

export function isControllerFault(name: string): name is ControllerFault {
  return (CONTROLLER_FAULTS as readonly string[]).includes(name);
}

export function injectControllerFault(air: Air, name: string, fault: ControllerFault): void {
  const c = air.controller(name);
  if (!isControllerFault(fault)) {
    throw new KeyrigError('config', `unknown controller fault "${String(fault)}" (known: ${CONTROLLER_FAULTS.join(', ')})`);
  }
  c.logger?.warn({ fault }, 'controller fault injected');
  if (fault === 'adapter-loss') air.removeController(name);
  else resetByItself(c);
}

/** The `controller-reset` profile (see above). */
function resetByItself(c: VirtualController): void {
  const t = c.simNow;
  c.medium.controllerReset(c, t);
  c.resetState();
  c.credits.reset();
  c.send(eventPacket(Evt.HARDWARE_ERROR, Uint8Array.of(0x00)), t);
  c.send(commandComplete(0x0000, new Uint8Array(0)), t);
}
