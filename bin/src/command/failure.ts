/**
 * The one mapping from an error that ended a command to its exit code and one-line message
 * (README "Exit codes").
 */
import { CommanderError } from 'commander';
import { BleError, ClientInputError, CloudError } from '@keyrig/client';
import { KeyrigError } from '@keyrig/protocol';
import { ExitCode, type ExitCodeValue } from '../exitCodes.js';
import { UsageError } from './UsageError.js';

/** The exit code and one-line message for an error that ended a command. */
export function failure(err: unknown): { code: ExitCodeValue; message: string } {
  const message = err instanceof Error ? err.message : String(err);
  // CommanderError: a flag value refused by its parser (also when a default comes from the environment).
  if (err instanceof UsageError || err instanceof ClientInputError || err instanceof CommanderError) return { code: ExitCode.USAGE, message };
  if (err instanceof BleError && err.code === 'timeout') return { code: ExitCode.NOT_FOUND, message };
  // The cloud refusing the key itself (unknown, expired, revoked or used-up link) is an access
  // decision, like a lock's denial; anything else from the cloud is an error.
  if (err instanceof CloudError && (err.status === 401 || err.status === 403)) return { code: ExitCode.DENIED, message: `cloud refused the key: ${message}` };
  if (err instanceof CloudError) return { code: ExitCode.ERROR, message: `cloud: ${message}` };
  if (err instanceof KeyrigError && err.code === 'config') return { code: ExitCode.USAGE, message };
  return { code: ExitCode.ERROR, message };
}
