import { describe, expect, it } from 'vitest';
import { resolveLogFormat, resolveLogLevel } from './logger.js';

describe('resolveLogLevel', () => {
  it('takes the flag, then KEYRIG_LOG_LEVEL, then warn', () => {
    expect(resolveLogLevel('debug', { KEYRIG_LOG_LEVEL: 'trace' })).toBe('debug');
    expect(resolveLogLevel(undefined, { KEYRIG_LOG_LEVEL: 'TRACE' })).toBe('trace');
    expect(resolveLogLevel(undefined, {})).toBe('warn');
  });

  it('treats an empty KEYRIG_LOG_LEVEL as unset', () => {
    expect(resolveLogLevel(undefined, { KEYRIG_LOG_LEVEL: '' })).toBe('warn');
  });

  it('refuses an unknown level with the list of known ones', () => {
    expect(() => resolveLogLevel('loud', {})).toThrow(/unknown log level "loud" \(use one of: fatal, error/);
  });
});

describe('resolveLogFormat (README "Using keyrig": pretty on a terminal, JSON otherwise)', () => {
  it('takes the flag, then KEYRIG_LOG_FORMAT, then the terminal', () => {
    expect(resolveLogFormat('json', { KEYRIG_LOG_FORMAT: 'pretty' }, true)).toBe('json');
    expect(resolveLogFormat(undefined, { KEYRIG_LOG_FORMAT: 'pretty' }, false)).toBe('pretty');
    expect(resolveLogFormat(undefined, {}, true)).toBe('pretty');
    expect(resolveLogFormat(undefined, {}, false)).toBe('json');
  });

  it('refuses an unknown format', () => {
    expect(() => resolveLogFormat('xml', {}, false)).toThrow(/unknown log format "xml" \(use pretty or json\)/);
  });

  it('--quiet lowers the default level to error, a flag or KEYRIG_LOG_LEVEL still wins', () => {
    expect(resolveLogLevel(undefined, {}, 'error')).toBe('error');
    expect(resolveLogLevel('warn', {}, 'error')).toBe('warn');
    expect(resolveLogLevel(undefined, { KEYRIG_LOG_LEVEL: 'info' }, 'error')).toBe('info');
  });
});
