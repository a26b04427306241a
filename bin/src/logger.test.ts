import { describe, expect, it } from 'vitest';
import { resolveLogLevel } from './logger.js';

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
