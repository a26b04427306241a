/**
 * Host-side command flow control for noble/bleno on a UART (`hciDriver: 'uart'`): the
 * @stoprocent/bluetooth-hci-socket 2.3.0 UART driver writes commands as they come, so a strict or
 * real controller with one command credit drops the four commands noble and bleno send after every
 * HCI_Reset (Vol 4 Part E §4.4). `installUartFlowControl()` replaces the cached `lib/uart.js`
 * module's export (the same seam as installVirtualHci: loadDriver requires it at call time) with
 * a subclass whose `write` goes through a HostCommandQueue. The driver itself sends HCI_Reset
 * directly and reports the device up on its Command Complete (which it does not pass on); so the
 * queue holds every command until then and starts with one credit. node_modules is not modified.
 */
import { createRequire } from 'node:module';
import { KeyrigError } from '@keyrig/protocol';
import { HostCommandQueue } from './hostCommandQueue.js';

const require = createRequire(import.meta.url);

interface UartDriver {
  write(data: Buffer): void;
  emit(event: string | symbol, ...args: unknown[]): boolean;
}
type UartDriverClass = new (...args: unknown[]) => UartDriver;

let installed: UartDriverClass | undefined;

/** Idempotent; returns the driver class loadDriver('uart') now gives. */
export function installUartFlowControl(): UartDriverClass {
  if (installed) return installed;
  const path = require.resolve('@stoprocent/bluetooth-hci-socket/lib/uart.js');
  const Base = require(path) as UartDriverClass;
  const cached = require.cache[path];
  if (typeof Base !== 'function' || typeof Base.prototype.write !== 'function' || !cached) {
    throw new KeyrigError('unsupported', '@stoprocent/bluetooth-hci-socket changed: lib/uart.js driver class not found');
  }
  class FlowControlledUart extends Base {
    readonly #flow = new HostCommandQueue((p) => super.write(p), 0);

    override write(data: Buffer): void {
      this.#flow.write(data);
    }

    override emit(event: string | symbol, ...args: unknown[]): boolean {
      if (event === 'state') {
        // Up: the driver's own HCI_Reset was answered, one credit. Down: what waits is lost.
        if (args[0] === true) this.#flow.grant(1);
        else this.#flow.clear(0);
        return super.emit(event, ...args);
      }
      if (event !== 'data') return super.emit(event, ...args);
      try {
        return super.emit(event, ...args);
      } finally {
        this.#flow.received(args[0] as Buffer);
      }
    }
  }
  cached.exports = FlowControlledUart;
  const hci = require('@stoprocent/bluetooth-hci-socket') as { loadDriver?: (name: string) => unknown };
  if (hci.loadDriver?.('uart') !== FlowControlledUart) {
    throw new KeyrigError('unsupported', '@stoprocent/bluetooth-hci-socket changed: loadDriver("uart") does not reach the seam');
  }
  installed = FlowControlledUart;
  return installed;
}
