// Quick throughput run of the built cloud (not a test): `npx tsc -b simulator && node simulator/test/cloud/bench/cloudBench.mjs [N] [FULL|NORMAL]`.
// Measures, over real HTTP with 8 concurrent clients: instant keys issued/s, first credential
// loads/s (signs 2 documents + blocklist + time sync) and repeat loads/s (documents reused).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startCloud } from '../../../dist/index.js';

const N = Number(process.argv[2] ?? 400);
const synchronous = process.argv[3] ?? 'FULL';
const dir = mkdtempSync(join(tmpdir(), 'keyrig-bench-'));
const cloud = await startCloud({ dbPath: join(dir, 'c.db'), logger: pino({ level: 'silent' }), port: 0, synchronous });
const post = async (path, body, token = cloud.apiKey) => {
  const res = await fetch(`${cloud.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path} ${res.status} ${await res.text()}`);
  return res.json();
};
async function timed(label, n, fn) {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 8 }, async () => { while (next < n) await fn(next++); }));
  const s = (performance.now() - t0) / 1000;
  console.log(`${label}: ${n} in ${s.toFixed(2)} s = ${(n / s).toFixed(0)}/s`);
}
const entrances = (await post('/acs/entrances/list', {})).acs_entrances;
const ids = [entrances[0].acs_entrance_id, entrances[1].acs_entrance_id];
const users = [];
await timed('identity + grant', N, async () => {
  const ui = (await post('/user_identities/create', {})).user_identity.user_identity_id;
  await post('/access_grants/create', { user_identity_id: ui, acs_entrance_ids: ids, requested_access_methods: [{ mode: 'mobile_key' }] });
  users.push(ui);
});
const keys = [];
await timed('instant keys issued', N, async (i) => keys.push((await post('/user_identities/generate_instant_key', { user_identity_id: users[i] })).instant_key));
const holders = [];
for (const k of keys) {
  const token = (await post('/instant_keys/open', { instant_key_url: k.instant_key_url }, '')).client_session.token;
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
  const pub = Buffer.from(await crypto.subtle.exportKey('raw', pair.publicKey)).toString('base64url');
  const ep = (await post('/phone/endpoints/register', { public_key: pub }, token)).endpoint.endpoint_id;
  holders.push({ token, ep });
}
await timed('first credential loads (2 docs signed)', N, (i) => post('/phone/credentials/load', { endpoint_id: holders[i].ep }, holders[i].token));
await timed('repeat credential loads', N, (i) => post('/phone/credentials/load', { endpoint_id: holders[i].ep }, holders[i].token));
await cloud.close();
rmSync(dir, { recursive: true, force: true });
