/**
 * Where a lock's bleno runs (docs/LOCK.md "Real adapters"): the virtual air (a driver name the air
 * registered with @stoprocent/bluetooth-hci-socket), a kernel HCI socket (`hciN`, Linux, needs
 * CAP_NET_ADMIN/CAP_NET_RAW and the adapter down in BlueZ) or a UART/H4 controller (e.g. an
 * nRF52840 with Zephyr's hci_uart on /dev/ttyACM0). bleno is loaded lazily so importing the lock
 * simulator never touches Bluetooth.
 */
import type { Bleno, HciBindingsOptions } from '@stoprocent/bleno';
import { KeyrigError } from '@keyrig/protocol';
import { installUartFlowControl } from '../../air/transport/uartFlowControl.js';

export type LockRadio =
  /** The virtual air: `hciDriver` is the name the air registered (e.g. "virtual:lock-1"). */
  | { readonly kind: 'virtual'; readonly hciDriver: string; readonly bindParams?: Record<string, unknown> }
  /** A kernel HCI device, e.g. hci0 -> deviceId 0. `userChannel` takes the device exclusively. */
  | { readonly kind: 'hci'; readonly deviceId: number; readonly userChannel?: boolean }
  /** A UART (H4) controller. */
  | { readonly kind: 'uart'; readonly port: string; readonly baudRate?: number };

export function blenoBindingOptions(radio: LockRadio): HciBindingsOptions {
  switch (radio.kind) {
    case 'virtual':
      return { hciDriver: radio.hciDriver, ...(radio.bindParams ? { bindParams: radio.bindParams } : {}) };
    case 'hci':
      if (!Number.isInteger(radio.deviceId) || radio.deviceId < 0) throw new KeyrigError('config', `bad HCI device index ${radio.deviceId}`);
      return { hciDriver: 'native', deviceId: radio.deviceId, userChannel: radio.userChannel ?? true };
    case 'uart':
      if (radio.port === '') throw new KeyrigError('config', 'a UART radio needs a port, e.g. /dev/ttyACM0');
      return { hciDriver: 'uart', bindParams: { uart: { port: radio.port, baudRate: radio.baudRate ?? 1_000_000 } } };
  }
}

/** A human label for logs and status ("virtual:lock-1", "hci0", "uart:/dev/ttyACM0"). */
export function describeRadio(radio: LockRadio): string {
  return radio.kind === 'virtual' ? radio.hciDriver : radio.kind === 'hci' ? `hci${radio.deviceId}` : `uart:${radio.port}`;
}

/** A new bleno instance on this radio (each lock gets its own; bleno 0.12 supports several). */
export async function createBleno(radio: LockRadio): Promise<Bleno> {
  const mod = (await import('@stoprocent/bleno')) as unknown as { withBindings?: typeof import('@stoprocent/bleno').withBindings; default?: { withBindings: typeof import('@stoprocent/bleno').withBindings } };
  const withBindings = mod.withBindings ?? mod.default?.withBindings;
  if (!withBindings) throw new KeyrigError('internal', '@stoprocent/bleno has no withBindings export');
  // bleno 0.12.4 ignores the `userChannel` option (its check is inverted) and reads only the
  // HCI_CHANNEL_USER environment variable; a real adapter serves one lock per process, so setting
  // it process-wide is safe here.
  if (radio.kind === 'hci' && (radio.userChannel ?? true)) process.env.HCI_CHANNEL_USER = '1';
  // bleno on a UART waits for command credits (issue #18; docs/AIR.md "Host-side flow control").
  if (radio.kind === 'uart') installUartFlowControl();
  return withBindings('hci', blenoBindingOptions(radio));
}
