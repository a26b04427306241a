/**
 * Which radio the CLI's phone (the noble central) uses, from the flags every phone command takes:
 *   --air ADDRESS   join a running air server (`keyrig air serve`): tcp://host:port, host:port, unix:/path
 *   --hci N         a real adapter through the kernel HCI socket (hciN, Linux)
 *   --uart PATH     a real controller over UART/H4 (e.g. an nRF52 with HCI firmware)
 * Default: --air tcp://127.0.0.1:6402 (where `keyrig air serve` listens), or $KEYRIG_AIR.
 */
import type { Command } from 'commander';
import type { Logger } from 'pino';
import { BleError, openNobleCentral, type NobleCentral } from '@keyrig/client';
import type { Clock } from '@keyrig/protocol';
import { parseAirUrl, remoteAirBindings } from '@keyrig/simulator';
import { UsageError } from './UsageError.js';

export const DEFAULT_AIR = 'tcp://127.0.0.1:6402';

export interface RadioFlags {
  air?: string;
  hci?: string;
  uart?: string;
  baud?: string;
  position?: string;
}

export type PhoneRadio =
  | { readonly kind: 'air'; readonly url: string; readonly position: { x: number; y: number } }
  | { readonly kind: 'hci'; readonly deviceId: number }
  | { readonly kind: 'uart'; readonly port: string; readonly baudRate: number };

/** Adds --air, --hci, --uart, --baud and --position to a command. */
export function addRadioOptions(cmd: Command): Command {
  return cmd
    .option('--air <address>', `join an air server: tcp://host:port or unix:/path (default $KEYRIG_AIR or ${DEFAULT_AIR})`)
    .option('--hci <n>', 'use the real Bluetooth adapter hciN (Linux kernel HCI socket)')
    .option('--uart <path>', 'use a real controller over UART/H4 at path (e.g. /dev/ttyACM0)')
    .option('--baud <rate>', 'UART baud rate (with --uart)', '1000000')
    .option('--position <x,y>', "the phone's position on the air, metres (with --air)", '0,0');
}

/** Resolves the flags; throws UsageError naming the problem. */
export function resolvePhoneRadio(flags: RadioFlags, env: NodeJS.ProcessEnv = process.env): PhoneRadio {
  const chosen = [flags.air, flags.hci, flags.uart].filter((f) => f !== undefined).length;
  if (chosen > 1) throw new UsageError('give only one of --air, --hci and --uart');
  if (flags.hci !== undefined) {
    const n = Number(flags.hci.replace(/^hci/, ''));
    if (!Number.isInteger(n) || n < 0) throw new UsageError(`--hci wants an adapter index such as 0 (hci0), got "${flags.hci}"`);
    return { kind: 'hci', deviceId: n };
  }
  if (flags.uart !== undefined) {
    const baudRate = Number(flags.baud ?? '1000000');
    if (!Number.isInteger(baudRate) || baudRate <= 0) throw new UsageError(`--baud wants a positive integer, got "${flags.baud}"`);
    if (flags.uart === '') throw new UsageError('--uart wants a device path');
    return { kind: 'uart', port: flags.uart, baudRate };
  }
  const url = flags.air ?? env.KEYRIG_AIR ?? DEFAULT_AIR;
  try {
    parseAirUrl(url);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(flags.position ?? '0,0');
  if (!m) throw new UsageError(`--position wants x,y in metres, got "${flags.position}"`);
  return { kind: 'air', url, position: { x: Number(m[1]), y: Number(m[2]) } };
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
