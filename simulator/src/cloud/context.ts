/**
 * What every route handler of the access cloud gets: the database, the injected clock and
 * randomness, a logger, the seeded workspace, and the services routes share.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '@keyrig/protocol';
import type { CloudDatabase } from './db/openCloudDatabase.js';
import type { ProviderKeyring } from './keys/ProviderKeyring.js';
import type { CloudControl } from './control/ControllableClock.js';
import type { FailedAttemptLimiter } from './auth/FailedAttemptLimiter.js';
import type { InstantKeySecrets } from './keys/InstantKeySecrets.js';

/** Returns `n` random bytes. Inject a seeded one for reproducible ids; tokens always need real entropy in production. */
export type Rng = (n: number) => Uint8Array;
export const systemRng: Rng = (n) => new Uint8Array(randomBytes(n));

export interface WorkspaceIds {
  workspace_id: string;
  acs_system_id: string;
  connected_account_id: string;
  name: string;
}

export interface CloudContext {
  db: CloudDatabase;
  clock: Clock;
  rng: Rng;
  logger: Logger;
  workspace: WorkspaceIds;
  /** Base URL the cloud is reachable at (instant key URLs start with it). */
  publicUrl(): string;
  keyring: ProviderKeyring;
  /** Test-control state; null unless control routes are enabled. */
  control: CloudControl | null;
  /** Brute-force brake on guessing instant key URLs (POST /instant_keys/open). */
  keyOpenLimiter: FailedAttemptLimiter;
  /** Encrypts/decrypts instant key URL secrets at rest (keys/InstantKeySecrets.ts). */
  instantKeySecrets: InstantKeySecrets;
  /** Called when an event queued webhook deliveries (they go out after the transaction commits). */
  onEventsRecorded(): void;
}

/** A random (version 4) UUID from the injected RNG. */
export function newId(rng: Rng): string {
  const b = rng(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Buffer.from(b).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Milliseconds since the epoch to Seam's ISO 8601 timestamps. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
export function isoOrNull(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : iso(ms);
}
