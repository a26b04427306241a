/**
 * What every command is given: output streams (swappable in tests) and how to make the root
 * logger from --log-level / KEYRIG_LOG_LEVEL and --log-format / KEYRIG_LOG_FORMAT.
 */
import type { Logger } from 'pino';
import { createRootLogger, resolveLogFormat, resolveLogLevel } from '../logger.js';
import { UsageError } from './UsageError.js';

export interface CommandIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** Builds the root logger (tests pass one that captures lines). */
  readonly logger?: (level: string | undefined) => Logger;
}

export const processIo: CommandIo = { stdout: process.stdout, stderr: process.stderr };

/** The flags every command takes that shape its logger (set by `main` before each command runs). */
export interface LogFlags {
  readonly logFormat?: string;
  /** --quiet: warnings are news only when asked for (default level error instead of warn). */
  readonly quiet?: boolean;
  /** --log-level as given (or $KEYRIG_LOG_LEVEL): at debug or trace a failure also shows its stack. */
  readonly logLevel?: string;
}
let logFlags: LogFlags = {};
export function setLogFlags(flags: LogFlags): void {
  logFlags = flags;
}

/** Whether a failure's stack trace is wanted after its one line (--log-level debug or trace). */
export function wantsStacks(): boolean {
  const level = (logFlags.logLevel || process.env.KEYRIG_LOG_LEVEL || '').toLowerCase();
  return level === 'debug' || level === 'trace';
}

/** The one root logger of a command run (STYLE.md "Logging"); a bad level or format is a usage error. */
export function rootLogger(io: CommandIo, flag: string | undefined): Logger {
  if (io.logger) return io.logger(flag);
  try {
    return createRootLogger(resolveLogLevel(flag, process.env, logFlags.quiet ? 'error' : 'warn'), { format: resolveLogFormat(logFlags.logFormat) });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}
