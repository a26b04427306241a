/**
 * Secrets never reach a log line, at any level: the demo (cloud + air + locks + phone) runs at
 * trace level and everything logged is scanned for the actual secrets of that run — the API key,
 * every client session token, the instant key URL secret, all private key material (JWK "d") and
 * every credential document (base64url, base64 and hex). The secrets are caught where they
 * travel: HTTP requests/responses (global fetch) and private keys passing through WebCrypto.
 * Also `keyrig demo --log-level trace --json` as a child process, scanned for secret shapes.
 * And the cloud's SQLite file: tokens of >= 128 bits, stored only as hashes.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { capturingLogger } from '@keyrig/simulator/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@keyrig/protocol';
import { startCloud } from '@keyrig/simulator';
import { runDemo } from '../src/demo/runDemo.js';

const here = import.meta.dirname;

/** Records secrets as they pass through fetch and WebCrypto while `run` runs. */
async function withSecretTap<T>(run: () => Promise<T>): Promise<{ result: T; secrets: Map<string, string> }> {
  const secrets = new Map<string, string>(); // value -> what it is
  const add = (what: string, v: unknown) => {
    if (typeof v === 'string' && v.length >= 16 && !secrets.has(v)) secrets.set(v, what);
  };
  const addDocument = (b64url: string) => {
    const bytes = Buffer.from(b64url, 'base64url');
    add('credential document (base64url)', b64url);
    add('credential document (base64)', bytes.toString('base64'));
    add('credential document (hex)', bytes.toString('hex'));
    // A log line with a prefix of the document is as bad: look for its first 48 bytes too.
    add('credential document (hex prefix)', bytes.subarray(0, 48).toString('hex'));
  };
  const realFetch = globalThis.fetch;
  const subtle = globalThis.crypto.subtle as SubtleCrypto & Record<string, unknown>;
  const realImport = subtle.importKey;
  const realExport = subtle.exportKey;
  globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    const auth = headers.get('authorization');
    if (auth) add('bearer token', auth.replace(/^Bearer /, ''));
    const res = await realFetch(input, init);
    const text = await res.clone().text();
    try {
      const body = JSON.parse(text) as Record<string, any>;
      if (body.instant_key?.instant_key_url) {
        add('instant key URL', body.instant_key.instant_key_url);
        add('instant key secret', String(body.instant_key.instant_key_url).split('/ik/')[1]);
      }
      add('client session token', body.client_session?.token);
      for (const c of body.credential_bundle?.credentials ?? []) addDocument(c.document);
    } catch {
      /* not JSON */
    }
    return res;
  }) as typeof fetch;
  subtle.importKey = function (this: SubtleCrypto, format: string, key: any, ...rest: unknown[]) {
    if (format === 'jwk') add('private key (JWK d)', key?.d);
    return (realImport as any).call(this, format, key, ...rest);
  } as never;
  subtle.exportKey = async function (this: SubtleCrypto, format: string, key: CryptoKey) {
    const out = await (realExport as any).call(this, format, key);
    if (format === 'jwk') add('private key (JWK d)', out?.d);
    if (format === 'pkcs8') add('private key (PKCS8 base64)', Buffer.from(out).toString('base64'));
    return out;
  } as never;
  try {
    return { result: await run(), secrets };
  } finally {
    globalThis.fetch = realFetch;
    subtle.importKey = realImport;
    subtle.exportKey = realExport;
  }
}

function leaks(text: string, secrets: Map<string, string>): string[] {
  return [...secrets].filter(([v]) => text.includes(v)).map(([v, what]) => `${what}: …${v.slice(0, 8)}…`);
}

describe('no secret in any log line', () => {
  it('the demo at trace level logs none of the run\'s API key, session tokens, instant key secret, private keys or credential documents', async () => {
    const { logger, lines } = capturingLogger('trace');
    const { result, secrets } = await withSecretTap(() => runDemo({ profile: 'floor', logger, seed: 3 }));
    expect(result.ok).toBe(true);
    const kinds = new Set(secrets.values());
    // The tap saw every kind of secret, so the scan below means something.
    for (const k of ['bearer token', 'instant key secret', 'client session token', 'private key (JWK d)', 'credential document (base64url)']) expect(kinds, k).toContain(k);
    expect(lines.length).toBeGreaterThan(100);
    expect(lines.some((l) => JSON.parse(l).level === 10)).toBe(true); // trace lines were written
    const all = lines.join('');
    expect(leaks(all, secrets)).toEqual([]);
  }, 120_000);

  it('`keyrig demo --log-level trace --json` prints nothing shaped like a secret (stdout and stderr)', async () => {
    const child = spawn(process.execPath, [join(here, '..', 'keyrig.js'), 'demo', '--log-level', 'trace', '--json', '--profile', 'floor'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (out += String(d)));
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(code).toBe(0);
    expect(out.length).toBeGreaterThan(10_000); // trace logs really were printed
    expect(out.match(/seam_(key1|cst1)_[A-Za-z0-9_-]{8,}/g) ?? []).toEqual([]);
    expect(out.match(/"d"\s*:\s*"[A-Za-z0-9_-]{40,}"/g) ?? []).toEqual([]);
    expect(out.match(/\/ik\/[A-Za-z0-9_-]{20,}/g) ?? []).toEqual([]);
    expect(out.match(/-----BEGIN|PRIVATE KEY/g) ?? []).toEqual([]);
  }, 120_000);
});

describe('cloud tokens at rest', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyrig-secrets-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('API key, session tokens and instant key secrets carry >= 128 random bits and are never in the database in clear (SHA-256 for lookup; instant key secrets also AES-GCM under the key file beside it)', async () => {
    const dbPath = join(dir, 'cloud.db');
    const cloud = await startCloud({ dbPath, logger: pino({ level: 'silent' }), clock: new ManualClock(Date.UTC(2026, 5, 1, 12)), port: 0 });
    const call = async (path: string, body: unknown, token: string | null = cloud.apiKey) => {
      const res = await fetch(`${cloud.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
      return (await res.json()) as Record<string, any>;
    };
    const secrets: string[] = [cloud.apiKey];
    const entrance = (await call('/acs/entrances/list', {})).acs_entrances[0].acs_entrance_id;
    for (let i = 0; i < 3; i++) {
      const ui = (await call('/user_identities/create', {})).user_identity.user_identity_id;
      await call('/access_grants/create', { user_identity_id: ui, acs_entrance_ids: [entrance], requested_access_methods: [{ mode: 'mobile_key' }] });
      const url = (await call('/user_identities/generate_instant_key', { user_identity_id: ui })).instant_key.instant_key_url as string;
      const token = (await call('/instant_keys/open', { instant_key_url: url }, null)).client_session.token as string;
      secrets.push(url.split('/ik/')[1]!, token);
    }
    await cloud.close();
    const randomBits = (s: string) => Buffer.from(s.replace(/^seam_(key1|cst1)_/, ''), 'base64url').length * 8;
    for (const s of secrets) expect(randomBits(s), s.slice(0, 10)).toBeGreaterThanOrEqual(128);
    expect(new Set(secrets).size).toBe(secrets.length);

    const db = new Database(dbPath, { readonly: true });
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    let dump = '';
    for (const t of tables) {
      for (const row of db.prepare(`SELECT * FROM "${t}"`).all() as Record<string, unknown>[]) {
        for (const v of Object.values(row)) dump += `${Buffer.isBuffer(v) ? v.toString('hex') + v.toString('latin1') : String(v)}\n`;
      }
    }
    db.close();
    for (const s of secrets) {
      expect(dump.includes(s), `plaintext ${s.slice(0, 10)}… in the database`).toBe(false);
      const hash = createHash('sha256').update(s, 'utf8').digest('hex');
      expect(dump.includes(hash), `hash of ${s.slice(0, 10)}… in the database`).toBe(true);
    }
  }, 60_000);
});
