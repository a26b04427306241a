// Measures how long one unauthenticated 1 MB body to POST /instant_keys/open blocks the cloud's
// event loop (docs/CLOUD.md, "Body limits"). Run after `npx tsc -b`:
//   node simulator/test/cloud/bench/bodyBlockBench.mjs
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pino from 'pino';
import { startCloud } from '../../../dist/cloud/index.js';

const cloud = await startCloud({ dbPath: ':memory:', logger: pino({ level: 'silent' }), port: 0 });
const MB = 1024 * 1024 - 64;
const bodies = {
  'deep arrays [[[…]]]': '['.repeat(MB / 2) + ']'.repeat(MB / 2),
  'deep objects {"a":{…}}': '{"a":'.repeat(Math.floor(MB / 6)) + '1' + '}'.repeat(Math.floor(MB / 6)),
  'nested 4000 deep, repeated': JSON.stringify({ instant_key_url: 'x', p: Array.from({ length: 100 }, () => JSON.parse('['.repeat(2000) + ']'.repeat(2000))) }),
  'flat 1 MB string': JSON.stringify({ instant_key_url: 'x'.repeat(MB - 30) }),
};
const routes = [['/instant_keys/open', null], ['/user_identities/create', cloud.apiKey]];
for (const [route, key] of routes) for (const [name, body] of Object.entries(bodies)) {
  const results = [];
  for (let i = 0; i < 5; i++) {
    const h = monitorEventLoopDelay({ resolution: 1 });
    h.enable();
    const t0 = performance.now();
    const r = await fetch(`${cloud.url}${route}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) }, body });
    await r.text();
    const ms = performance.now() - t0;
    h.disable();
    results.push({ status: r.status, ms, maxBlock: h.max / 1e6 });
  }
  const med = (k) => results.map((x) => x[k]).sort((a, b) => a - b)[2].toFixed(1);
  console.log(`${route.padEnd(24)} ${key ? 'key   ' : 'no key'} ${name.padEnd(28)} ${(body.length / 1024).toFixed(0)} kB  status ${results[0].status}  request ${med('ms')} ms  max event-loop block ${med('maxBlock')} ms (median of 5)`);
}
await cloud.close();
