import { describe, expect, it } from 'vitest';
import { jsonDepthBeyond } from './jsonBodyLimits.js';

describe('jsonDepthBeyond', () => {
  it('counts arrays and objects, not brackets inside strings', () => {
    expect(jsonDepthBeyond('{"a":[1,{"b":2}]}', 3)).toBeNull(); // depth 3, hand-counted
    expect(jsonDepthBeyond('{"a":[1,{"b":2}]}', 2)).toBe(3);
    expect(jsonDepthBeyond('{"a":"[[[[{{{{"}', 1)).toBeNull();
    expect(jsonDepthBeyond('{"a":"\\"[[[["}', 1)).toBeNull(); // an escaped quote does not end the string
    expect(jsonDepthBeyond('['.repeat(33) + ']'.repeat(33), 32)).toBe(33);
    expect(jsonDepthBeyond('[[],[],[[]]]', 3)).toBeNull(); // siblings do not add up
  });
});
