/**
 * Plugs the virtual socket into @stoprocent/bluetooth-hci-socket 2.3.0 so that
 * `withBindings('hci', { hciDriver: 'virtual', bindParams: { virtual: … } })` on noble 2.8.0 or
 * bleno 0.12.4 reaches the air.
 *
 * The seam: both hosts call `loadDriver(options.hciDriver)`, which `require()`s
 * './lib/unsupported.js' for any name it does not know. Replacing that cached module's export with
 * VirtualHciSocket makes 'virtual' (any unknown name) resolve to it. Because loadDriver requires at
 * call time, this works whether noble/bleno were imported before or after. It depends on library
 * internals: the versions are pinned and test/air/seam.test.ts fails loudly if the seam moves.
 */
import { createRequire } from 'node:module';
import { KeyrigError } from '@keyrig/protocol';
import { VirtualHciSocket } from './VirtualHciSocket.js';

const require = createRequire(import.meta.url);

/** The hciDriver name to pass to noble/bleno. */
export const VIRTUAL_HCI_DRIVER = 'virtual';

let installed = false;

/** Idempotent; call before the first noble/bleno instance is created (Air.attach does). */
export function installVirtualHci(): void {
  if (installed) return;
  const indexPath = require.resolve('@stoprocent/bluetooth-hci-socket');
  const unsupportedPath = require.resolve('@stoprocent/bluetooth-hci-socket/lib/unsupported.js');
  const hci = require(indexPath) as { loadDriver?: (name: string) => unknown };
  require(unsupportedPath);
  const cached = require.cache[unsupportedPath];
  if (typeof hci.loadDriver !== 'function' || !cached) {
    throw new KeyrigError('unsupported', '@stoprocent/bluetooth-hci-socket changed: loadDriver/unsupported.js seam not found');
  }
  cached.exports = VirtualHciSocket;
  if (hci.loadDriver(VIRTUAL_HCI_DRIVER) !== VirtualHciSocket) {
    throw new KeyrigError('unsupported', '@stoprocent/bluetooth-hci-socket changed: loadDriver("virtual") does not reach the seam');
  }
  installed = true;
}
