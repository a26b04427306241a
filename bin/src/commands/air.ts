/**
 * `keyrig air`: the virtual BLE air (docs/AIR.md).
 *   keyrig air serve [--port 6402] [--host 127.0.0.1] [--unix PATH] [--pty NAME=PATH ...]
 *                    [--seed N] [--timing fast|floor|ios-like|android-like] [--capture DIR]
 * Hosts in other processes join with remoteAirBindings({ url, name }) (virtual driver) or, for a
 * --pty, with their own 'uart' hciDriver and bindParams { uart: { port: PATH } }.
 */
import type { Command } from 'commander';
import { Air, AirServer, TIMING_PROFILES, type TimingMode } from '@keyrig/simulator';
import { ExitCode, type ExitCodeValue } from '../exitCodes.js';
import { createRootLogger, resolveLogLevel } from '../logger.js';
import { untilStopSignal } from '../stopSignal.js';

export interface AirServeOptions {
  port?: string;
  host?: string;
  unix?: string;
  pty?: string[];
  seed?: string;
  timing?: string;
  capture?: string;
  json?: boolean;
  logLevel?: string;
}

const TIMINGS = ['fast', ...Object.keys(TIMING_PROFILES)];

/** Runs the air server until `signal` aborts; resolves to the exit code. */
export async function runAirServe(opts: AirServeOptions, signal: AbortSignal, out: NodeJS.WritableStream = process.stdout): Promise<ExitCodeValue> {
  const timing = (opts.timing ?? 'fast') as TimingMode;
  const seed = opts.seed === undefined ? 1 : Number(opts.seed);
  const port = opts.port === undefined ? 6402 : Number(opts.port);
  if (!TIMINGS.includes(timing as string) || !Number.isInteger(seed) || !Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`keyrig air serve: bad option (timing one of ${TIMINGS.join(', ')}; seed and port integers)\n`);
    return ExitCode.USAGE;
  }
  const ptys: { name: string; link: string }[] = [];
  for (const spec of opts.pty ?? []) {
    const eq = spec.indexOf('=');
    if (eq <= 0 || eq === spec.length - 1) {
      process.stderr.write(`keyrig air serve: --pty wants NAME=PATH, got "${spec}"\n`);
      return ExitCode.USAGE;
    }
    ptys.push({ name: spec.slice(0, eq), link: spec.slice(eq + 1) });
  }
  const logger = createRootLogger(resolveLogLevel(opts.logLevel));
  const air = new Air({ seed, timing, logger, ...(opts.capture ? { captureDir: opts.capture } : {}) });
  const server = new AirServer(air, logger);
  try {
    const url = await server.listen(opts.unix ? { path: opts.unix } : { port, host: opts.host ?? '127.0.0.1' });
    for (const p of ptys) await server.attachPty({ name: p.name, link: p.link });
    const info = { url, seed, timing, ptys, capture: opts.capture ?? null };
    out.write(opts.json ? `${JSON.stringify(info)}\n` : `air listening on ${url} (seed ${seed}, timing ${timing})${ptys.map((p) => `\n  ${p.name}: UART at ${p.link}`).join('')}\n`);
    await new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      else signal.addEventListener('abort', () => resolve(), { once: true });
    });
    return ExitCode.OK;
  } catch (err) {
    logger.error({ err }, 'air server failed');
    process.stderr.write(`keyrig air serve: ${err instanceof Error ? err.message : String(err)}\n`);
    return ExitCode.ERROR;
  } finally {
    await server.close();
    await air.close();
  }
}

export function registerAirCommand(program: Command): void {
  const air = program.command('air').description('the virtual BLE air: virtual HCI controllers that real noble and bleno drive');
  air
    .command('serve')
    .description('run an air that hosts in other processes join over TCP/Unix (H4) or UART ptys')
    .option('--port <port>', 'TCP port (0 = any free port)', '6402')
    .option('--host <host>', 'TCP address to listen on', '127.0.0.1')
    .option('--unix <path>', 'listen on a Unix socket instead of TCP')
    .option('--pty <name=path...>', 'also attach a controller behind a pty at path (needs socat)')
    .option('--seed <n>', 'seed of the air\'s randomness', '1')
    .option('--timing <mode>', `timing: ${TIMINGS.join(', ')}`, 'fast')
    .option('--capture <dir>', 'write a btsnoop file per controller into dir')
    .option('--json', 'print the listening address as JSON')
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent')
    .action(async (opts: AirServeOptions) => {
      process.exitCode = await untilStopSignal((signal) => runAirServe(opts, signal));
    });
}
