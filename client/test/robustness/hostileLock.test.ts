/**
 * The client core facing a malicious lock (CI budget; `npm run fuzz -- --target client` is the
 * dedicated run): garbage, oversized and never-ending fragments, forged LOCK_AUTHs, absurd
 * ERRORs, garbage info values and dropped links end every attempt as data, never a hang, a
 * throw or a grant. Also: a lock that never answers, and a control point that refuses writes.
 */
import { describe, expect, it } from 'vitest';
import { attemptAccess } from '../../src/core/accessLock.js';
import { hostileMaterial, hostileNearby, runClientFuzz } from '../../src/testing/clientFuzz.js';
import { HostileCentral, longError } from '../../src/testing/HostileLock.js';

const ATTEMPTS = Number(process.env.KEYRIG_FUZZ_CLIENT_ATTEMPTS ?? 300);
const SEED = Number(process.env.KEYRIG_FUZZ_SEED ?? Date.now() % 1_000_000);

describe('client core against a malicious lock', () => {
  it(`${ATTEMPTS} fuzzed hostile locks: every attempt ends denied or failed, in time, without a throw`, async () => {
    const r = await runClientFuzz({ attempts: ATTEMPTS, seed: SEED });
    console.log(`client fuzz: ${JSON.stringify({ seed: SEED, attempts: r.attempts, wallMs: r.wallMs, outcomes: r.outcomes })}`);
    expect(r.failures, `seed ${SEED}`).toEqual([]);
    expect(r.attempts).toBe(ATTEMPTS);
  }, 120_000);

  it('a clear ERROR carrying GRANTED (0x00) in answer to HELLO is a denial, never "granted" (found by this fuzz)', async () => {
    const central = new HostileCentral([{ notify: true, mtu: 185, answers: [[{ kind: 'message', bytes: longError(0x00, 'door open, trust me') }]] }]);
    const r = await attemptAccess({ central, lock: hostileNearby, action: { op: 'unlock' }, material: await hostileMaterial(), attempts: 1 });
    expect(r.outcome).toBe('denied');
    expect(r.codeName).not.toBe('GRANTED');
  });

  it('a lock that accepts the connection and never answers: the attempt fails after the response deadline', async () => {
    const central = new HostileCentral([{ notify: true, mtu: 185, answers: [[]] }]);
    const r = await attemptAccess({ central, lock: hostileNearby, action: { op: 'unlock' }, material: await hostileMaterial(), attempts: 1 });
    expect(r.outcome).toBe('failed');
    expect(r.reason).toMatch(/did not answer/);
  }, 30_000);

  it('a control point that refuses every write: failed after the configured reconnects, no throw', async () => {
    const central = new HostileCentral([{ notify: true, mtu: 23, answers: [[]], writesFail: true }]);
    const r = await attemptAccess({ central, lock: hostileNearby, action: { op: 'unlock' }, material: await hostileMaterial(), attempts: 2 });
    expect(r.outcome).toBe('failed');
    expect(central.connections).toBe(2);
  }, 30_000);
});
