#!/usr/bin/env node
/**
 * Packs keyrig as ONE installable tarball, the way QA teams take test tools into their own repo
 * (docs/SCENARIOS.md "Your own repo"): `npm install -D keyrig-<version>.tgz`, then `npx keyrig`.
 *
 * The workspace stays private. The package `keyrig` is assembled in a staging folder:
 *   keyrig.js, dist/          the CLI (bin/dist)
 *   index.js, scenarios.js    public entries 'keyrig' and 'keyrig/scenarios' = @keyrig/scenarios, typed
 *   node_modules/@keyrig/*    the workspace packages' dist (client also its src: the web app is
 *                             bundled from it), as bundleDependencies
 * and its dependencies are the third-party ones of those packages, at the workspace's pinned versions.
 *
 * Usage: node bin/pack/pack.mjs [--out DIR]   (after `npm run build`; prints the tarball path)
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
const outIdx = process.argv.indexOf('--out');
const outDir = resolve(outIdx > 0 ? process.argv[outIdx + 1] : root);
const read = (p) => JSON.parse(readFileSync(join(root, p), 'utf8'));

/** Workspace packages the CLI needs at run time: folder -> what to copy besides package.json. */
const BUNDLED = { protocol: ['dist'], 'protocol/api': ['dist'], simulator: ['dist'], client: ['dist', 'src'], scenarios: ['dist'] };

const cli = read('bin/package.json');
const stage = join(mkdtempSync(join(tmpdir(), 'keyrig-pack-')), 'keyrig');
mkdirSync(stage);
const skip = (src) => !/\.tsbuildinfo$|\.test\.(js|ts|d\.ts)(\.map)?$|[/\\]test[/\\]/.test(src);

const thirdParty = { ...cli.dependencies };
const bundled = [];
for (const [folder, parts] of Object.entries(BUNDLED)) {
  const pkg = read(`${folder}/package.json`);
  if (!existsSync(join(root, folder, 'dist', 'index.js'))) throw new Error(`${folder}/dist is missing: run \`npm run build\` first`);
  const dest = join(stage, 'node_modules', ...pkg.name.split('/'));
  for (const part of parts) cpSync(join(root, folder, part), join(dest, part), { recursive: true, filter: skip });
  delete pkg.devDependencies;
  delete pkg.scripts;
  writeFileSync(join(dest, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  bundled.push(pkg.name);
  Object.assign(thirdParty, pkg.dependencies);
}
for (const name of Object.keys(thirdParty)) if (name.startsWith('@keyrig/')) delete thirdParty[name];
for (const name of bundled) thirdParty[name] = read(`${Object.keys(BUNDLED)[bundled.indexOf(name)]}/package.json`).version;

cpSync(join(root, 'bin', 'dist'), join(stage, 'dist'), { recursive: true, filter: skip });
cpSync(join(root, 'bin', 'keyrig.js'), join(stage, 'keyrig.js'));
for (const f of ['index.js', 'index.d.ts', 'scenarios.js', 'scenarios.d.ts', 'README.md']) cpSync(join(import.meta.dirname, 'public', f), join(stage, f));
const workspace = read('package.json');
const entry = { types: './index.d.ts', default: './index.js' };
writeFileSync(
  join(stage, 'package.json'),
  `${JSON.stringify(
    {
      name: 'keyrig',
      version: cli.version,
      description: workspace.description,
      license: workspace.license,
      type: 'module',
      engines: workspace.engines,
      bin: { keyrig: './keyrig.js' },
      main: './index.js',
      types: './index.d.ts',
      exports: { '.': entry, './scenarios': { types: './scenarios.d.ts', default: './scenarios.js' }, './package.json': './package.json' },
      files: ['keyrig.js', 'dist', 'index.js', 'index.d.ts', 'scenarios.js', 'scenarios.d.ts', 'README.md'],
      dependencies: Object.fromEntries(Object.entries(thirdParty).sort(([a], [b]) => a.localeCompare(b))),
      bundleDependencies: bundled,
      overrides: workspace.overrides,
    },
    null,
    2,
  )}\n`,
);
mkdirSync(outDir, { recursive: true });
const out = execFileSync('npm', ['pack', '--json', '--pack-destination', outDir], { cwd: stage, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
const [{ filename }] = JSON.parse(out);
rmSync(resolve(stage, '..'), { recursive: true, force: true });
process.stdout.write(`${join(outDir, filename)}\n`);
