/**
 * `keyrig demo`: the issue -> scan -> unlock loop on embedded defaults (see demo/runDemo.ts).
 *   keyrig demo [--profile floor|ios-like|android-like] [--lock-mcu nrf52840|none] [--capture DIR] [--seed N] [--json]
 * Exit codes: 0 the story ran as expected (three grants, then the denial after checkout),
 * 3 a step did not go as expected, 2 bad flags, 70 error.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { MCU_NAMES, TIMING_PROFILES, type McuName, type TimingProfileName } from '@keyrig/simulator';
import { formatTimeline } from '../demo/formatTimeline.js';
import { runDemo } from '../demo/runDemo.js';
import { ExitCode, type ExitCodeValue } from '../exitCodes.js';
import { failure, intFlag, processIo, rootLogger, type CommandIo } from '../phone/commandIo.js';
import { createProgress } from '../phone/progress.js';
import { UsageError } from '../phone/UsageError.js';

/** Flags of `keyrig demo`, as commander parses them. */
export interface DemoCommandOptions {
  profile?: string;
  lockMcu?: string;
  capture?: string;
  seed?: string;
  json?: boolean;
  quiet?: boolean;
  logLevel?: string;
}

/** The demo's timing profile unless --profile says otherwise. */
export const DEFAULT_DEMO_PROFILE: TimingProfileName = 'ios-like';

/** Runs `keyrig demo`; resolves to the exit code. */
export async function runDemoCommand(opts: DemoCommandOptions, io: CommandIo = processIo): Promise<ExitCodeValue> {
  try {
    const profile = (opts.profile ?? DEFAULT_DEMO_PROFILE) as TimingProfileName;
    if (!Object.hasOwn(TIMING_PROFILES, profile)) {
      throw new UsageError(`--profile must be one of ${Object.keys(TIMING_PROFILES).join(', ')}, got "${opts.profile}"`);
    }
    const lockMcu = (opts.lockMcu ?? 'nrf52840') as McuName;
    if (!MCU_NAMES.includes(lockMcu)) {
      throw new UsageError(`--lock-mcu must be one of ${MCU_NAMES.join(', ')}, got "${opts.lockMcu}"`);
    }
    const seed = intFlag('--seed', opts.seed, 1, 0, 2 ** 31);
    // The story's expected warnings (reload and upload refused after checkout) are narrated in
    // the timeline, so the demo logs errors only unless told otherwise.
    const logger = rootLogger(io, opts.logLevel ?? (process.env.KEYRIG_LOG_LEVEL || 'error'));
    const result = await runDemo({
      profile,
      lockMcu,
      seed,
      logger,
      progress: createProgress(!opts.quiet, io.stderr),
      ...(opts.capture ? { captureDir: resolve(opts.capture) } : {}),
    });
    io.stdout.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : formatTimeline(result));
    return result.ok ? ExitCode.OK : ExitCode.FAILED;
  } catch (err) {
    const f = failure(err);
    io.stderr.write(`keyrig demo: ${f.message}\n`);
    return f.code;
  }
}

/** Adds `keyrig demo` to the program. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('run the whole loop in-process: cloud, virtual air, a small hotel, a phone; issue, scan, unlock, checkout')
    .option('--profile <name>', `BLE timing profile: ${Object.keys(TIMING_PROFILES).join(', ')}`, DEFAULT_DEMO_PROFILE)
    .option('--lock-mcu <name>', `crypto time the locks charge on the modeled air: ${MCU_NAMES.join(', ')} (docs/LOCK.md)`, 'nrf52840')
    .option('--capture <dir>', 'write btsnoop captures (one per controller) into dir')
    .option('--seed <n>', "seed of the air's randomness", '1')
    .option('--json', 'print { steps: [{ entrance, type, action, outcome, code, codeName, simLatencyMs, … }], … }')
    .option('--quiet', 'no progress lines on stderr')
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent (default $KEYRIG_LOG_LEVEL or error)')
    .addHelpText('after', '\nExit codes: 0 every step as expected (3 grants, then EXPIRED after checkout), 3 a step went otherwise, 2 bad flags, 70 error.')
    .action(async (opts: DemoCommandOptions) => {
      process.exitCode = await runDemoCommand(opts);
    });
}
