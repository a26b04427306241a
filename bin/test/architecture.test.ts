/**
 * The dependency direction, enforced by a test (docs/ARCHITECTURE.md):
 *   protocol <- simulator, client <- scenarios <- bin
 *   (@keyrig/api, in protocol/api/, sits at protocol's level: it imports only zod and protocol)
 * - protocol imports nothing but itself: no node:*, Node built-ins, pino, noble, bleno, and it
 *   never touches `window`, `navigator` or `document` (it runs unchanged in the browser).
 * - every package imports only the @keyrig packages below it, never upward or sideways (tests may
 *   use a sibling package as a fixture, never an upper one).
 * - noble is used only in client/, bleno only in simulator/ (platform code stays at the edges).
 * - @keyrig/testkit (protocol/testkit) sits at protocol's level: it imports only @keyrig/protocol;
 *   any package's tests may import it, no package's src/ may.
 * - bench/ is the top layer: it may import every @keyrig package and the test kit, never another
 *   folder's files (no ../../simulator/test), and nothing imports it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

/**
 * Tests are not part of a package's build graph, so a package's integration tests may also start
 * sibling packages as fixtures (a client test runs simulated locks) — but never import upward.
 */
const allowedInTests: Record<string, readonly string[]> = {
  protocol: ['@keyrig/testkit'],
  'protocol/api': ['@keyrig/protocol'],
  'protocol/testkit': ['@keyrig/protocol'],
  simulator: ['@keyrig/protocol', '@keyrig/api', '@keyrig/client', '@keyrig/testkit'],
  client: ['@keyrig/protocol', '@keyrig/api', '@keyrig/simulator', '@keyrig/testkit'],
  scenarios: ['@keyrig/protocol', '@keyrig/api', '@keyrig/simulator', '@keyrig/client', '@keyrig/testkit'],
  bin: ['@keyrig/protocol', '@keyrig/api', '@keyrig/simulator', '@keyrig/client', '@keyrig/scenarios', '@keyrig/testkit'],
  bench: ['@keyrig/protocol', '@keyrig/api', '@keyrig/simulator', '@keyrig/client', '@keyrig/scenarios', '@keyrig/cli', '@keyrig/testkit'],
};

const allowed: Record<string, readonly string[]> = {
  protocol: [],
  'protocol/api': ['@keyrig/protocol'],
  'protocol/testkit': ['@keyrig/protocol'],
  simulator: ['@keyrig/protocol', '@keyrig/api'],
  client: ['@keyrig/protocol', '@keyrig/api'],
  scenarios: ['@keyrig/protocol', '@keyrig/api', '@keyrig/simulator', '@keyrig/client'],
  bin: ['@keyrig/protocol', '@keyrig/api', '@keyrig/simulator', '@keyrig/client', '@keyrig/scenarios'],
  bench: allowedInTests.bench!,
};

/** The folders scanned per package (bench keeps its long fuzz runs in fuzz/, not test/). */
const scanned: Record<string, readonly string[]> = { bench: ['src', 'fuzz'] };

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|mts|tsx)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Module specifiers of static imports/exports, dynamic imports and require() calls. */
export function importsOf(source: string): string[] {
  const specs: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\sfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of source.matchAll(re)) specs.push(m[1]!);
  return specs;
}


function violations(pkg: string, includeTests: boolean): string[] {
  const found: string[] = [];
  const dirs = (scanned[pkg] ?? ['src', ...(includeTests ? ['test'] : [])]).map((d) => join(root, pkg, d));
  for (const dir of dirs) {
    let files: string[] = [];
    try {
      files = sourceFiles(dir);
    } catch {
      continue;
    }
    for (const file of files) {
      const rel = relative(root, file);
      const isTest = /\.test\.ts$|\/test\//.test(rel);
      const text = readFileSync(file, 'utf8');
      for (const spec of importsOf(text)) {
        if (spec.startsWith('.')) {
          // Relative imports must stay inside the package.
          const target = relative(join(root, pkg), join(file, '..', spec));
          if (target.startsWith('..')) found.push(`${rel}: relative import leaves ${pkg}/: ${spec}`);
          continue;
        }
        if (spec.startsWith('@keyrig/')) {
          const name = spec.split('/').slice(0, 2).join('/');
          const ok = (isTest ? allowedInTests : allowed)[pkg]!.includes(name);
          if (!ok) found.push(`${rel}: ${pkg}${isTest ? ' tests' : ''} may not import ${name}`);
          continue;
        }
        if (pkg === 'protocol' && !isTest) {
          found.push(`${rel}: protocol may not import "${spec}" (only its own files)`);
          continue;
        }
        if (pkg === 'protocol/api' && !isTest && !/^zod(\/|$)/.test(spec)) {
          found.push(`${rel}: @keyrig/api may import only zod and @keyrig/protocol, not "${spec}"`);
          continue;
        }
        if (pkg === 'protocol/testkit' && !isTest && spec !== 'vitest') {
          found.push(`${rel}: @keyrig/testkit may import only @keyrig/protocol and vitest, not "${spec}" (like protocol, no Node API)`);
          continue;
        }
        if (/^@stoprocent\/noble|^@abandonware\/noble/.test(spec) && pkg !== 'client' && !isTest) {
          found.push(`${rel}: noble is used only in client/ (its noble adapter)`);
        }
        if (/^@stoprocent\/bleno|^@abandonware\/bleno/.test(spec) && pkg !== 'simulator') {
          found.push(`${rel}: bleno is used only in simulator/ (the lock's BLE adapter)`);
        }
      }
      if ((pkg === 'protocol' || pkg === 'protocol/api' || pkg === 'protocol/testkit') && !isTest) {
        for (const g of globalUses(text)) found.push(`${rel}: protocol may not use the global "${g}"`);
      }
    }
  }
  return found;
}

const platformGlobals = ['window', 'navigator', 'document', 'Buffer', 'process'] as const;

/**
 * Platform globals used as objects (`navigator.bluetooth`, `Buffer.from`, `window[x]`), ignoring
 * comments, strings, property names (`doc.document`) and locals the file declares itself.
 */
export function globalUses(source: string): string[] {
  const code = source
    .replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')
    .replace(/`(?:\\.|[^`\\])*`|'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"/g, '""');
  return platformGlobals.filter((g) => {
    const declared = new RegExp(`\\b(?:const|let|var|function)\\s+${g}\\b|[(,]\\s*${g}\\s*[:?,)]`).test(code);
    return !declared && new RegExp(`(?<![.\\w$])${g}\\s*[.[(]`).test(code);
  });
}

describe('architecture: dependencies point one way'
, () => {
  for (const pkg of Object.keys(allowed)) {
    it(`${pkg} imports only what it may`, () => {
      expect(violations(pkg, true)).toEqual([]);
    });
  }

  it('the checker itself catches a forbidden import (it can fail)', () => {
    expect(importsOf(`import { x } from 'node:fs';\nconst y = await import("pino");`)).toEqual([
      'node:fs',
      'pino',
    ]);
    expect(globalUses(`const a = navigator.bluetooth; // window.x\nconst s = "document.body";`)).toEqual(['navigator']);
    expect(globalUses(`const document = doc.document; document.length; Buffer.from(x)`)).toEqual(['Buffer']);
  });

  it('protocol compiles with no Node types', () => {
    const cfg = JSON.parse(readFileSync(join(root, 'protocol', 'tsconfig.json'), 'utf8')) as {
      compilerOptions: { types?: string[]; lib?: string[] };
    };
    expect(cfg.compilerOptions.types).toEqual([]);
    expect(cfg.compilerOptions.lib?.some((l) => /^dom$/i.test(l))).toBe(false);
  });
});
