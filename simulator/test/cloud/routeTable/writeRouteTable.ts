/**
 * Rewrites the route table in docs/CLOUD.md (between the route-table markers) from Seam's OpenAPI
 * paths, keyrig's route registry and routeNotes.ts:
 *   npx vite-node simulator/test/cloud/routeTable/writeRouteTable.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderRouteTable, tableIn } from './routeTable.js';

const file = join(import.meta.dirname, '..', '..', '..', '..', 'docs', 'CLOUD.md');
const text = readFileSync(file, 'utf8');
const current = tableIn(text);
if (current === null) {
  console.error(`${file} has no route-table markers; add the two marker lines (routeTable.ts: BEGIN, END) where the table goes`);
  process.exit(2);
}
const next = renderRouteTable();
if (next === current) {
  console.log('docs/CLOUD.md: route table up to date');
} else {
  writeFileSync(file, text.replace(current, () => next));
  console.log('docs/CLOUD.md: route table rewritten');
}
