/**
 * Fast-mode throughput: unlocks per CPU-second over the air (real noble phones, real bleno locks,
 * full handshake), against ECDSA P-256 verifies per CPU-second measured in the same process
 * (the crypto bound), and the same unlock done in memory (PhoneSession ⇄ LockSession, no BLE)
 * to split the cost into crypto + protocol and the BLE stacks.
 *
 * "Per core" is per CPU-second of the process (process.cpuUsage over the run): Node runs
 * WebCrypto jobs on its thread pool, so a run may use more than one core; dividing by CPU time
 * makes the figure independent of how many cores the work spread over.
 */
import { performance } from 'node:perf_hooks';
import { openNobleCentral, type NobleCentral } from '@keyrig/client';
import {
  generateSigningKeyPair,
  LockSession,
  PhoneSession,
  ResultCode,
  systemClock,
  type LockFirmwarePort,
} from '@keyrig/protocol';
import { Air, loadLockKeys, startLock, type AirAttachment, type RunningLock } from '@keyrig/simulator';
import { pino } from 'pino';
import { cryptoSide } from './cryptoCost.js';
import { tapToUnlock } from './tap.js';
import { issueKey, makeProvider, provisionDoor, type PhoneKey } from './world.js';

const silent = pino({ level: 'silent' });

export interface Rate {
  readonly count: number;
  readonly wallS: number;
  readonly cpuS: number;
  readonly perWallS: number;
  readonly perCpuS: number;
}

/**
 * Unmeasured running before an unlock rate is timed. An unlock goes through protocol, WebCrypto
 * glue, noble, bleno and the air, and V8 takes seconds of unlocks to optimise all of it: in a fresh
 * process, half-second slices ran 30–40 % below the steady rate for the first 2–3 s (and paid the
 * compiler's CPU). The first measurement of a kind in a process warms up long, later ones (the
 * same code, already optimised) briefly.
 */
const FIRST_WARM_UP_MS = 2500;
const WARM_UP_MS = 250;
const warmedUp = new Set<string>();

function warmUpFor(kind: 'air' | 'in-memory'): number {
  if (warmedUp.has(kind)) return WARM_UP_MS;
  warmedUp.add(kind);
  return FIRST_WARM_UP_MS;
}

/** Runs `work` in `concurrency` loops until `ms` of wall time have passed (after `warmUpMs` unmeasured). */
async function measureRate(ms: number, concurrency: number, work: (worker: number) => Promise<void>, warmUpMs = 0): Promise<Rate> {
  const loops = (until: number, done: () => void) =>
    Promise.all(
      Array.from({ length: concurrency }, async (_, worker) => {
        while (performance.now() < until) {
          await work(worker);
          done();
        }
      }),
    );
  if (warmUpMs > 0) await loops(performance.now() + warmUpMs, () => {});
  let count = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await loops(t0 + ms, () => void count++);
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  return { count, wallS, cpuS, perWallS: count / wallS, perCpuS: count / cpuS };
}

/** ECDSA P-256 (SHA-256) verifies of a 64-byte signature over 200 bytes, 16 in flight. */
export async function measureVerifies(ms: number): Promise<Rate> {
  const pair = await generateSigningKeyPair(false);
  const data = new Uint8Array(200).fill(7);
  const alg = { name: 'ECDSA', hash: 'SHA-256' } as const;
  const signature = await crypto.subtle.sign(alg, pair.privateKey, data);
  return measureRate(ms, 16, async () => {
    if (!(await crypto.subtle.verify(alg, pair.publicKey, signature, data))) throw new Error('verify failed');
  });
}

/** A firmware that grants everything and keeps no audit (the protocol cost alone). */
const grantAll: LockFirmwarePort = {
  condition: () => ({}),
  decide: () => ({ code: ResultCode.GRANTED, auditSequence: 1 }),
  acceptBlocklist: () => ResultCode.GRANTED,
  acceptTimeSync: () => ResultCode.GRANTED,
  auditRecords: () => [],
  auditHighWater: () => 0,
  recordAttempt: () => undefined,
};

/** Prepares a full handshake + unlock between a PhoneSession and a LockSession wired in memory. */
export async function prepareInMemoryUnlock(options: { labelSides?: boolean } = {}): Promise<() => Promise<void>> {
  const as = <T>(side: string, fn: () => T): T => (options.labelSides ? cryptoSide.run(side, fn) : fn());
  const now = systemClock.now();
  const provider = await makeProvider();
  const provisioning = await provisionDoor(provider, 1, now);
  const lockKeys = await loadLockKeys(provisioning);
  const key = await issueKey(provider, [provisioning.lock_id], now);
  const once = async () => {
    let phone: PhoneSession | undefined;
    const lock = new LockSession({
      clock: systemClock,
      lockId: provisioning.lock_id,
      certificate: lockKeys.certificate,
      lockPrivateKey: lockKeys.lockPrivateKey,
      providerKeys: lockKeys.providerKeys,
      firmware: grantAll,
      send: (m) => void as('phone', () => phone!.receive(m)),
    });
    phone = new PhoneSession({
      clock: systemClock,
      credential: key.credential,
      endpointKey: key.endpointKey,
      providerKeys: provider.keys,
      expectedLockId: provisioning.lock_id,
      send: (m) => void as('lock', () => lock.receive(m)),
    });
    const hs = await as('phone', () => phone!.start());
    if (!hs.ok) throw new Error(`in-memory handshake refused: ${hs.codeName}`);
    const r = await as('phone', () => phone!.unlock());
    if (r.code !== ResultCode.GRANTED) throw new Error(`in-memory unlock refused: ${r.codeName}`);
    phone.close();
    lock.close();
  };
  return once;
}

/** In-memory unlocks per CPU-second (`concurrency` in flight). */
export async function measureInMemoryUnlocks(ms: number, concurrency = 4): Promise<Rate> {
  const once = await prepareInMemoryUnlock();
  await once(); // warm-up
  return measureRate(ms, concurrency, once, warmUpFor('in-memory'));
}

/**
 * Unlocks over a fast air: `pairs` phones, each with its own lock (a lock serves two sessions at
 * once), every phone unlocking its lock back to back (connect, discover, channel, handshake,
 * unlock, disconnect); the scan is done once before the clock starts. `failures` counts the
 * warm-up's failed unlocks too.
 */
export async function measureAirUnlocks(ms: number, pairs = 4): Promise<Rate & { failures: number }> {
  const now = systemClock.now();
  const provider = await makeProvider();
  const air = new Air({ seed: 1, timing: 'fast' });
  const locks: RunningLock[] = [];
  const phones: { at: AirAttachment; central: NobleCentral; key: PhoneKey; lockId: string; peripheralId?: string }[] = [];
  let failures = 0;
  try {
    for (let i = 0; i < pairs; i++) {
      const provisioning = await provisionDoor(provider, i + 1, now);
      locks.push(await startLock({ provisioning, clock: systemClock, logger: silent, air, position: { x: i * 3, y: 0 } }));
      const at = air.attach({ name: `phone-${i}`, position: { x: i * 3, y: 1 } });
      const central = await openNobleCentral({ hci: at.bindings, logger: silent });
      phones.push({ at, central, key: await issueKey(provider, [provisioning.lock_id], now), lockId: provisioning.lock_id });
    }
    const tap = async (p: (typeof phones)[number]) => {
      const r = await tapToUnlock({ central: p.central, lockId: p.lockId, key: p.key, providerKeys: provider.keys, now: () => performance.now(), ...(p.peripheralId ? { peripheralId: p.peripheralId } : {}) });
      p.peripheralId = r.peripheralId;
      if (!r.granted) throw new Error(`unlock refused: ${r.code}`);
    };
    for (const p of phones) await tap(p); // scan once + warm-up
    return {
      ...(await measureRate(ms, pairs, async (worker) => {
        try {
          await tap(phones[worker]!);
        } catch {
          failures++;
        }
      }, warmUpFor('air'))),
      failures,
    };
  } finally {
    await Promise.all(phones.map((p) => p.central.close().catch(() => undefined)));
    for (const l of locks) await l.close().catch(() => undefined);
    await air.close();
  }
}
