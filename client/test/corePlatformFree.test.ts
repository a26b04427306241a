/**
 * The client core must run unchanged in a browser (the web app reuses it): no Node built-ins, no
 * noble, no Buffer or process. Only client/src/noble/ may touch Node. Checked here, not remembered.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const core = join(import.meta.dirname, '..', 'src', 'core');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.ts$/.test(n) && !/\.test\.ts$/.test(n) ? [p] : [];
  });
}

function problems(path: string, text: string): string[] {
  const out: string[] = [];
  const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '').replace(/'[^'\n]*'|`[^`]*`/g, "''");
  for (const m of text.matchAll(/from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g)) {
    const spec = m[1] ?? m[2]!;
    if (spec.startsWith('.') && spec.includes('/noble/')) out.push(`${path}: imports the noble edge (${spec})`);
    // @keyrig/api is pure like protocol (its schemas run in the browser; the architecture test holds it to that).
    else if (!spec.startsWith('.') && spec !== '@keyrig/protocol' && spec !== '@keyrig/api') out.push(`${path}: imports "${spec}"`);
  }
  for (const g of ['Buffer', 'process', 'require', '__dirname']) {
    if (new RegExp(`\\b${g}\\b`).test(code)) out.push(`${path}: uses the Node global "${g}"`);
  }
  return out;
}

describe('client core is platform-free', () => {
  it('imports only @keyrig/protocol, @keyrig/api and itself, and uses no Node globals', () => {
    const found = files(core).flatMap((f) => problems(relative(core, f), readFileSync(f, 'utf8')));
    expect(found).toEqual([]);
  });

  it('the check can fail', () => {
    expect(problems('x.ts', "import { readFile } from 'node:fs';\nconst b = Buffer.from('a');")).toEqual([
      'x.ts: imports "node:fs"',
      'x.ts: uses the Node global "Buffer"',
    ]);
    expect(problems('y.ts', "import { NobleCentral } from '../noble/NobleCentral.js';")).toHaveLength(1);
  });
});
