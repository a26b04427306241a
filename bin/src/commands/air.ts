/**
 * `keyrig air`: the virtual BLE air (docs/AIR.md).
 *   keyrig air serve [--port 6402] [--host 127.0.0.1] [--unix PATH] [--pty NAME=PATH ...]
 *                    [--seed N] [--timing fast|floor|ios-like|android-like] [--capture DIR]
 *                    [--strict] [--fault adapter-loss|controller-reset:NAME[@SECONDS] ...]
 * Hosts in other processes join with remoteAirBindings({ url, name }) (virtual driver) or, for a
 * --pty, with their own 'uart' hciDriver and bindParams { uart: { port: PATH } }.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { Air, AirServer, CONTROLLER_FAULTS, injectControllerFault, isControllerFault, TIMING_PROFILES, type ControllerFault, type TimingMode } from '@keyrig/simulator';
import { ExitCode, type ExitCodeValue } from '../exitCodes.js';
import { processIo, rootLogger, type CommandIo } from '../command/CommandIo.js';
import { choiceOption, each, integer, logLevelOption, port } from '../command/flags.js';
import { commandAction, runCommand, type ExitSlot } from '../command/runCommand.js';
import { aborted, untilStopSignal } from '../stopSignal.js';

export interface AirServeOptions {
  port?: number;
  host?: string;
  unix?: string;
  pty?: { name: string; link: string }[];
  seed?: number;
  timing?: TimingMode;
  capture?: string;
  /** Strict controllers (docs/AIR.md "Strict mode"); default KEYRIG_AIR_STRICT. */
  strict?: boolean;
  fault?: FaultSpec[];
  json?: boolean;
  logLevel?: string;
}

const TIMINGS = ['fast', ...Object.keys(TIMING_PROFILES)];

/** NAME=PATH of --pty. */
function ptySpec(spec: string): { name: string; link: string } {
  const eq = spec.indexOf('=');
  if (eq <= 0 || eq === spec.length - 1) throw new InvalidArgumentError('wants NAME=PATH.');
  return { name: spec.slice(0, eq), link: spec.slice(eq + 1) };
}

export interface FaultSpec {
  readonly profile: ControllerFault;
  readonly name: string;
  /** After the controller joins (default 5 s). */
  readonly afterMs: number;
}

/** PROFILE:NAME[@SECONDS] of --fault. */
function faultSpec(spec: string): FaultSpec {
  const m = /^([a-z-]+):([^@]+)(?:@(\d+(?:\.\d+)?))?$/.exec(spec);
  if (!m || !isControllerFault(m[1]!)) throw new InvalidArgumentError(`wants PROFILE:NAME[@SECONDS], PROFILE one of ${CONTROLLER_FAULTS.join(', ')}.`);
  return { profile: m[1], name: m[2]!, afterMs: m[3] === undefined ? 5000 : Math.round(Number(m[3]) * 1000) };
}

/** Injects `f` into the controller named f.name `f.afterMs` after it joins (once). */
function scheduleFault(air: Air, f: FaultSpec, signal: AbortSignal, onInject: (line: string) => void): void {
  const poll = setInterval(() => {
    if (signal.aborted || air.closed) return clearInterval(poll);
    if (!air.controllers.some((c) => c.name === f.name)) return;
    clearInterval(poll);
    const fire = setTimeout(() => {
      if (air.closed || !air.controllers.some((c) => c.name === f.name)) return;
      injectControllerFault(air, f.name, f.profile);
      onInject(`air: fault ${f.profile} injected into ${f.name}`);
    }, f.afterMs);
    signal.addEventListener('abort', () => clearTimeout(fire), { once: true });
  }, 50);
}

/** Runs the air server until `signal` aborts; resolves to the exit code. */
export function runAirServe(opts: AirServeOptions, signal: AbortSignal, io: CommandIo = processIo): Promise<ExitCodeValue> {
  return runCommand('air serve', io, async (onExit) => {
    const timing = opts.timing ?? 'fast';
    const seed = opts.seed ?? 1;
    const ptys = opts.pty ?? [];
    const logger = rootLogger(io, opts.logLevel);
    const air = new Air({ seed, timing, logger, ...(opts.capture ? { captureDir: opts.capture } : {}), ...(opts.strict ? { strict: true } : {}) });
    onExit(() => air.close());
    const server = new AirServer(air, logger);
    onExit(() => server.close());
    const url = await server.listen(opts.unix ? { path: opts.unix } : { port: opts.port ?? 6402, host: opts.host ?? '127.0.0.1' });
    for (const p of ptys) await server.attachPty({ name: p.name, link: p.link });
    for (const f of opts.fault ?? []) scheduleFault(air, f, signal, (line) => io.stderr.write(`${line}\n`));
    const info = { url, seed, timing, ptys, capture: opts.capture ?? null, strict: air.strict };
    io.stdout.write(opts.json ? `${JSON.stringify(info)}\n` : `air listening on ${url} (seed ${seed}, timing ${timing})${ptys.map((p) => `\n  ${p.name}: UART at ${p.link}`).join('')}\n`);
    await aborted(signal);
    return ExitCode.OK;
  });
}

export function registerAirCommand(program: Command, io: CommandIo, slot: ExitSlot): void {
  const air = program.command('air').description('the virtual BLE air: virtual HCI controllers that real noble and bleno drive');
  air
    .command('serve')
    .description('run an air that hosts in other processes join over TCP/Unix (H4) or UART ptys')
    .option('--port <port>', 'TCP port (0 = any free port)', port, 6402)
    .option('--host <host>', 'TCP address to listen on', '127.0.0.1')
    .option('--unix <path>', 'listen on a Unix socket instead of TCP')
    .option('--pty <name=path...>', 'also attach a controller behind a pty at path (needs socat)', each(ptySpec))
    .option('--seed <n>', "seed of the air's randomness", integer(0, 2 ** 32 - 1), 1)
    .addOption(choiceOption('--timing <mode>', 'timing', TIMINGS, 'fast'))
    .option('--capture <dir>', 'write a btsnoop file per controller into dir')
    .option('--strict', 'strict controllers: command credits enforced, no data length extension (default $KEYRIG_AIR_STRICT)')
    .option('--fault <profile:name@s...>', `inject a controller fault into NAME SECONDS (default 5) after it joins: ${CONTROLLER_FAULTS.join(', ')}`, each(faultSpec))
    .option('--json', 'print the listening address as JSON')
    .addOption(logLevelOption())
    .action(commandAction(slot, (opts: AirServeOptions) => untilStopSignal((signal) => runAirServe(opts, signal, io))));
}
