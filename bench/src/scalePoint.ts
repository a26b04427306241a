/**
 * One point of the scale benchmark, run in its own process (`node --expose-gc scalePoint.js
 * '<json options>'`, JSON result on stdout) so memory is measured from a clean heap:
 * N real locks (LockFirmware + bleno on a virtual controller each) and M real noble phones on one
 * modeled air (ios-like: the locks' own 100 ms advertising, 30 ms connection interval).
 *
 * Workloads, each for `seconds` of wall time:
 * - scan: every phone scans continuously with duplicates reported (what the client does while
 *   looking for a lock): the advertising fan-out is N × M streams.
 * - tap: every phone taps a lock in turn (scan until that lock is heard, connect, handshake,
 *   unlock, disconnect) while the other locks keep advertising.
 *
 * Real-time factor: simulated seconds the phones advanced per wall second the event loop was
 * busy ((Δsim / Δwall) / event-loop utilisation). The air paces advertising on wall-clock timers,
 * so Δsim / Δwall ("achieved") cannot exceed 1; dividing by the utilisation says how much faster
 * than real time the same work could run, and equals the achieved rate once the loop saturates.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { openNobleCentral, type NobleCentral } from '@keyrig/client';
import { systemClock } from '@keyrig/protocol';
import { Air, startLock, type AirAttachment, type RunningLock } from '@keyrig/simulator';
import { pino } from 'pino';
import { tapToUnlock } from './tap.js';
import { issueKey, makeProvider, provisionDoor, type PhoneKey } from './world.js';

export interface ScalePointOptions {
  readonly locks: number;
  readonly phones: number;
  readonly seconds: number;
  readonly workload: 'scan' | 'tap';
  /** Phones running the workload (default all); the others stay attached and idle. */
  readonly active?: number;
  readonly seed?: number;
}

export interface ScalePointResult extends ScalePointOptions {
  /** Wall time to start all locks / all phones, ms. */
  readonly startLocksMs: number;
  readonly startPhonesMs: number;
  /** Memory after starting, per lock and per phone (heap used and RSS deltas), bytes. */
  readonly heapPerLock: number;
  readonly rssPerLock: number;
  readonly heapPerPhone: number;
  readonly rssPerPhone: number;
  readonly rssTotal: number;
  readonly wallS: number;
  /** Mean simulated seconds the phones advanced. */
  readonly simS: number;
  readonly achieved: number;
  readonly eventLoopUtilization: number;
  readonly realTimeFactor: number;
  readonly eventLoopDelayP99Ms: number;
  /** Advertising reports + scan responses delivered per wall second, and the share of what the model demands. */
  readonly reportsPerS: number;
  readonly reportsShare: number;
  /** Event-loop µs per advertising report delivered (scan workload): air + noble per report. */
  readonly usPerReport: number;
  readonly unlocks: number;
  readonly unlockFailures: number;
  /** Tap workload: mean simulated tap (tap → RESULT on the phone's clock), ms. */
  readonly tapSimMsMean: number;
  /**
   * Tap workload: simulated time inside granted taps per active phone, per busy event-loop second.
   * A cross-check of the real-time factor that leaves out any simulated time a phone's clock
   * jumped between taps.
   */
  readonly tapRealTimeFactor: number;
  /** CPU time of the whole process (all threads) per wall second. */
  readonly cpuCores: number;
}

const silent = pino({ level: 'silent' });
const ADV_INTERVAL_MS = 100;

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

async function settle(): Promise<void> {
  await new Promise((r) => setTimeout(r, 200));
  gc();
  gc();
}

export async function runScalePoint(o: ScalePointOptions): Promise<ScalePointResult> {
  const now = systemClock.now();
  const provider = await makeProvider();
  const provisionings = [];
  for (let i = 0; i < o.locks; i++) provisionings.push(await provisionDoor(provider, i + 1, now));
  const air = new Air({ seed: o.seed ?? 1, timing: 'ios-like' });
  const locks: RunningLock[] = [];
  const phones: { at: AirAttachment; central: NobleCentral; key: PhoneKey }[] = [];
  try {
    await settle();
    const m0 = process.memoryUsage();
    let t = performance.now();
    // Locks on a grid 2 m apart: all within range of every phone (worst-case fan-out).
    const side = Math.ceil(Math.sqrt(o.locks));
    for (let i = 0; i < o.locks; i++) {
      locks.push(await startLock({ provisioning: provisionings[i]!, clock: systemClock, logger: silent, air, position: { x: (i % side) * 2, y: Math.floor(i / side) * 2 } }));
    }
    const startLocksMs = performance.now() - t;
    await settle();
    const m1 = process.memoryUsage();
    t = performance.now();
    const lockIds = provisionings.map((p) => p.lock_id);
    for (let j = 0; j < o.phones; j++) {
      const at = air.attach({ name: `phone-${j}`, position: { x: side, y: side - (j % side) } });
      const central = await openNobleCentral({ hci: at.bindings, logger: silent });
      // One document may name at most ~60 locks within the 2048-byte message limit: each phone
      // holds a key for a window of locks and taps those.
      const window = lockIds.length <= 40 ? lockIds : Array.from({ length: 40 }, (_, k) => lockIds[(j * 40 + k) % lockIds.length]!);
      phones.push({ at, central, key: await issueKey(provider, window, now) });
    }
    const startPhonesMs = performance.now() - t;
    await settle();
    const m2 = process.memoryUsage();

    const active = phones.slice(0, Math.min(o.active ?? o.phones, o.phones));
    const sim0 = active.map((p) => p.at.simTime());
    const reports0 = air.stats.advertisingReports + air.stats.scanResponses;
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const elu0 = performance.eventLoopUtilization();
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    const deadline = wall0 + o.seconds * 1000;
    let unlocks = 0;
    let unlockFailures = 0;
    let tapSimMs = 0;
    if (o.workload === 'scan') {
      await Promise.all(active.map((p) => p.central.scan({ timeoutMs: o.seconds * 1000 })));
    } else {
      await Promise.all(
        active.map(async (p, j) => {
          let n = 0;
          while (performance.now() < deadline) {
            const lockId = p.key.credential.document.entrances[(n++ * 7 + j) % p.key.credential.document.entrances.length]!;
            try {
              const r = await tapToUnlock({ central: p.central, lockId, key: p.key, providerKeys: provider.keys, now: () => p.at.simTime(), scanTimeoutMs: 5000 });
              if (r.granted) {
                unlocks++;
                tapSimMs += r.times.result - r.times.start;
              } else unlockFailures++;
            } catch {
              unlockFailures++;
            }
          }
        }),
      );
    }
    const wallS = (performance.now() - wall0) / 1000;
    const elu = performance.eventLoopUtilization(elu0);
    const cpu = process.cpuUsage(cpu0);
    delay.disable();
    const simS = active.reduce((s, p, j) => s + (p.at.simTime() - sim0[j]!), 0) / active.length / 1000;
    const reports = air.stats.advertisingReports + air.stats.scanResponses - reports0;
    const achieved = simS / wallS;
    const demanded = o.workload === 'scan' ? (o.locks * active.length * 2 * 1000) / ADV_INTERVAL_MS : Number.NaN;
    return {
      ...o,
      startLocksMs,
      startPhonesMs,
      heapPerLock: (m1.heapUsed - m0.heapUsed) / o.locks,
      rssPerLock: (m1.rss - m0.rss) / o.locks,
      heapPerPhone: (m2.heapUsed - m1.heapUsed) / o.phones,
      rssPerPhone: (m2.rss - m1.rss) / o.phones,
      rssTotal: m2.rss,
      wallS,
      simS,
      achieved,
      eventLoopUtilization: elu.utilization,
      realTimeFactor: achieved / Math.max(elu.utilization, 1e-6),
      eventLoopDelayP99Ms: delay.percentile(99) / 1e6,
      reportsPerS: reports / wallS,
      reportsShare: o.workload === 'scan' ? reports / wallS / demanded : Number.NaN,
      usPerReport: o.workload === 'scan' && reports > 0 ? (elu.utilization * wallS * 1e6) / reports : Number.NaN,
      unlocks,
      unlockFailures,
      tapSimMsMean: unlocks > 0 ? tapSimMs / unlocks : Number.NaN,
      tapRealTimeFactor: o.workload === 'tap' ? tapSimMs / 1000 / active.length / wallS / Math.max(elu.utilization, 1e-6) : Number.NaN,
      cpuCores: (cpu.user + cpu.system) / 1e6 / wallS,
    };
  } finally {
    await Promise.all(phones.map((p) => p.central.close().catch(() => undefined)));
    for (const l of locks) await l.close().catch(() => undefined);
    await air.close();
  }
}

// Entry point when run as a child process.
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  process.setMaxListeners(0); // every bleno instance adds exit/SIGINT listeners
  const options = JSON.parse(process.argv[2] ?? '{}') as ScalePointOptions;
  const result = await runScalePoint(options);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  // bleno keeps polling timers alive on closed locks; the point is done.
  process.exit(0);
}
