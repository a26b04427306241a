/**
 * What every command is given: output streams (swappable in tests) and how to make the root
 * logger from --log-level / KEYRIG_LOG_LEVEL.
 */
import type { Logger } from 'pino';
import { createRootLogger, resolveLogLevel } from '../logger.js';
import { UsageError } from './UsageError.js';

export interface CommandIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** Builds the root logger (tests pass one that captures lines). */
  readonly logger?: (level: string | undefined) => Logger;
}

export const processIo: CommandIo = { stdout: process.stdout, stderr: process.stderr };

/** The one root logger of a command run (STYLE.md "Logging"); a bad level is a usage error. */
export function rootLogger(io: CommandIo, flag: string | undefined): Logger {
  if (io.logger) return io.logger(flag);
  try {
    return createRootLogger(resolveLogLevel(flag));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}
