/**
 * A pino logger that keeps every line it writes, so a test can assert what was (or was never)
 * logged: secrets, errors of a fuzzed lock, a rig's trace. Here rather than in @keyrig/testkit,
 * which sits at protocol's level and stays free of Node and pino like protocol.
 */
import { Writable } from 'node:stream';
import { pino, type Level, type Logger } from 'pino';

export interface CapturingLogger {
  readonly logger: Logger;
  /** Every line written so far (NDJSON, newest last). */
  readonly lines: string[];
}

/** A logger at `level` (default 'trace') whose output goes to `lines` instead of stdout. */
export function capturingLogger(level: Level = 'trace'): CapturingLogger {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: pino({ level }, sink), lines };
}
