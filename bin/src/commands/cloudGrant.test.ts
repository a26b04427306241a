/**
 * `keyrig cloud grant|revoke|events` run as a real CLI (node bin/keyrig.js) against a real cloud
 * (`keyrig cloud serve` on a random port): over HTTP with --url/--api-key and on the database
 * with --db while the cloud serves it. The printed instant key URL is opened over HTTP; exit
 * codes and one-line errors are those the README documents (2 for bad input).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const cli = join(import.meta.dirname, '..', '..', 'keyrig.js');
const apiKey = `seam_${'g'.repeat(30)}`;

interface Run { status: number | null; stdout: string; stderr: string }
function keyrig(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [cli, 'cloud', ...args], { env: { ...process.env, KEYRIG_API_KEY: '' } });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d) => (stdout += d));
    c.stderr.on('data', (d) => (stderr += d));
    c.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('keyrig cloud grant, revoke and events', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyrig-cli-grant-'));
  const db = join(dir, 'cloud.db');
  let server: ChildProcess;
  let url: string;
  const http = async (path: string, body: unknown = {}, auth: string | null = apiKey) => {
    const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as any };
  };
  const overHttp = () => ['--url', url, '--api-key', apiKey];

  beforeAll(async () => {
    server = spawn(process.execPath, [cli, 'cloud', 'serve', '--port', '0', '--no-web-app', '--db', db, '--api-key', apiKey], { stdio: ['ignore', 'pipe', 'pipe'] });
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: server.stdout! }).once('line', resolve);
      server.once('exit', (code) => reject(new Error(`cloud serve exited ${code}`)));
    });
    url = (JSON.parse(line) as { url: string }).url;
  }, 120_000);
  afterAll(async () => {
    if (server.exitCode === null) {
      const exit = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await exit;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('grant over HTTP prints an instant key URL that opens Room 101 and the elevator to floor 3, in the given window', async () => {
    const r = await keyrig('grant', ...overHttp(), '--guest', 'Ada Lovelace', '--entrance', 'Room 101', '--floor', '3', '--from', '2030-01-01T15:00:00Z', '--until', '2030-01-04T11:00:00+01:00');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const link = r.stdout.trim();
    expect(link).toMatch(new RegExp(`^${url}/ik/[A-Za-z0-9_-]{43}$`));
    const open = await http('/instant_keys/open', { instant_key_url: link }, null);
    expect(open.status).toBe(200);
    const access = open.body.instant_key_preview.access as { name: string; starts_at: string; ends_at: string }[];
    expect(access.map((a) => a.name).sort()).toEqual(['Elevator', 'Room 101']);
    // 11:00 at +01:00 is 10:00 UTC.
    expect(access.map((a) => [a.starts_at, a.ends_at])).toEqual([
      ['2030-01-01T15:00:00.000Z', '2030-01-04T10:00:00.000Z'],
      ['2030-01-01T15:00:00.000Z', '2030-01-04T10:00:00.000Z'],
    ]);
  }, 60_000);

  it('grant --json on the database of the running cloud (--db): the running cloud sees the grant and opens the key', async () => {
    const r = await keyrig('grant', '--db', db, '--public-url', url, '--guest', 'Grace Hopper', '--entrance', 'room-102', '--entrance', 'gym', '--from', 'now', '--until', '+2d', '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { instant_key_url: string; access_grant_id: string; user_identity_id: string; entrances: string[]; floors: number[] };
    expect(out.entrances.sort()).toEqual(['Gym', 'Room 102']);
    expect(out.floors).toEqual([]);
    const grant = await http('/access_grants/get', { access_grant_id: out.access_grant_id });
    expect(grant.status).toBe(200);
    expect((await http('/user_identities/get', { user_identity_id: out.user_identity_id })).body.user_identity.full_name).toBe('Grace Hopper');
    // +2d: two days after the start ("now"), whatever the machine's speed.
    expect(Date.parse(grant.body.access_grant.ends_at) - Date.parse(grant.body.access_grant.starts_at)).toBe(2 * 86_400_000);
    expect((await http('/instant_keys/open', { instant_key_url: out.instant_key_url }, null)).status).toBe(200);
  }, 60_000);

  it('grant --space gives every entrance of the space', async () => {
    const entrances = (await http('/acs/entrances/list')).body.acs_entrances as any[];
    const pick = (name: string) => entrances.find((e) => e.display_name === name).acs_entrance_id;
    expect((await http('/spaces/create', { name: 'Wellness', acs_entrance_ids: [pick('Gym'), pick('Pool')] })).status).toBe(200);
    const r = await keyrig('grant', ...overHttp(), '--guest', 'Alan', '--space', 'wellness', '--entrance', 'Room 101', '--from', 'now', '--until', '+1d', '--json');
    expect(r.status, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { entrances: string[] }).entrances.sort()).toEqual(['Gym', 'Pool', 'Room 101']);
  }, 60_000);

  it('exits 2 with one clear line for an unknown entrance, a bad time, --until before --from, and no cloud', async () => {
    const base = ['grant', ...overHttp(), '--guest', 'Ada'];
    const cases: [string[], RegExp][] = [
      [[...base, '--entrance', 'Room 999', '--from', 'now', '--until', '+1d'], /unknown entrance "Room 999"; this property has: .*Room 101/],
      [[...base, '--entrance', 'Room 101', '--from', 'tomorrow', '--until', '+1d'], /--from "tomorrow" is not a time/],
      [[...base, '--entrance', 'Room 101', '--from', '2030-01-01', '--until', '+1d'], /--from "2030-01-01" is not a time: use ISO 8601 with a time zone/],
      [[...base, '--entrance', 'Room 101', '--from', '+3d', '--until', '+1d'], /--until .* must be after --from/],
      [[...base, '--entrance', 'Room 101', '--floor', '9', '--from', 'now', '--until', '+1d'], /no elevator of this property serves floor 9/],
      [[...base, '--space', 'Nowhere', '--from', 'now', '--until', '+1d'], /unknown space "Nowhere"/],
      [['grant', '--guest', 'Ada', '--entrance', 'Room 101', '--from', 'now', '--until', '+1d'], /say which cloud/],
      [['grant', '--db', join(dir, 'missing.db'), '--guest', 'Ada', '--entrance', 'Room 101', '--from', 'now', '--until', '+1d'], /no cloud database at/],
      [['revoke', ...overHttp(), 'not-an-id'], /is not an access grant id, instant key id or instant key URL/],
      [['revoke', ...overHttp(), '00000000-0000-4000-8000-000000000000'], /no access grant or instant key has id/],
    ];
    for (const [args, message] of cases) {
      const r = await keyrig(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n'), r.stderr).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
  }, 120_000);

  it('revoke takes a grant id, an instant key id or URL; every command has --help', async () => {
    const made = JSON.parse((await keyrig('grant', ...overHttp(), '--guest', 'Kim', '--entrance', 'Room 101', '--from', 'now', '--until', '+1d', '--json')).stdout);
    const r1 = await keyrig('revoke', ...overHttp(), made.access_grant_id);
    expect([r1.status, r1.stdout]).toEqual([0, `revoked access grant ${made.access_grant_id}\n`]);
    expect((await http('/access_grants/get', { access_grant_id: made.access_grant_id })).status).toBe(404);
    const r2 = await keyrig('revoke', '--db', db, made.instant_key_url, '--json');
    expect(r2.status, r2.stderr).toBe(0);
    expect(JSON.parse(r2.stdout)).toEqual({ revoked: { kind: 'instant_key', id: made.instant_key_id } });
    expect((await http('/instant_keys/open', { instant_key_url: made.instant_key_url }, null)).status).toBe(401);
    for (const cmd of ['grant', 'revoke', 'events']) {
      const h = await keyrig(cmd, '--help');
      expect(h.status).toBe(0);
      expect(h.stdout).toMatch(new RegExp(`Usage: keyrig cloud ${cmd}`));
    }
    expect((await keyrig('grant', '--help')).stdout).toMatch(/\+2h,\s+\+3d/);
  }, 120_000);

  it('events lists oldest first (text and NDJSON); --follow prints a grant made meanwhile and stops on SIGTERM', async () => {
    const text = await keyrig('events', ...overHttp(), '--limit', '500');
    expect(text.status).toBe(0);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines.some((l) => /access_grant\.created {2}.*access_grant_id=/.test(l))).toBe(true);
    const times = lines.map((l) => l.split('  ')[0]!);
    expect([...times].sort()).toEqual(times);
    const json = await keyrig('events', '--db', db, '--json', '--limit', '3');
    expect(json.stdout.trimEnd().split('\n').map((l) => (JSON.parse(l) as { event_type: string }).event_type)).toHaveLength(3);

    const follower = spawn(process.execPath, [cli, 'cloud', 'events', ...overHttp(), '--follow', '--json', '--limit', '1', '--interval', '200'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const seen: string[] = [];
    const rl = createInterface({ input: follower.stdout! });
    const first = new Promise<void>((resolve) => rl.once('line', () => resolve()));
    rl.on('line', (l) => seen.push((JSON.parse(l) as { event_type: string; user_identity_id?: string }).event_type));
    await first;
    const made = JSON.parse((await keyrig('grant', ...overHttp(), '--guest', 'Follow Me', '--entrance', 'Room 102', '--from', 'now', '--until', '+1d', '--json')).stdout);
    expect(made.access_grant_id).toBeDefined();
    await expect.poll(() => seen.includes('access_grant.created') && seen.length > 1, { timeout: 30_000, interval: 100 }).toBe(true);
    const exit = new Promise<number | null>((r) => follower.once('exit', (code) => r(code)));
    follower.kill('SIGTERM');
    expect(await exit).toBe(0);
  }, 120_000);
});
