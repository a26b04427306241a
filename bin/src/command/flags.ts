/**
 * Flag parsing, said once and left to commander (STYLE.md "Let the library parse"): argument
 * parsers for numbers, ports and lists, and option builders with `choices` and `conflicts`. A bad
 * value ends in commander's "option '--x <v>' argument 'y' is invalid. <why>", which `main` turns
 * into exit code 2.
 */
import { InvalidArgumentError, Option } from 'commander';
import { LOG_LEVELS } from '../logger.js';

/** An integer in [min, max]. */
export function integer(min = -Infinity, max = Infinity): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`wants an integer${Number.isFinite(min) ? ` from ${min}` : ''}${Number.isFinite(max) ? ` to ${max}` : ''}.`);
    }
    return n;
  };
}

/** A number in [min, max] (fractions allowed). */
export function decimal(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !(n >= min && n <= max)) throw new InvalidArgumentError(`wants a number from ${min} to ${max}.`);
    return n;
  };
}

/** A duration: `90s`, `2m`, `1500ms`, or a bare number of seconds; in ms, from `minMs` to `maxMs`. */
export function duration(minMs: number, maxMs: number): (value: string) => number {
  return (value) => {
    const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|min)?$/.exec(value.trim());
    const ms = m ? Number(m[1]) * ({ ms: 1, s: 1000, m: 60_000, min: 60_000 } as const)[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'min'] : NaN;
    if (!(ms >= minMs && ms <= maxMs)) throw new InvalidArgumentError(`wants a duration from ${minMs / 1000} s to ${maxMs / 1000} s, e.g. 90s, 2m or 500ms.`);
    return Math.round(ms);
  };
}

/** A TCP port, 0 meaning any free one. */
export const port = integer(0, 65535);

/** A repeatable flag whose values are each parsed by `parse` and collected in order. */
export function each<T>(parse: (value: string) => T): (value: string, previous: T[] | undefined) => T[] {
  return (value, previous) => [...(previous ?? []), parse(value)];
}

/** A repeatable string flag (`--tag a --tag b`). */
export const collect = each((v: string) => v);

/** An option whose value must be one of `choices`. */
export function choiceOption(flags: string, description: string, choices: readonly string[], fallback?: string): Option {
  const o = new Option(flags, description).choices(choices);
  return fallback === undefined ? o : o.default(fallback);
}

/** --log-level, the same on every command (default $KEYRIG_LOG_LEVEL, else `fallback`). */
export function logLevelOption(fallback = 'warn'): Option {
  return choiceOption('--log-level <level>', `log level (default $KEYRIG_LOG_LEVEL or ${fallback})`, LOG_LEVELS);
}
