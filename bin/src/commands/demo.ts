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
import { processIo, rootLogger, type CommandIo } from '../command/CommandIo.js';
import { choiceOption, integer, logLevelOption } from '../command/flags.js';
import { commandAction, runCommand, type ExitSlot } from '../command/runCommand.js';
import { createProgress } from '../phone/progress.js';

/** Flags of `keyrig demo`, as commander parses them. */
export interface DemoCommandOptions {
  profile?: TimingProfileName;
  lockMcu?: McuName;
  capture?: string;
  seed?: number;
  json?: boolean;
  quiet?: boolean;
  logLevel?: string;
}

/** The demo's timing profile unless --profile says otherwise. */
export const DEFAULT_DEMO_PROFILE: TimingProfileName = 'ios-like';

/** Runs `keyrig demo`; resolves to the exit code. */
export function runDemoCommand(opts: DemoCommandOptions, io: CommandIo = processIo): Promise<ExitCodeValue> {
  return runCommand('demo', io, async () => {
    const profile = opts.profile ?? DEFAULT_DEMO_PROFILE;
    const lockMcu = opts.lockMcu ?? 'nrf52840';
    const seed = opts.seed ?? 1;
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
  });
}

/** Adds `keyrig demo` to the program. */
export function registerDemoCommand(program: Command, io: CommandIo, slot: ExitSlot): void {
  program
    .command('demo')
    .description('run the whole loop in-process: cloud, virtual air, a small hotel, a phone; issue, scan, unlock, checkout')
    .addOption(choiceOption('--profile <name>', 'BLE timing profile', Object.keys(TIMING_PROFILES), DEFAULT_DEMO_PROFILE))
    .addOption(choiceOption('--lock-mcu <name>', 'crypto time the locks charge on the modeled air (docs/LOCK.md)', MCU_NAMES, 'nrf52840'))
    .option('--capture <dir>', 'write btsnoop captures (one per controller) into dir')
    .option('--seed <n>', "seed of the air's randomness (0 to 2^31)", integer(0, 2 ** 31), 1)
    .option('--json', 'print { steps: [{ entrance, type, action, outcome, code, codeName, simLatencyMs, … }], … }')
    .option('--quiet', 'no progress lines on stderr')
    .addOption(logLevelOption('error'))
    .addHelpText('after', '\nExit codes: 0 every step as expected (3 grants, then EXPIRED after checkout), 3 a step went otherwise, 2 bad flags, 70 error.')
    .action(commandAction(slot, (opts: DemoCommandOptions) => runDemoCommand(opts, io)));
}
