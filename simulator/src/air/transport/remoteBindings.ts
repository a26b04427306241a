/**
 * Bindings for a host in another process (or on another machine) joining an air server.
 */
import type { Position } from '../link/pathLoss.js';
import { installVirtualHci, VIRTUAL_HCI_DRIVER } from './installVirtualHci.js';
import type { RemoteAttachOptions } from './remote.js';

export interface RemoteAirBindings {
  readonly hciDriver: typeof VIRTUAL_HCI_DRIVER;
  readonly bindParams: { readonly virtual: { readonly connect: string; readonly name: string; readonly position?: Position } & RemoteAttachOptions };
}

/**
 * `withBindings('hci', remoteAirBindings({ url: 'tcp://127.0.0.1:7000', name: 'lock-1' }))`:
 * installs the virtual driver in this process and names the controller the server will create.
 */
export function remoteAirBindings(options: { url: string; name: string; position?: Position } & RemoteAttachOptions): RemoteAirBindings {
  installVirtualHci();
  const { url, ...rest } = options;
  return { hciDriver: VIRTUAL_HCI_DRIVER, bindParams: { virtual: { connect: url, ...rest } } };
}
