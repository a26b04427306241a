/**
 * Builds the instant-key web app into a static site with esbuild: one browser bundle (app.js), the
 * service worker (sw.js, stamped with a build id so a new build replaces old caches), the page, its
 * stylesheet, manifest and icon. Run `node client/dist/web/build.js [outDir]` (after `tsc -b`), or
 * call {@link buildWebApp} (the browser tests and the demo do).
 *
 * The site goes to client/dist/web/site/ by default: tsc also emits the web sources' own .js into
 * client/dist/web/, and only the site is meant to be served.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));

/** client/src/web, whether this runs from src (tests) or from dist (after tsc). */
export const webAppSourceDir: string = existsSync(join(here, 'main.ts')) ? here : resolve(here, '../../src/web');

/** Where `node client/dist/web/build.js` puts the site: client/dist/web/site. */
export const defaultWebAppDir: string = resolve(webAppSourceDir, '../../dist/web/site');

/** Static files copied as they are. */
const staticFiles = ['index.html', 'app.css', 'manifest.webmanifest', 'icon.svg'] as const;

export interface BuildWebAppOptions {
  /** Output directory (emptied first). Default {@link defaultWebAppDir}. */
  outDir?: string;
  /** Minify the bundles (default true). */
  minify?: boolean;
  /**
   * Write app.js.map and sw.js.map beside the bundles, unlinked (default false). The cloud never
   * serves .map files (docs/CLOUD.md, "Security headers"); these are for local debugging only.
   */
  sourceMaps?: boolean;
}

export interface BuiltWebApp {
  outDir: string;
  /** Hash of everything the service worker caches; changes with any change to the app. */
  buildId: string;
  files: string[];
}

/** Bundles the web app; resolves once every file is written. */
export async function buildWebApp(options: BuildWebAppOptions = {}): Promise<BuiltWebApp> {
  const outDir = resolve(options.outDir ?? defaultWebAppDir);
  const minify = options.minify ?? true;
  const sourceMaps = options.sourceMaps ?? false;
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });

  const common: BuildOptions = {
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome110', 'safari16', 'firefox115'],
    minify,
    sourcemap: sourceMaps ? 'external' : false,
    legalComments: 'none',
    logLevel: 'silent',
  };

  await build({ ...common, entryPoints: [join(webAppSourceDir, 'main.ts')], outfile: join(outDir, 'app.js') });
  for (const f of staticFiles) copyFileSync(join(webAppSourceDir, f), join(outDir, f));

  const hash = createHash('sha256');
  for (const f of ['app.js', ...staticFiles]) hash.update(readFileSync(join(outDir, f)));
  const buildId = hash.digest('hex').slice(0, 16);

  await build({
    ...common,
    entryPoints: [join(webAppSourceDir, 'serviceWorker.ts')],
    outfile: join(outDir, 'sw.js'),
    // The service worker is a classic script (module workers are not everywhere yet).
    format: 'iife',
    define: { __KEYRIG_BUILD_ID__: JSON.stringify(buildId) },
  });
  writeFileSync(join(outDir, 'build.json'), `${JSON.stringify({ buildId }, null, 2)}\n`);
  return { outDir, buildId, files: ['app.js', 'sw.js', ...(sourceMaps ? ['app.js.map', 'sw.js.map'] : []), 'build.json', ...staticFiles] };
}

// `node client/dist/web/build.js [outDir]`
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const built = await buildWebApp(process.argv[2] ? { outDir: process.argv[2] } : {});
  console.log(`web app ${built.buildId} -> ${built.outDir}`);
}
