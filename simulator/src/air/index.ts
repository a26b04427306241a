/**
 * The virtual air (docs/AIR.md): virtual HCI controllers, the link between them, attachments
 * (in-process, air server over TCP/Unix, UART over a pty) and btsnoop captures.
 */
export { Air, type AirOptions, type AttachOptions, type AirAttachment, type VirtualHciBindings } from './link/Air.js';
export type { AirStats } from './link/AirCore.js';
export { TIMING_PROFILES, resolveTiming, type TimingMode, type TimingProfile, type TimingProfileName } from './link/timing.js';
export type { Faults as AirFaults } from './link/faults.js';
export { CONTROLLER_FAULTS, injectControllerFault, isControllerFault, type ControllerFault } from './link/controllerFaults.js';
export { DEFAULT_PATH_LOSS, type PathLossModel, type Position as AirPosition } from './link/pathLoss.js';
export { VirtualController } from './controller/VirtualController.js';
export { installVirtualHci, VIRTUAL_HCI_DRIVER } from './transport/installVirtualHci.js';
export { VirtualHciSocket, type VirtualBindParams } from './transport/VirtualHciSocket.js';
export { BtsnoopWriter } from './capture/BtsnoopWriter.js';
export { H4StreamParser } from './hci/H4StreamParser.js';
export { HciPacketError } from './hci/packets.js';
export { AirServer, type ListenOptions, type PtyAttachOptions } from './transport/AirServer.js';
export { parseAirUrl, type Hello as AirHello } from './transport/remote.js';
export { remoteAirBindings, type RemoteAirBindings } from './transport/remoteBindings.js';
export { installUartFlowControl } from './transport/uartFlowControl.js';
export { HostCommandQueue } from './transport/hostCommandQueue.js';
