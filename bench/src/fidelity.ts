/**
 * Timing fidelity: the simulated tap-to-unlock latency of each timing profile on the modeled air,
 * per seed, against the analytic model (model.ts, derived in docs/BENCHMARKS.md).
 * One fresh air per (profile, seed): one real bleno lock, one real noble phone.
 */
import { openNobleCentral } from '@keyrig/client';
import { fromBase64Url, systemClock } from '@keyrig/protocol';
import { Air, startLock, TIMING_PROFILES, type McuOption, type TimingProfileName } from '@keyrig/simulator';
import { pino } from 'pino';
import { countAtt, type AttCounts } from './attCounter.js';
import { messageSizes, NOBLE_INITIATOR_SCAN, type ModelInput } from './model.js';
import { seededUnit } from './stats.js';
import { tapToUnlock, type TapTimes } from './tap.js';
import { issueKey, makeProvider, provisionDoor, type Provider } from './world.js';

const silent = pino({ level: 'silent' });

/** bleno 0.12's default advertising interval (what ios-like / android-like keep). */
export const BLENO_ADVERTISING_INTERVAL_MS = 100;

export interface FidelitySample {
  readonly profile: TimingProfileName;
  readonly seed: number;
  /** Phone-side simulated ms from the tap (scan start) to each phase end. */
  readonly phasesMs: { scan: number; connect: number; channel: number; handshake: number; unlock: number; total: number };
  /** Where in the lock's advertising cycle the tap fell (ms after the lock's advertising start, mod interval). */
  readonly tapPhaseMs: number;
  readonly att: AttCounts;
  readonly mtu: number;
  readonly granted: boolean;
  readonly modelInput: ModelInput;
}

/**
 * One tap on a fresh modeled air. The lock charges its MCU's crypto time itself (startLock's
 * `mcu`, default the nRF52840 profile; 'none' gives the BLE-only timing).
 */
export async function measureTap(profile: TimingProfileName, seed: number, options: { mcu?: McuOption } = {}, provider?: Provider): Promise<FidelitySample> {
  const now = systemClock.now();
  const prov = provider ?? (await makeProvider());
  const provisioning = await provisionDoor(prov, 1, now);
  const key = await issueKey(prov, [provisioning.lock_id], now);
  const air = new Air({ seed, timing: profile });
  const lock = await startLock({ provisioning, clock: systemClock, logger: silent, air, position: { x: 0, y: 0 }, ...(options.mcu ? { mcu: options.mcu } : {}) });
  const phoneAt = air.attach({ name: 'phone', position: { x: 1.5, y: 0 } });
  const central = await openNobleCentral({ hci: phoneAt.bindings, logger: silent });
  const counter = countAtt(phoneAt.controller);
  try {
    // The tap falls at a seeded random moment of the lock's advertising cycle (a user does not
    // tap in step with the lock), so the mean over seeds is the model's expectation.
    const interval = TIMING_PROFILES[profile].advertisingIntervalMs ?? BLENO_ADVERTISING_INTERVAL_MS;
    const lockCtl = air.controller(`lock-${provisioning.lock_id}`);
    const advStart = lockCtl.advertising.startedAt;
    const target = advStart + interval * (1 + seededUnit(seed, 'tap-phase'));
    if (phoneAt.simTime() < target) phoneAt.consume(target - phoneAt.simTime());
    const tapPhaseMs = (phoneAt.simTime() - advStart) % interval;
    counter.reset();
    const r = await tapToUnlock({
      central,
      lockId: provisioning.lock_id,
      key,
      providerKeys: prov.keys,
      now: () => phoneAt.simTime(),
      mtu: TIMING_PROFILES[profile].attMtu,
    });
    const t: TapTimes = r.times;
    if (process.env.BENCH_TRACE) for (const e of counter.events()) console.log(`${(e.t - t.start).toFixed(3)} ${e.dir} ${e.op} ${e.bytes}`);
    const modelInput: ModelInput = {
      advertisingIntervalMs: interval,
      connectionIntervalMs: TIMING_PROFILES[profile].connectionIntervalMs,
      hostProcessingMs: TIMING_PROFILES[profile].hostProcessingMs,
      commandLatencyMs: TIMING_PROFILES[profile].commandLatencyMs,
      initiatorScan: NOBLE_INITIATOR_SCAN,
      mtu: r.mtu,
      advDataLength: lockCtl.advertising.data.length,
      scanResponseLength: lockCtl.advertising.scanResponse.length,
      messages: messageSizes(fromBase64Url(provisioning.lock_certificate!).length, key.credential.bytes.length),
    };
    return {
      profile,
      seed,
      phasesMs: {
        scan: t.seen - t.start,
        connect: t.connected - t.seen,
        channel: t.channelOpen - t.connected,
        handshake: t.sessionReady - t.channelOpen,
        unlock: t.result - t.sessionReady,
        total: t.result - t.start,
      },
      tapPhaseMs,
      att: counter.counts(),
      mtu: r.mtu,
      granted: r.granted,
      modelInput,
    };
  } finally {
    counter.stop();
    await central.close();
    await lock.close();
    phoneAt.detach();
    await air.close();
  }
}
