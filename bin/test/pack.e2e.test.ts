/**
 * keyrig used from a QA team's own repository (docs/SCENARIOS.md "Your own repo"): the tarball
 * `npm run pack:keyrig` makes is installed with `npm install -D` into a fresh project OUTSIDE
 * the checkout; a suite there imports the DSL by its public name ('keyrig', 'keyrig/scenarios'),
 * `npx keyrig run suites/` runs it and writes JUnit and HTML; the public types are real types.
 * npm runs every install script, as for a QA team. better-sqlite3's `prebuild-install` would
 * download its prebuilt addon from GitHub, which this machine and CI cannot reach, and then
 * compile it (about 8 minutes on 2 cores); the test gives it a local prebuild instead, made from
 * the checkout's own build of the same pinned version (prebuild-install's documented
 * `npm_config_<package>_local_prebuilds`, what an offline CI mirror does).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'keyrig-own-repo-'));
const project = join(work, 'qa-suites');
afterAll(() => rmSync(work, { recursive: true, force: true }));

const INSTALL_MS = 25 * 60_000;

/**
 * Runs a command to its end without blocking this worker (a synchronous npm install of minutes
 * would starve vitest's worker RPC): resolves to its status and output, never rejects on a code.
 */
function run(cmd: string, args: readonly string[], o: { cwd?: string; timeout: number; env?: NodeJS.ProcessEnv }): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd: o.cwd, timeout: o.timeout, env: o.env ?? process.env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: unknown }).code ?? null) : 0;
      resolve({ status: typeof code === 'number' ? code : null, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  const packed = await run(process.execPath, [join(repo, 'bin', 'pack', 'pack.mjs'), '--out', work], { timeout: 300_000 });
  expect(packed.status, packed.stderr).toBe(0);
  const tarball = packed.stdout.trim();
  expect(tarball).toMatch(/keyrig-\d+\.\d+\.\d+\.tgz$/);
  mkdirSync(join(project, 'suites'), { recursive: true });
  // What a QA team's package.json looks like before: nothing of keyrig.
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'qa-suites', version: '1.0.0', private: true, type: 'module' }, null, 2));
  // The local prebuild: prebuild-install looks for <dir>/<name>-v<version>-node-v<ABI>-<platform>-<arch>.tar.gz.
  const sqlite = join(repo, 'node_modules', 'better-sqlite3');
  const version = (JSON.parse(readFileSync(join(sqlite, 'package.json'), 'utf8')) as { version: string }).version;
  const prebuilds = join(work, 'prebuilds');
  mkdirSync(prebuilds);
  const archive = join(prebuilds, `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`);
  const tar = await run('tar', ['-czf', archive, '-C', sqlite, 'build/Release/better_sqlite3.node'], { timeout: 60_000 });
  expect(tar.status, tar.stderr).toBe(0);
  const env = { ...process.env, npm_config_better_sqlite3_local_prebuilds: prebuilds };
  const install = await run('npm', ['install', '-D', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--foreground-scripts'], { cwd: project, timeout: INSTALL_MS, env });
  // The addon came from the local prebuild (not a compile that happened to succeed).
  // The addon came from the local prebuild: node-gyp never configured better-sqlite3 (it still
  // does for noble's and bleno's small addons, which build in seconds).
  expect(install.stdout + install.stderr).not.toMatch(/better-sqlite3\/build\/config\.gypi/);
  if (install.status !== 0) throw new Error(`npm install -D ${tarball} failed (${install.status}): ${install.stderr.slice(-2000)}`);
}, INSTALL_MS + 120_000);

describe('keyrig installed in a project of its own', () => {
  it('is outside the checkout, and a dev dependency of the project', () => {
    expect(relative(repo, project).startsWith('..')).toBe(true);
    const pkg = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(Object.keys(pkg.devDependencies)).toEqual(['keyrig']);
  });

  it('npx keyrig run suites/ runs a suite that imports the DSL by its public name, with reports', async () => {
    writeFileSync(
      join(project, 'suites', 'frontDesk.js'),
      `import { defineSuite, ENTRANCES } from 'keyrig';
import { DAY } from 'keyrig/scenarios';

export default defineSuite('front-desk', 'Front desk', [
  {
    title: 'a guest opens the room with the instant key',
    run: async (w) => {
      const ada = await w.guest('Ada Guest');
      await ada.stay({ nights: 1, entrances: [ENTRANCES.room101] });
      const phone = await w.phone('ada', ENTRANCES.room101);
      await phone.openKey(await ada.instantKey());
      w.expectEqual((await phone.unlock(ENTRANCES.room101)).codeName, 'GRANTED', 'the door opens');
      w.check(DAY === 86400000, 'a day is a day');
    },
  },
]);
`,
    );
    const r = await run('npx', ['keyrig', 'run', 'suites/', '--reporter', 'junit=reports/junit.xml,html=reports/report.html'], { cwd: project, timeout: 300_000 });
    expect(r.status, r.stderr).toBe(0);
    const junit = readFileSync(join(project, 'reports', 'junit.xml'), 'utf8');
    expect(junit).toMatch(/<testsuites [^>]*tests="1" failures="0" errors="0"/);
    expect(junit).toContain('<testcase classname="keyrig.front-desk" name="a guest opens the room with the instant key"');
    expect(readFileSync(join(project, 'reports', 'report.html'), 'utf8')).toContain('front-desk/a-guest-opens-the-room-with-the-instant-key');
  }, 300_000);

  it('the public names are typed: a correct suite type-checks, a wrong one does not', async () => {
    const tsc = join(repo, 'node_modules', 'typescript', 'bin', 'tsc');
    // A strict project with Node's module resolution, as a QA team's TypeScript repo would have.
    const check = (name: string, code: string) => {
      mkdirSync(join(project, 'types'), { recursive: true });
      writeFileSync(join(project, 'types', name), code);
      const config = join(project, `tsconfig.${name}.json`);
      writeFileSync(config, JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', skipLibCheck: true, noEmit: true, types: [] }, files: [join('types', name)] }));
      return run(process.execPath, [tsc, '-p', config], { cwd: project, timeout: 120_000 });
    };
    const good = await check('good.ts', `import { defineSuite, type Suite, type World } from 'keyrig';\nexport const s: Suite = defineSuite('t', 'T', [{ title: 'x', run: async (w: World) => w.check(true, 'ok') }]);\n`);
    expect(good.status, good.stdout).toBe(0);
    const bad = await check('bad.ts', `import { defineSuite } from 'keyrig/scenarios';\nexport const s = defineSuite('t', 'T', [{ title: 42, run: async () => {} }]);\n`);
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toMatch(/bad\.ts.*error TS2322/);
  }, 180_000);
});
