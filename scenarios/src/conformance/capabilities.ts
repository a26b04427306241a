/**
 * The capability statement a firmware partner fills in (docs/CONFORMANCE.md): what the lock is
 * and can do. It selects the applicable tests, the way a PICS selects Bluetooth PTS test cases.
 */
import { readFileSync } from 'node:fs';
import { KeyrigError } from '@keyrig/protocol';
import type { ConformanceLockType } from './ConformanceProvider.js';

export const FEATURES = ['notify', 'read_pull', 'blocklist', 'time_sync', 'audit', 'credential_schedule', 'key_sequence'] as const;
export type Feature = (typeof FEATURES)[number];

export interface CapabilityStatement {
  readonly version: 1;
  readonly vendor?: string;
  readonly model?: string;
  readonly firmware?: string;
  /** Lock types the product implements. */
  readonly lock_types: readonly ConformanceLockType[];
  /** ATT MTU range the lock accepts (23 = the minimal BLE stack). */
  readonly att_mtu: { readonly min: number; readonly max: number };
  /** Largest whole protocol message the lock reassembles (bytes). */
  readonly max_message_size: number;
  readonly features: Readonly<Record<Feature, boolean>>;
}

/** What the reference emulated locks declare: everything. */
export const REFERENCE_CAPABILITIES: CapabilityStatement = {
  version: 1,
  vendor: 'keyrig',
  model: 'reference emulated lock',
  lock_types: ['door', 'elevator', 'amenity'],
  att_mtu: { min: 23, max: 517 },
  max_message_size: 1024,
  features: { notify: true, read_pull: true, blocklist: true, time_sync: true, audit: true, credential_schedule: true, key_sequence: true },
};

const LOCK_TYPES: readonly string[] = ['door', 'elevator', 'amenity'];

/** Validates a parsed statement; every problem is listed in one error. */
export function parseCapabilities(json: unknown, source = 'capability statement'): CapabilityStatement {
  const problems: string[] = [];
  const o = json as Record<string, unknown> | null;
  if (typeof o !== 'object' || o === null) throw new KeyrigError('config', `${source}: expected a JSON object`);
  if (o.version !== 1) problems.push('version must be 1');
  const types = o.lock_types;
  if (!Array.isArray(types) || types.length === 0 || types.some((t) => !LOCK_TYPES.includes(t as string))) {
    problems.push(`lock_types must be a non-empty list of ${LOCK_TYPES.join(', ')}`);
  }
  const mtu = o.att_mtu as { min?: unknown; max?: unknown } | undefined;
  const intIn = (v: unknown, lo: number, hi: number) => Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi;
  if (!mtu || !intIn(mtu.min, 23, 517) || !intIn(mtu.max, 23, 517) || (mtu.min as number) > (mtu.max as number)) {
    problems.push('att_mtu must be { min, max } with 23 <= min <= max <= 517');
  }
  if (!intIn(o.max_message_size, 64, 65535)) problems.push('max_message_size must be an integer 64..65535');
  const features = o.features as Record<string, unknown> | undefined;
  if (typeof features !== 'object' || features === null) problems.push(`features must be an object with ${FEATURES.join(', ')}`);
  else {
    for (const f of FEATURES) if (typeof features[f] !== 'boolean') problems.push(`features.${f} must be true or false`);
    for (const k of Object.keys(features)) if (!(FEATURES as readonly string[]).includes(k)) problems.push(`unknown feature "${k}"`);
  }
  if (!(features?.notify || features?.read_pull)) problems.push('at least one of features.notify and features.read_pull must be true (§2)');
  if (problems.length > 0) throw new KeyrigError('config', `${source}: ${problems.join('; ')}`);
  return o as unknown as CapabilityStatement;
}

export function loadCapabilities(path: string): CapabilityStatement {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new KeyrigError('config', `cannot read capability statement ${path}: ${(err as Error).message}`);
  }
  return parseCapabilities(json, path);
}
