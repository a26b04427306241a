/**
 * README "Exit codes", checked against the real `keyrig` binary (a child process, as a user or a
 * CI job runs it). The README is the statement; each row below is hand-written from it:
 * bad flags, values and files end with exit 2 and ONE line naming the flag or the file (no stack
 * trace), before anything starts; Ctrl-C (SIGINT) ends every command with 130; every command
 * takes --json, --log-level and --log-format.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyrig, keyrigChild } from './support/childCli.js';
import { cli } from './support/cliIo.js';

const dir = mkdtempSync(join(tmpdir(), 'keyrig-exit-codes-'));
const at = (f: string) => join(dir, f);

beforeAll(() => {
  writeFileSync(at('bad.json'), '{ "entrances": [ oops');
  // Longer than an SQLite header, and not one: what a wrong path or a truncated copy looks like.
  writeFileSync(at('corrupt.db'), 'this is a text file that somebody passed as the cloud database\n');
  writeFileSync(at('a-file'), 'not a folder\n');
  mkdirSync(at('suites-empty'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** stderr without commander's help hint: the lines a user has to read. */
const messageLines = (stderr: string) => stderr.split('\n').filter((l) => l !== '' && l !== '(add --help for the flags)');

describe('bad input: exit 2 and one line naming what is wrong (README "Exit codes")', () => {
  const rows: [args: string[], names: RegExp][] = [
    [['cloud', 'serve', '--db', ':memory:', '--port', 'abc'], /--port/],
    [['cloud', 'serve', '--db', ':memory:', '--port', '99999'], /--port/],
    [['cloud', 'serve', '--db', ':memory:', '--port', '0', '--property', at('bad.json')], /bad\.json/],
    [['cloud', 'serve', '--db', at('corrupt.db'), '--port', '0'], /corrupt\.db: file is not a database/],
    [['cloud', 'provision', '--db', at('new.db'), '--create', '--out', at('p.json'), '--property', at('bad.json')], /bad\.json/],
    [['cloud', 'provision', '--db', at('corrupt.db'), '--out', at('p.json')], /corrupt\.db: file is not a database/],
    [['cloud', 'provision', '--db', at('missing.db'), '--out', at('p.json')], /missing\.db: no such file.*--create/],
    [['cloud', 'api-keys', 'list', '--db', at('corrupt.db')], /corrupt\.db/],
    [['run', '--target', 'air:tcp://127.0.0.1:9', '--cloud-db', at('corrupt.db')], /corrupt\.db: file is not a database/],
    [['run', '--tag', 'nosuchtag'], /"nosuchtag".*known tags: .*smoke/],
    [['run', '--exclude-tag', 'nosuchtag'], /"nosuchtag".*known tags: .*security/],
    [['run', '--grep', 'no scenario is called this'], /matches no scenario/],
    [['run', '--timeout', 'soon'], /--timeout/],
    [['run', '--reporter', `junit=${at('a-file')}/junit.xml`], /a-file\/junit\.xml: cannot write/],
    [['run', at('no-such-suites')], /no-such-suites/],
    [['run', at('suites-empty')], /no suites found/],
    [['validate', '--emulated', '--capabilities', at('bad.json')], /bad\.json/],
    [['lock', 'faults', '--log-level', 'loud'], /--log-level/],
    [['run', '--list', '--log-format', 'xml'], /--log-format/],
  ];
  it.concurrent.each(rows)('keyrig %j', async (args, names) => {
    const r = await keyrig(args, { cwd: dir });
    expect(r.code, r.stderr).toBe(2);
    const lines = messageLines(r.stderr);
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(names);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    // Refused before anything ran.
    expect(r.stderr).not.toMatch(/running \d+ scenario/);
  }, 60_000);

  it('a missing cloud database is not created by the refusal', () => {
    expect(existsSync(at('missing.db'))).toBe(false);
  });
});

describe('every command takes --json, --log-level and --log-format (README "Using keyrig")', () => {
  const commands = [['air', 'serve'], ['cloud', 'serve'], ['cloud', 'provision'], ['cloud', 'api-keys', 'list'], ['lock', 'faults'], ['lock', 'run'], ['scan'], ['unlock'], ['demo'], ['run'], ['validate'], ['validate', 'init'], ['bench']];
  it.each(commands)('keyrig %s … --help lists them', async (...cmd) => {
    // In this process: the same program and parser as the binary, without a node start per command.
    const r = await cli([...cmd, '--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--json', '--log-level', '--log-format']) expect(r.stdout, `${cmd.join(' ')} ${flag}`).toContain(flag);
  }, 60_000);

  it('cloud provision, lock faults and validate init print JSON with --json', async () => {
    const p = await keyrig(['cloud', 'provision', '--db', at('c.db'), '--create', '--out', at('prov.json'), '--json', '--log-level', 'warn']);
    expect(p.code, p.stderr).toBe(0);
    expect(JSON.parse(p.stdout)).toMatchObject({ out: at('prov.json'), locks: expect.any(Number) });
    const f = await keyrig(['lock', 'faults', '--json', '--log-level', 'error']);
    expect(f.code).toBe(0);
    expect(Array.isArray(JSON.parse(f.stdout))).toBe(true);
    const v = await keyrig(['validate', 'init', '--out', at('kit'), '--json']);
    expect(v.code, v.stderr).toBe(0);
    const kit = JSON.parse(v.stdout) as { provisioning: string; providerKey: string; capabilities: string };
    for (const file of [kit.provisioning, kit.providerKey, kit.capabilities]) expect(existsSync(file), file).toBe(true);
  }, 60_000);

  it('cloud serve takes --json and --log-level and prints its JSON line', async () => {
    const c = keyrigChild(['cloud', 'serve', '--db', ':memory:', '--port', '0', '--no-web-app', '--json', '--log-level', 'error']);
    const line = await c.waitFor(/\{.*\}\n/, 'stdout');
    expect(JSON.parse(line)).toMatchObject({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+/) });
    c.child.kill('SIGTERM');
    expect((await c.exited).code).toBe(0); // a server stopped by SIGTERM: a clean stop
  }, 60_000);
});

describe('Ctrl-C: exit 130 for every command (README "Exit codes")', () => {
  it('cloud serve', async () => {
    const c = keyrigChild(['cloud', 'serve', '--db', at('sigint.db'), '--port', '0', '--no-web-app']);
    await c.waitFor(/"url"/, 'stdout');
    c.child.kill('SIGINT');
    expect((await c.exited).code).toBe(130);
  }, 60_000);

  it('air serve and scan (a phone on that air)', async () => {
    const air = keyrigChild(['air', 'serve', '--port', '0', '--json']);
    const { url } = JSON.parse(await air.waitFor(/\{.*\}\n/, 'stdout')) as { url: string };
    const scan = keyrigChild(['scan', '--air', url, '--timeout', '600000']);
    await scan.waitFor(/scanning/, 'stderr');
    scan.child.kill('SIGINT');
    const s = await scan.exited;
    expect(s.code, s.stderr).toBe(130);
    air.child.kill('SIGINT');
    expect((await air.exited).code).toBe(130);
  }, 90_000);

  it('lock run (noble and bleno no longer turn it into exit 1)', async () => {
    const prov = await keyrig(['cloud', 'provision', '--db', at('locks.db'), '--create', '--out', at('locks.json')]);
    expect(prov.code, prov.stderr).toBe(0);
    const lock = keyrigChild(['lock', 'run', '--provisioning', at('locks.json'), '--json']);
    await lock.waitFor(/"locks"/, 'stdout');
    lock.child.kill('SIGINT');
    const r = await lock.exited;
    expect(r.code, r.stderr).toBe(130);
  }, 90_000);

  it('validate --kill-rate', async () => {
    const v = keyrigChild(['validate', '--kill-rate']);
    await v.waitFor(/\S/, 'stderr');
    v.child.kill('SIGINT');
    const r = await v.exited;
    expect(r.code, r.stderr).toBe(130);
  }, 90_000);
});

describe('stderr a user reads (README "Exit codes", "Using keyrig")', () => {
  it('a server on a busy port: one line, exit 70, the stack only with --log-level debug', async () => {
    const first = keyrigChild(['air', 'serve', '--port', '0', '--json']);
    const { url } = JSON.parse(await first.waitFor(/\{.*\}\n/, 'stdout')) as { url: string };
    const port = new URL(url).port;
    const busy = await keyrig(['air', 'serve', '--port', port]);
    expect(busy.code).toBe(70);
    expect(messageLines(busy.stderr)).toEqual([expect.stringMatching(/^keyrig air serve: .*EADDRINUSE/)]);
    const debug = await keyrig(['air', 'serve', '--port', port, '--log-level', 'debug']);
    expect(debug.code).toBe(70);
    expect(debug.stderr).toMatch(/^keyrig air serve: .*EADDRINUSE[^]*\n\s+at /);
    first.child.kill('SIGTERM');
    await first.exited;
  }, 90_000);

  const WARNS = 'guest-stay/after-checkout'; // a shipped scenario whose phone logs two warnings (an expired key's reload and audit upload)
  it('--quiet: nothing on stderr on a clean run, not even warnings', async () => {
    const r = await keyrig(['run', '--grep', WARNS, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
  }, 120_000);

  it('log lines: JSON when stderr is not a terminal, human-readable with --log-format pretty', async () => {
    const json = await keyrig(['run', '--grep', WARNS]);
    expect(json.code, json.stderr).toBe(0);
    const warnings = json.stderr.split('\n').filter((l) => l.startsWith('{'));
    expect(warnings.length).toBeGreaterThan(0);
    expect(JSON.parse(warnings[0]!)).toMatchObject({ level: 40, msg: expect.any(String) });
    const pretty = await keyrig(['run', '--grep', WARNS, '--log-format', 'pretty']);
    expect(pretty.code, pretty.stderr).toBe(0);
    expect(pretty.stderr).not.toMatch(/^\{/m);
    expect(pretty.stderr).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] WARN.*: /m);
  }, 180_000);
});
