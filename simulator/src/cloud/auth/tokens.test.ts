import { describe, expect, it } from 'vitest';
import { apiKeyProblem, hashesMatch, hashToken, mintApiKey, mintClientSessionToken, mintInstantKeySecret } from './tokens.js';
import { systemRng } from '../context.js';

describe('tokens', () => {
  it('carry at least 128 random bits and the prefixes the Seam SDK expects', () => {
    const key = mintApiKey(systemRng);
    expect(key).toMatch(/^seam_key1_[A-Za-z0-9_-]{32}$/); // 24 bytes = 192 bits
    expect(apiKeyProblem(key)).toBeNull();
    expect(mintClientSessionToken(systemRng)).toMatch(/^seam_cst1_[A-Za-z0-9_-]{32}$/);
    expect(mintInstantKeySecret(systemRng)).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits
    expect(new Set(Array.from({ length: 100 }, () => mintApiKey(systemRng))).size).toBe(100);
  });
  it('are compared by hash', () => {
    const t = mintApiKey(systemRng);
    expect(hashesMatch(hashToken(t), hashToken(t))).toBe(true);
    expect(hashesMatch(hashToken(t), hashToken(`${t}x`))).toBe(false);
    expect(hashToken(t)).toHaveLength(32);
  });
});
