import { describe, expect, it } from 'vitest';
import { capturingLogger } from './capturingLogger.js';

describe('capturingLogger', () => {
  it('keeps every logged line at or above its level', () => {
    const { logger, lines } = capturingLogger('info');
    logger.debug('hidden');
    logger.info({ lock: 1 }, 'seen');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: 'seen', lock: 1 });
  });
});
