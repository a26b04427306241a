/**
 * Loads suites from files or folders: each module's exports that look like a Suite (a default
 * export, named exports, or arrays of suites). JavaScript modules (.js, .mjs); TypeScript files
 * work where Node runs them (Node >= 22.6 with --experimental-strip-types, 23.6+ by default).
 */
import { KeyrigError } from '@keyrig/protocol';
import { readdirSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Suite } from '../dsl/scenario.js';

const MODULE_EXTENSIONS = new Set(['.js', '.mjs', '.ts', '.mts']);

export function isSuite(x: unknown): x is Suite {
  const s = x as Suite | null;
  return typeof s === 'object' && s !== null && typeof s.name === 'string' && Array.isArray(s.scenarios);
}

/** Module files under `path` (a file, or a folder searched recursively), sorted. */
export function suiteFiles(path: string): string[] {
  const abs = resolve(path);
  let st;
  try {
    st = statSync(abs);
  } catch {
    throw new KeyrigError('config', `no such file or folder: ${path}`);
  }
  if (st.isFile()) return [abs];
  const out: string[] = [];
  for (const entry of readdirSync(abs, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(abs, entry.name);
    if (entry.isDirectory()) out.push(...suiteFiles(p));
    else if (MODULE_EXTENSIONS.has(extname(entry.name)) && !entry.name.endsWith('.d.ts') && !/\.test\.[mc]?[jt]s$/.test(entry.name)) out.push(p);
  }
  return out;
}

/**
 * Imports every file and collects its suites (deduplicated by name, first wins). `fresh`: a new
 * value imports the files again instead of from the module cache (`keyrig run --watch`).
 */
export async function loadSuites(paths: readonly string[], o: { fresh?: string } = {}): Promise<Suite[]> {
  const suites = new Map<string, Suite>();
  for (const file of paths.flatMap(suiteFiles)) {
    let mod: Record<string, unknown>;
    try {
      const url = pathToFileURL(file).href;
      mod = (await import(o.fresh === undefined ? url : `${url}?keyrig-run=${encodeURIComponent(o.fresh)}`)) as Record<string, unknown>;
    } catch (err) {
      throw new KeyrigError('config', `cannot load ${file}: ${(err as Error).message}`, { cause: err });
    }
    for (const value of Object.values(mod)) {
      for (const s of Array.isArray(value) ? value : [value]) {
        if (isSuite(s) && !suites.has(s.name)) suites.set(s.name, s);
      }
    }
  }
  return [...suites.values()];
}
