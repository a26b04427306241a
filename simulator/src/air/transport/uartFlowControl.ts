/**
 * Host-side command flow control for noble/bleno on a UART (`hciDriver: 'uart'`): the
 * @stoprocent/bluetooth-hci-socket 2.3.0 UART driver writes commands as they come, so a strict or
 * real controller with one command credit drops the four commands noble and bleno send after every
 * HCI_Reset (Vol 4 Part E §4.4). `installUartFlowControl()` replaces the cached `lib/uart.js`
 * module's export (the same seam as installVirtualHci: loadDriver requires it at call time) with
 * a subclass whose `write` goes through a HostCommandQueue. The driver itself sends HCI_Reset
 * directly and reports the device up on its Command Complete (which it does not pass on); so the
 * queue holds every command until then and starts with one credit. node_modules is not modified.
 *
 * The same subclass turns a read error that means the device is gone (EIO: the pty's other side
 * closed, a socat killed; ENXIO) into the driver's "device down" state: serialport reports EIO as
 * a plain 'error' without closing the port, the driver forwards it and noble/bleno ignore it, so a
 * UART that went away could leave a phone scanning forever (seen in about 1 of 5 runs on a loaded
 * machine, bin/test/uartLoss.e2e.test.ts). noble and bleno then report `poweredOff`. Because a
 * pty whose other side died does not always produce that error either, the port's device file
 * is also checked once a second while the device is up (a pty's link dangles once socat is gone,
 * /dev/ttyACM0 disappears with the dongle): gone = device down.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { KeyrigError } from '@keyrig/protocol';
import { HostCommandQueue } from './hostCommandQueue.js';

const require = createRequire(import.meta.url);

interface UartDriver {
  _isUp?: boolean;
  bindUser(devId: unknown, params?: { uart?: { port?: unknown } }, ...rest: unknown[]): unknown;
  stop(): void;
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
    #port: string | undefined;
    #watch: NodeJS.Timeout | undefined;

    override bindUser(devId: unknown, params?: { uart?: { port?: unknown } }, ...rest: unknown[]): unknown {
      const port = params?.uart?.port;
      if (typeof port === 'string') this.#port = port;
      return super.bindUser(devId, params, ...rest);
    }

    override stop(): void {
      clearInterval(this.#watch);
      super.stop();
    }

    /** While up: the port's device file gone (a dangling pty link, a pulled dongle) = device down. */
    #watchPort(up: boolean): void {
      clearInterval(this.#watch);
      if (!up || this.#port === undefined) return;
      const port = this.#port;
      this.#watch = setInterval(() => {
        if (existsSync(port) || !this._isUp) return;
        this._isUp = false;
        this.emit('state', false);
      }, 1000);
      this.#watch.unref();
    }

    override write(data: Buffer): void {
      this.#flow.write(data);
    }

    override emit(event: string | symbol, ...args: unknown[]): boolean {
      if (event === 'state') {
        // Up: the driver's own HCI_Reset was answered, one credit. Down: what waits is lost.
        if (args[0] === true) this.#flow.grant(1);
        else this.#flow.clear(0);
        this.#watchPort(args[0] === true);
        return super.emit(event, ...args);
      }
      if (event === 'error') {
        const code = (args[0] as { code?: string } | undefined)?.code;
        const handled = super.emit(event, ...args);
        if ((code === 'EIO' || code === 'ENXIO') && this._isUp) {
          this._isUp = false;
          this.emit('state', false);
        }
        return handled;
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
