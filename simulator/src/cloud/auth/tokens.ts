/**
 * Bearer secrets: API keys (`seam_…`), client-session tokens (`seam_cst…`) and instant key URL
 * secrets. Each carries >= 192 random bits, is shown once, and is stored only as its SHA-256.
 * Lookups go by hash (an index cannot leak the secret: the hash is not attacker-chosen), and
 * the stored hash is then compared in constant time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Rng } from '../context.js';

const SECRET_BYTES = 24; // 192 bits

function b64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

/**
 * API key: `seam_key1_…`. The marker after `seam_` keeps random text from ever starting with a
 * prefix the official SDK reserves (`seam_cst`, `seam_at`, `seam_pk`).
 */
export function mintApiKey(rng: Rng): string {
  return `seam_key1_${b64url(rng(SECRET_BYTES))}`;
}
export function mintClientSessionToken(rng: Rng): string {
  return `seam_cst1_${b64url(rng(SECRET_BYTES))}`;
}
/** The secret path segment of an instant key URL (256 bits). */
export function mintInstantKeySecret(rng: Rng): string {
  return b64url(rng(32));
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Constant-time comparison of two stored/computed hashes. */
export function hashesMatch(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** What the official SDK accepts as an API key (and what `--api-key` must look like). */
export function apiKeyProblem(key: string): string | null {
  if (!key.startsWith('seam_')) return 'an API key must start with "seam_"';
  for (const p of ['seam_cst', 'seam_at', 'seam_pk']) {
    if (key.startsWith(p)) return `an API key must not start with "${p}" (reserved by the Seam SDK)`;
  }
  if (key.length < 5 + 22) return 'an API key needs at least 22 characters (128 bits) after "seam_"';
  return null;
}
