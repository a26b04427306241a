/**
 * The one root logger (STYLE.md: "Logging"). Libraries receive children of it; they never make
 * their own. Human-readable lines on a TTY, JSON lines otherwise (or as `--log-format` says);
 * always on stderr so stdout stays clean for `--json` output.
 */
import { pino, type Logger, type LevelWithSilent } from 'pino';
import pinoPretty from 'pino-pretty';

export const LOG_LEVELS: readonly LevelWithSilent[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
export const LOG_FORMATS = ['pretty', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** The level: the flag, else $KEYRIG_LOG_LEVEL, else `fallback` (warn; error with --quiet). */
export function resolveLogLevel(flag: string | undefined, env: NodeJS.ProcessEnv = process.env, fallback: LevelWithSilent = 'warn'): LevelWithSilent {
  const level = (flag || env.KEYRIG_LOG_LEVEL || fallback).toLowerCase(); // an empty value means unset
  if (!LOG_LEVELS.includes(level as LevelWithSilent)) {
    throw new Error(`unknown log level "${level}" (use one of: ${LOG_LEVELS.join(', ')})`);
  }
  return level as LevelWithSilent;
}

/** The format: the flag, else $KEYRIG_LOG_FORMAT, else pretty when stderr is a terminal. */
export function resolveLogFormat(flag: string | undefined, env: NodeJS.ProcessEnv = process.env, isTTY = Boolean(process.stderr.isTTY)): LogFormat {
  const format = (flag || env.KEYRIG_LOG_FORMAT || (isTTY ? 'pretty' : 'json')).toLowerCase();
  if (!(LOG_FORMATS as readonly string[]).includes(format)) throw new Error(`unknown log format "${format}" (use pretty or json)`);
  return format as LogFormat;
}

export function createRootLogger(level: LevelWithSilent, opts: { format?: LogFormat } = {}): Logger {
  if ((opts.format ?? resolveLogFormat(undefined)) === 'pretty') {
    // Synchronous and in this thread (no worker transport): a log line is out before a failure's one-line error.
    return pino({ level }, pinoPretty({ destination: 2, sync: true, colorize: Boolean(process.stderr.isTTY), translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' }));
  }
  return pino({ level }, pino.destination({ fd: 2, sync: true }));
}
