/**
 * Which radio the CLI's phone (the noble central) uses, from the flags every phone command takes:
 *   --air ADDRESS   join a running air server (`keyrig air serve`): tcp://host:port, host:port, unix:/path
 *   --hci N         a real adapter through the kernel HCI socket (hciN, Linux)
 *   --uart PATH     a real controller over UART/H4 (e.g. an nRF52 with HCI firmware)
 * Default: --air tcp://127.0.0.1:6402 (where `keyrig air serve` listens), or $KEYRIG_AIR.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { Logger } from 'pino';
import { BleError, openNobleCentral, type NobleCentral } from '@keyrig/client';
import type { Clock } from '@keyrig/protocol';
import { installUartFlowControl, parseAirUrl, remoteAirBindings } from '@keyrig/simulator';
import { integer } from '../command/flags.js';

export const DEFAULT_AIR = 'tcp://127.0.0.1:6402';

/** The radio flags as commander parses them (see {@link addRadioOptions}). */
export interface RadioFlags {
  air?: string;
  hci?: number;
  uart?: string;
  baud?: number;
  position?: { x: number; y: number; z?: number };
}

export type PhoneRadio =
  | { readonly kind: 'air'; readonly url: string; readonly position: { x: number; y: number; z?: number } }
  | { readonly kind: 'hci'; readonly deviceId: number }
  | { readonly kind: 'uart'; readonly port: string; readonly baudRate: number };

/** An air server address (tcp://host:port, host:port, :port or unix:/path). */
export function airAddress(value: string): string {
  try {
    parseAirUrl(value);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
  return value;
}

/** A kernel adapter index: 0 or hci0. */
export function hciIndex(value: string): number {
  const n = Number(value.replace(/^hci/, ''));
  if (value.trim() === '' || !Number.isInteger(n) || n < 0) throw new InvalidArgumentError('wants an adapter index such as 0 (hci0).');
  return n;
}

/** x,y or x,y,z in metres. */
export function position(value: string): { x: number; y: number; z?: number } {
  const n = '\\s*(-?\\d+(?:\\.\\d+)?)\\s*';
  const m = new RegExp(`^${n},${n}(?:,${n})?$`).exec(value);
  if (!m) throw new InvalidArgumentError('wants x,y or x,y,z in metres.');
  return { x: Number(m[1]), y: Number(m[2]), ...(m[3] !== undefined ? { z: Number(m[3]) } : {}) };
}

function devicePath(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('wants a device path.');
  return value;
}

/** Adds --air, --hci, --uart (at most one of them), --baud and --position to a command. */
export function addRadioOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--air <address>', `join an air server: tcp://host:port or unix:/path (default $KEYRIG_AIR or ${DEFAULT_AIR})`).argParser(airAddress).conflicts(['hci', 'uart']))
    .addOption(new Option('--hci <n>', 'use the real Bluetooth adapter hciN (Linux kernel HCI socket)').argParser(hciIndex).conflicts(['air', 'uart']))
    .addOption(new Option('--uart <path>', 'use a real controller over UART/H4 at path (e.g. /dev/ttyACM0)').argParser(devicePath).conflicts(['air', 'hci']))
    .addOption(new Option('--baud <rate>', 'UART baud rate (with --uart)').argParser(integer(1)).default(1_000_000))
    .addOption(new Option('--position <x,y[,z]>', "the phone's position on the air, metres (with --air)").argParser(position).default({ x: 0, y: 0 }, '0,0'));
}

/** The radio the flags choose; $KEYRIG_AIR (or the default address) when none is given. */
export function resolvePhoneRadio(flags: RadioFlags, env: NodeJS.ProcessEnv = process.env): PhoneRadio {
  if (flags.hci !== undefined) return { kind: 'hci', deviceId: flags.hci };
  if (flags.uart !== undefined) return { kind: 'uart', port: flags.uart, baudRate: flags.baud ?? 1_000_000 };
  const url = flags.air ?? airAddress(env.KEYRIG_AIR ?? DEFAULT_AIR);
  return { kind: 'air', url, position: flags.position ?? { x: 0, y: 0 } };
}

export function describePhoneRadio(r: PhoneRadio): string {
  if (r.kind === 'air') return `air ${r.url}`;
  if (r.kind === 'hci') return `hci${r.deviceId}`;
  return `uart ${r.port} @ ${r.baudRate}`;
}

/** Opens the noble central on the radio (waits for power-on; a clear error otherwise). */
export async function openPhoneCentral(radio: PhoneRadio, logger: Logger, clock: Clock): Promise<NobleCentral> {
  const common = { logger, clock, poweredOnTimeoutMs: 10_000 };
  switch (radio.kind) {
    case 'air':
      await probeAir(radio.url);
      return openNobleCentral({ ...common, hci: remoteAirBindings({ url: radio.url, name: `keyrig-phone-${process.pid}`, position: radio.position }) });
    case 'hci':
      return openNobleCentral({ ...common, hci: { hciDriver: 'native', deviceId: radio.deviceId } });
    case 'uart':
      // noble on a UART waits for command credits (issue #18; docs/AIR.md "Host-side flow control").
      installUartFlowControl();
      return openNobleCentral({ ...common, hci: { hciDriver: 'uart', bindParams: { uart: { port: radio.port, baudRate: radio.baudRate } } } });
  }
}

/**
 * Fails fast with a clear message when nothing listens at the air address (noble itself would
 * only report "powered off" after its timeout). A bare connect is harmless: the air server makes
 * a controller only when data arrives.
 */
export async function probeAir(url: string, timeoutMs = 3000): Promise<void> {
  const { connect } = await import('node:net');
  const target = parseAirUrl(url);
  await new Promise<void>((resolve, reject) => {
    const sock = target.path !== undefined ? connect({ path: target.path }) : connect({ host: target.host, port: target.port });
    const fail = (why: string) => {
      sock.destroy();
      reject(new BleError('io', `no air server at ${url} (${why}); start one with \`keyrig air serve\` or pick a radio with --air/--hci/--uart`));
    };
    sock.setTimeout(timeoutMs, () => fail('timed out'));
    sock.once('error', (err: NodeJS.ErrnoException) => fail(err.code ?? err.message));
    sock.once('connect', () => {
      sock.destroy();
      resolve();
    });
  });
}
