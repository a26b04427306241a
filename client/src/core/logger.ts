/**
 * The logging interface the client accepts (STYLE.md: "Libraries accept a logger; they never make
 * their own"). A pino Logger satisfies it structurally, so the client needs no pino dependency and
 * the web app can pass a console-backed one.
 */

/** `log({ fields }, 'message')` or `log('message')`, as in pino. */
export interface LogMethod {
  (fields: object, msg?: string): void;
  (msg: string): void;
}

/** The subset of pino's Logger the client uses. */
export interface Logger {
  trace: LogMethod;
  debug: LogMethod;
  info: LogMethod;
  warn: LogMethod;
  error: LogMethod;
  child(bindings: Record<string, unknown>): Logger;
}

const noop: LogMethod = () => {};

/** A logger that drops everything (the default when a caller passes none). */
export const silentLogger: Logger = {
  trace: noop,
  debug: noop,
  info: noop,
  warn: noop,
  error: noop,
  child: () => silentLogger,
};
