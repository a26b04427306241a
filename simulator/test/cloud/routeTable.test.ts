/**
 * CLOUD.md's route table (issue #19) is the one generated from Seam's OpenAPI paths and keyrig's
 * route registry: adding or removing a route without regenerating the table fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registeredRoutes, renderRouteTable, seamRoutes, SEAM_FAMILIES, tableIn } from './routeTable/routeTable.js';
import { DIFFERENCES, NOT_SERVED, notServedKey } from './routeTable/routeNotes.js';

const CLOUD_MD = join(import.meta.dirname, '..', '..', '..', 'docs', 'CLOUD.md');
const REGENERATE = 'npx vite-node simulator/test/cloud/routeTable/writeRouteTable.ts';

describe("CLOUD.md's route table", () => {
  it('is up to date with the route registry and Seam\'s OpenAPI paths', () => {
    const inDoc = tableIn(readFileSync(CLOUD_MD, 'utf8'));
    expect(inDoc, 'docs/CLOUD.md has no route-table markers').not.toBeNull();
    expect(inDoc, `docs/CLOUD.md's route table is out of date: run ${REGENERATE}`).toBe(renderRouteTable());
  });

  it('changes when a route is added to or removed from the registry', () => {
    const registered = registeredRoutes();
    const now = renderRouteTable(seamRoutes(), registered);
    // A Seam route keyrig starts serving: its row turns to "yes".
    const withRelated = renderRouteTable(seamRoutes(), [...registered, { path: '/access_grants/get_related', tag: 'seam', auth: ['api_key'], summary: 'Related' }]);
    const spacesRow = (table: string) => table.split('\n').find((l) => l.startsWith('| `/access_grants/get_related` |'));
    expect(spacesRow(now)).toMatch(/^\| `\/access_grants\/get_related` \| no \|/);
    expect(spacesRow(withRelated)).toMatch(/^\| `\/access_grants\/get_related` \| yes \|/);
    // A keyrig-only route appears in the second table; a removed one disappears.
    expect(renderRouteTable(seamRoutes(), [...registered, { path: '/keyrig/new_thing', tag: 'keyrig', auth: ['api_key'], summary: 'New' }])).toContain('| `/keyrig/new_thing` | API key | New |');
    const withoutGet = renderRouteTable(seamRoutes(), registered.filter((r) => r.path !== '/access_grants/get'));
    expect(withoutGet).not.toBe(now);
    expect(withoutGet).toMatch(/^\| `\/access_grants\/get` \| no \|/m);
  });

  it('has one row per registered route and per Seam route of the families, and the counts add up', () => {
    const table = renderRouteTable();
    const rows = table.split('\n').filter((l) => l.startsWith('| `'));
    const paths = rows.map((l) => /^\| `([^`]+)`/.exec(l)![1]!);
    expect(new Set(paths).size).toBe(paths.length);
    for (const r of registeredRoutes()) expect(paths).toContain(r.path);
    for (const p of seamRoutes().filter((p) => SEAM_FAMILIES.some((f) => p.startsWith(f)))) expect(paths).toContain(p);
    // Hand-checked against the registry: the instant-key flow's Seam routes are served.
    for (const p of ['/access_grants/create', '/user_identities/generate_instant_key', '/instant_keys/get', '/events/list']) {
      expect(rows.find((l) => l.startsWith(`| \`${p}\` |`))).toMatch(/\| yes \|/);
    }
    const yes = rows.filter((l) => /^\| `[^`]+` \| yes \|/.test(l)).length;
    expect(table).toContain(`keyrig serves ${yes} of these`);
  });

  it('has no stale notes: differences only for served routes, reasons only for routes not served', () => {
    const seam = seamRoutes();
    const served = new Set(registeredRoutes().map((r) => r.path));
    for (const key of Object.keys(DIFFERENCES)) {
      expect(seam.includes(key) && served.has(key), `routeNotes.ts DIFFERENCES: keyrig does not serve "${key}" (or Seam has no such route)`).toBe(true);
    }
    for (const key of Object.keys(NOT_SERVED)) {
      // The note must be the one that explains at least one Seam route keyrig does not serve.
      const explains = seam.filter((p) => !served.has(p) && notServedKey(p) === key);
      expect(explains.length, `routeNotes.ts NOT_SERVED: "${key}" explains no Seam route keyrig lacks (served now, or no such route)`).toBeGreaterThan(0);
    }
  });
});
