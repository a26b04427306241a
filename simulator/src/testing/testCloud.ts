/**
 * Test fixture: a real cloud on a random port, a fresh SQLite file, a ManualClock and a logger
 * that keeps every line (trace level) so tests can check that no secret was ever logged. Shared by
 * the cloud tests (test/cloud/testCloud.ts passes them the test kit) and the cloud fuzz harness.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@keyrig/protocol';
import { startCloud, type Cloud, type StartCloudOptions } from '../cloud/index.js';
import { capturingLogger } from './capturingLogger.js';

/** A started test cloud, its clock and captured log lines, and a JSON caller. */
export interface TestCloud {
  cloud: Cloud;
  clock: ManualClock;
  logs: string[];
  dir: string;
  dbPath: string;
  /** POST JSON to a route; returns status, body and headers. */
  call(path: string, body?: unknown, token?: string | null): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

/** The test cloud's start time (2026-06-01 12:00 UTC). */
export const START = Date.UTC(2026, 5, 1, 12, 0, 0);

/** Starts a cloud for a test, logging at trace level into `logs`. */
export async function startTestCloud(opts: Partial<StartCloudOptions> = {}): Promise<TestCloud> {
  const dir = mkdtempSync(join(tmpdir(), 'keyrig-cloud-'));
  const dbPath = join(dir, 'cloud.db');
  const clock = new ManualClock(START);
  const { logger, lines: logs } = capturingLogger('trace');
  // Every response these tests provoke is checked against its route's schema (@keyrig/api).
  const cloud = await startCloud({ dbPath, logger, clock, port: 0, webhookPollMs: 20, validateResponses: true, ...opts });
  const call: TestCloud['call'] = async (path, body = {}, token) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const t = token === undefined ? cloud.apiKey : token;
    if (t !== null) headers.authorization = `Bearer ${t}`;
    const res = await fetch(`${cloud.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };
  return {
    cloud, clock, logs, dir, dbPath, call,
    close: async () => {
      await cloud.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A holder's device: a P-256 key pair whose public point is registered as the endpoint. */
export async function newDeviceKey(): Promise<{ publicKey: string; keyPair: CryptoKeyPair }> {
  const keyPair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', keyPair.publicKey));
  return { publicKey: Buffer.from(raw).toString('base64url'), keyPair };
}

/** A guest with a grant on the given entrances and an instant key; returns everything a test needs. */
export async function guestWithKey(t: TestCloud, entranceKeys: string[], grant: Record<string, unknown> = {}, key: Record<string, unknown> = {}) {
  const entrances = (await t.call('/acs/entrances/list')).body.acs_entrances as any[];
  const ids = entranceKeys.map((k) => entrances.find((e) => e.keyrig_metadata.entrance_key === k)!.acs_entrance_id as string);
  const ui = (await t.call('/user_identities/create', { full_name: 'Ada Guest', email_address: `ada${Math.random()}@example.com` })).body.user_identity;
  const g = await t.call('/access_grants/create', {
    user_identity_id: ui.user_identity_id,
    acs_entrance_ids: ids,
    requested_access_methods: [{ mode: 'mobile_key' }],
    ends_at: new Date(t.clock.now() + 3 * 86_400_000).toISOString(),
    ...grant,
  });
  if (g.status !== 200) throw new Error(`grant: ${JSON.stringify(g.body)}`);
  const ik = await t.call('/user_identities/generate_instant_key', { user_identity_id: ui.user_identity_id, ...key });
  if (ik.status !== 200) throw new Error(`instant key: ${JSON.stringify(ik.body)}`);
  return { userIdentity: ui, grant: g.body.access_grant, instantKey: ik.body.instant_key, entranceIds: ids };
}

/** Opens the key, registers a device, loads credentials. */
export async function holderLoads(t: TestCloud, instantKeyUrl: string, device?: { publicKey: string }) {
  const open = await t.call('/instant_keys/open', { instant_key_url: instantKeyUrl }, null);
  if (open.status !== 200) return { open, register: null, load: null } as const;
  const token = open.body.client_session.token as string;
  const d = device ?? (await newDeviceKey());
  const register = await t.call('/phone/endpoints/register', { public_key: d.publicKey, user_agent: 'vitest' }, token);
  if (register.status !== 200) return { open, register, load: null, token } as const;
  const load = await t.call('/phone/credentials/load', { endpoint_id: register.body.endpoint.endpoint_id }, token);
  return { open, register, load, token } as const;
}
