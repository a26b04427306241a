/**
 * The one root logger (STYLE.md: "Logging"). Libraries receive children of it; they never make
 * their own. Pretty on a TTY, JSON lines otherwise; always on stderr so stdout stays clean for
 * `--json` output.
 */
import { pino, type Logger, type LevelWithSilent } from 'pino';

export const LOG_LEVELS: readonly LevelWithSilent[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function resolveLogLevel(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): LevelWithSilent {
  const level = (flag || env.KEYRIG_LOG_LEVEL || 'warn').toLowerCase(); // an empty value means unset
  if (!LOG_LEVELS.includes(level as LevelWithSilent)) {
    throw new Error(`unknown log level "${level}" (use one of: ${LOG_LEVELS.join(', ')})`);
  }
  return level as LevelWithSilent;
}

export function createRootLogger(level: LevelWithSilent, opts: { pretty?: boolean } = {}): Logger {
  const pretty = opts.pretty ?? Boolean(process.stderr.isTTY);
  if (pretty) {
    return pino({
      level,
      transport: { target: 'pino-pretty', options: { destination: 2, colorize: true, translateTime: 'HH:MM:ss.l' } },
    });
  }
  return pino({ level }, pino.destination({ fd: 2, sync: true }));
}
