/**
 * The access cloud on SQLite (WAL, synchronous=FULL, a fresh file in a temp dir), over real HTTP
 * with 8 concurrent clients: instant keys issued per second, first credential loads per second
 * (2 documents signed + blocklist + time sync) and repeat loads (documents reused).
 * Setup (identities, grants, key holders' sessions and endpoint keys) is not timed.
 */
import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startCloud } from '@keyrig/simulator';
import { pino } from 'pino';

const CLIENTS = 8;

export interface CloudRates {
  readonly n: number;
  readonly instantKeysPerS: number;
  readonly firstLoadsPerS: number;
  readonly repeatLoadsPerS: number;
}

async function timed(n: number, fn: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < n) await fn(next++);
    }),
  );
  return n / ((performance.now() - t0) / 1000);
}

/**
 * 4 KiB writes + fdatasync per second in the same temp directory: what a durable commit costs on
 * this disk (the cloud's bound with synchronous=FULL, as verifies are the unlock's).
 */
export function measureFsyncs(ms: number): number {
  const dir = mkdtempSync(join(tmpdir(), 'keyrig-bench-fsync-'));
  const fd = openSync(join(dir, 'f'), 'w');
  const block = Buffer.alloc(4096, 1);
  let n = 0;
  const t0 = performance.now();
  try {
    while (performance.now() - t0 < ms) {
      writeSync(fd, block, 0, block.length, (n % 64) * 4096);
      fdatasyncSync(fd);
      n++;
    }
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
  return n / ((performance.now() - t0) / 1000);
}

export async function measureCloud(n: number, synchronous: 'FULL' | 'NORMAL' = 'FULL'): Promise<CloudRates> {
  const dir = mkdtempSync(join(tmpdir(), 'keyrig-bench-cloud-'));
  const cloud = await startCloud({ dbPath: join(dir, 'cloud.db'), logger: pino({ level: 'silent' }), port: 0, synchronous });
  const post = async <T>(path: string, body: unknown, token: string | undefined = cloud.apiKey): Promise<T> => {
    const res = await fetch(`${cloud.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  try {
    const entrances = (await post<{ acs_entrances: { acs_entrance_id: string }[] }>('/acs/entrances/list', {})).acs_entrances;
    const entranceIds = entrances.slice(0, 2).map((e) => e.acs_entrance_id);
    const users: string[] = [];
    await timed(n, async () => {
      const id = (await post<{ user_identity: { user_identity_id: string } }>('/user_identities/create', {})).user_identity.user_identity_id;
      await post('/access_grants/create', { user_identity_id: id, acs_entrance_ids: entranceIds, requested_access_methods: [{ mode: 'mobile_key' }] });
      users.push(id);
    });
    const urls: string[] = [];
    const instantKeysPerS = await timed(n, async (i) => {
      const r = await post<{ instant_key: { instant_key_url: string } }>('/user_identities/generate_instant_key', { user_identity_id: users[i] });
      urls[i] = r.instant_key.instant_key_url;
    });
    const holders: { token: string; endpointId: string }[] = [];
    await timed(n, async (i) => {
      const token = (await post<{ client_session: { token: string } }>('/instant_keys/open', { instant_key_url: urls[i] }, undefined)).client_session.token;
      const pair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign'])) as CryptoKeyPair;
      const publicKey = Buffer.from(await crypto.subtle.exportKey('raw', pair.publicKey)).toString('base64url');
      const endpointId = (await post<{ endpoint: { endpoint_id: string } }>('/phone/endpoints/register', { public_key: publicKey }, token)).endpoint.endpoint_id;
      holders[i] = { token, endpointId };
    });
    const load = (i: number) => post('/phone/credentials/load', { endpoint_id: holders[i]!.endpointId }, holders[i]!.token).then(() => undefined);
    const firstLoadsPerS = await timed(n, load);
    const repeatLoadsPerS = await timed(n, load);
    return { n, instantKeysPerS, firstLoadsPerS, repeatLoadsPerS };
  } finally {
    await cloud.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
