/**
 * Runs keyrig commands in this process with captured output: `cli([...args])` parses the flags
 * exactly as the `keyrig` binary does (commander, the one exit-code wrapper) and resolves to the
 * exit code with what was written to stdout and stderr.
 */
import { PassThrough } from 'node:stream';
import type { Logger } from 'pino';
import { main } from '../../src/cli.js';
import type { CommandIo } from '../../src/command/CommandIo.js';

export interface CapturedIo {
  io: CommandIo;
  stdout: () => string;
  stderr: () => string;
}

/** A CommandIo whose streams are captured (and, when given, whose root logger is `logger`). */
export function captureIo(logger?: Logger): CapturedIo {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d: Buffer) => (stdout += d.toString()));
  err.on('data', (d: Buffer) => (stderr += d.toString()));
  return { io: { stdout: out, stderr: err, ...(logger ? { logger: () => logger } : {}) }, stdout: () => stdout, stderr: () => stderr };
}

/** `keyrig <args>` in this process. */
export async function cli(args: readonly string[], c: CapturedIo = captureIo()): Promise<{ code: number; stdout: string; stderr: string }> {
  const code = await main(['node', 'keyrig', ...args], c.io);
  return { code, stdout: c.stdout(), stderr: c.stderr() };
}
