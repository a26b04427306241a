/**
 * What the phone commands (scan, unlock, demo) share: output streams (swappable in tests), the
 * root logger from --log-level / KEYRIG_LOG_LEVEL, and one mapping from errors to exit codes.
 */
import type { Logger } from 'pino';
import { BleError, ClientInputError, CloudError } from '@keyrig/client';
import { KeyrigError } from '@keyrig/protocol';
import { ExitCode, type ExitCodeValue } from '../exitCodes.js';
import { createRootLogger, resolveLogLevel } from '../logger.js';
import { UsageError } from './UsageError.js';

export interface CommandIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** Builds the root logger (tests pass one that captures lines). */
  readonly logger?: (level: string | undefined) => Logger;
}

export const processIo: CommandIo = { stdout: process.stdout, stderr: process.stderr };

export function rootLogger(io: CommandIo, flag: string | undefined): Logger {
  if (io.logger) return io.logger(flag);
  try {
    return createRootLogger(resolveLogLevel(flag));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** The exit code and one-line message for an error that ended a command. */
export function failure(err: unknown): { code: ExitCodeValue; message: string } {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof UsageError || err instanceof ClientInputError) return { code: ExitCode.USAGE, message };
  if (err instanceof BleError && err.code === 'timeout') return { code: ExitCode.NOT_FOUND, message };
  // The cloud refusing the key itself (unknown, expired, revoked or used-up link) is an access
  // decision, like a lock's denial; anything else from the cloud is an error.
  if (err instanceof CloudError && (err.status === 401 || err.status === 403)) return { code: ExitCode.DENIED, message: `cloud refused the key: ${message}` };
  if (err instanceof CloudError) return { code: ExitCode.ERROR, message: `cloud: ${message}` };
  if (err instanceof KeyrigError && err.code === 'config') return { code: ExitCode.USAGE, message };
  return { code: ExitCode.ERROR, message };
}

/** Parses an integer flag; throws UsageError. */
export function intFlag(name: string, value: string | undefined, fallback: number, min = -Infinity, max = Infinity): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`${name} wants an integer${Number.isFinite(min) ? ` from ${min}` : ''}${Number.isFinite(max) ? ` to ${max}` : ''}, got "${value}"`);
  }
  return n;
}
