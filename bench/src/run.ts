/**
 * keyrig benchmarks (docs/BENCHMARKS.md): `npm run bench -- [--quick] [--json] [--out FILE]
 * [--write-docs] [--only fidelity,throughput,att,cloud,scale]`, or `keyrig bench …`.
 * Progress on stderr; the report on stdout (a table, or JSON with --json).
 * Benchmarks are not tests: nothing here fails on a number; goals are reported met or not.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { NRF52840_CRYPTO, type McuName, type TimingProfileName } from '@keyrig/simulator';
import type { RoundTripCost } from './attRoundTrip.js';
import { measureCloud, measureFsyncs } from './cloud.js';
import { countSubtleCalls, measureP256Costs } from './cryptoCost.js';
import { measureTap, type FidelitySample } from './fidelity.js';
import { describeMachine } from './machine.js';
import { cryptoTermMs, modelRoundTrips, modelTapToUnlock, withCryptoTerm, type ModelPhases } from './model.js';
import { renderMarkdown, renderScaleSvg, writeDocsSection } from './report.js';
import type { ScalePointOptions, ScalePointResult } from './scalePoint.js';
import { mean, round, summarize } from './stats.js';
import { measureAirUnlocks, measureInMemoryUnlocks, measureVerifies, prepareInMemoryUnlock } from './throughput.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');

export interface BenchConfig {
  readonly mode: 'quick' | 'full';
  readonly seeds: number;
  readonly determinismSeeds: number;
  readonly determinismRepeats: number;
  readonly repeats: number;
  readonly verifyMs: number;
  readonly inMemoryMs: number;
  readonly airMs: number;
  readonly attMs: number;
  readonly cloudN: number;
  readonly scalePoints: readonly ScalePointOptions[];
  readonly scaleGoalRepeats: number;
}

const GOAL_POINT: ScalePointOptions = { locks: 500, phones: 50, seconds: 3, workload: 'tap' };

export function configFor(quick: boolean): BenchConfig {
  if (quick) {
    return {
      mode: 'quick',
      seeds: 4,
      determinismSeeds: 2,
      determinismRepeats: 1,
      repeats: 2,
      verifyMs: 400,
      inMemoryMs: 400,
      airMs: 800,
      attMs: 400,
      cloudN: 100,
      scalePoints: [
        { locks: 10, phones: 1, seconds: 1, workload: 'scan' },
        { locks: 50, phones: 5, seconds: 1, workload: 'scan' },
        { locks: 100, phones: 5, seconds: 1, workload: 'tap' },
      ],
      scaleGoalRepeats: 0,
    };
  }
  const scan: ScalePointOptions[] = [];
  for (const phones of [1, 10, 50]) for (const locks of [10, 50, 100, 250, 500]) scan.push({ locks, phones, seconds: 3, workload: 'scan' });
  return {
    mode: 'full',
    seeds: 16,
    determinismSeeds: 4,
    determinismRepeats: 2,
    repeats: 5,
    verifyMs: 1000,
    inMemoryMs: 1000,
    airMs: 2500,
    attMs: 1000,
    cloudN: 400,
    scalePoints: [
      ...scan,
      { locks: 100, phones: 10, seconds: 3, workload: 'tap' },
      { locks: 500, phones: 50, seconds: 3, workload: 'tap', active: 1 },
      { locks: 500, phones: 50, seconds: 3, workload: 'tap', active: 5 },
      { locks: 500, phones: 50, seconds: 3, workload: 'tap', active: 10 },
      { locks: 500, phones: 50, seconds: 3, workload: 'tap', active: 20 },
      { locks: 500, phones: 50, seconds: 3, workload: 'scan', active: 1 },
      { locks: 500, phones: 50, seconds: 3, workload: 'scan', active: 5 },
    ],
    scaleGoalRepeats: 3,
  };
}

const progress = (msg: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

// ---- timing fidelity -------------------------------------------------------------------------

const PROFILES: TimingProfileName[] = ['floor', 'ios-like', 'android-like'];

function phasesOf(samples: readonly FidelitySample[]): ModelPhases {
  const keys = ['scan', 'connect', 'channel', 'handshake', 'unlock', 'total'] as const;
  return Object.fromEntries(keys.map((k) => [k, round(mean(samples.map((s) => s.phasesMs[k])))])) as unknown as ModelPhases;
}

/** The seeds of one profile with one lock MCU: means, and the repeats of the first seeds. */
async function fidelityRun(profile: TimingProfileName, cfg: BenchConfig, mcu: McuName) {
  const samples: FidelitySample[] = [];
  for (let seed = 1; seed <= cfg.seeds; seed++) samples.push(await measureTap(profile, seed, { mcu }));
  // Same seed, same number? Repeat the first seeds and compare totals.
  let identical = 0;
  let checked = 0;
  let maxDeviationMs = 0;
  const differingPhases: Record<string, number> = {};
  for (let seed = 1; seed <= cfg.determinismSeeds; seed++) {
    for (let r = 0; r < cfg.determinismRepeats; r++) {
      const again = await measureTap(profile, seed, { mcu });
      const first = samples[seed - 1]!;
      const d = Math.abs(again.phasesMs.total - first.phasesMs.total);
      for (const k of ['scan', 'connect', 'channel', 'handshake', 'unlock'] as const) {
        if (Math.abs(again.phasesMs[k] - first.phasesMs[k]) > 1e-6) differingPhases[k] = (differingPhases[k] ?? 0) + 1;
      }
      checked++;
      if (d < 1e-6) identical++;
      maxDeviationMs = Math.max(maxDeviationMs, d);
    }
  }
  return {
    samples,
    simulated: phasesOf(samples),
    determinism: { seedsChecked: cfg.determinismSeeds, repeatsPerSeed: cfg.determinismRepeats, identical, checked, maxDeviationMs: round(maxDeviationMs), differingPhases },
  };
}

/** Simulated ÷ model: the mean, per phase, per seed. */
function against(run: Awaited<ReturnType<typeof fidelityRun>>, model: ModelPhases) {
  return {
    simulatedMeanMs: run.simulated,
    ratio: round(run.simulated.total / model.total),
    ratioByPhase: Object.fromEntries(Object.entries(model).map(([k, v]) => [k, round(run.simulated[k as keyof ModelPhases] / v)])),
    perSeedTotalMs: run.samples.map((s) => round(s.phasesMs.total)),
    perSeedRatio: summarize(run.samples.map((s) => s.phasesMs.total / model.total)),
    determinism: run.determinism,
    allGranted: run.samples.every((s) => s.granted),
  };
}

/**
 * Each profile twice: the lock charging its nRF52840 crypto (startLock's default) against the
 * model + crypto term — the goal — and the lock with `mcu: 'none'` against the BLE-only model.
 */
async function runFidelity(cfg: BenchConfig) {
  const profiles: Record<string, unknown> = {};
  for (const profile of PROFILES) {
    progress(`fidelity: ${profile}, ${cfg.seeds} seeds, lock MCU nrf52840 and none`);
    await measureTap(profile, 1000); // warm-up (JIT): a cold first tap races the air's wall-clock pacing more
    const charged = await fidelityRun(profile, cfg, 'nrf52840');
    const bleOnly = await fidelityRun(profile, cfg, 'none');
    const input = charged.samples[0]!.modelInput;
    const model = modelTapToUnlock(input);
    const crypto = cryptoTermMs(input, NRF52840_CRYPTO);
    const modelWithCrypto = withCryptoTerm(model, crypto);
    const withCrypto = against(charged, modelWithCrypto);
    profiles[profile] = {
      modelInput: input,
      lockMcu: { nrf52840: NRF52840_CRYPTO },
      lockCryptoTermMs: crypto,
      modelMs: roundAll(model),
      modelWithLockCryptoMs: roundAll(modelWithCrypto),
      ...withCrypto,
      bleOnly: against(bleOnly, model),
      attRoundTrips: charged.samples[0]!.att.roundTrips,
      modelAttRoundTrips: modelRoundTrips(input),
      attPdus: { sent: charged.samples[0]!.att.sent, received: charged.samples[0]!.att.received },
      goalMet: Math.abs(withCrypto.ratio - 1) <= 0.15,
    };
  }
  return { seeds: cfg.seeds, profiles };
}

function roundAll<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'number' ? round(v) : v])) as T;
}

// ---- throughput ------------------------------------------------------------------------------

async function runThroughput(cfg: BenchConfig) {
  const verify: number[] = [];
  const inMemory: number[] = [];
  const air: number[] = [];
  const ratio: number[] = [];
  const ratioInMemory: number[] = [];
  let failures = 0;
  for (let r = 0; r < cfg.repeats; r++) {
    progress(`throughput: repeat ${r + 1}/${cfg.repeats}`);
    const v = await measureVerifies(cfg.verifyMs);
    const m = await measureInMemoryUnlocks(cfg.inMemoryMs);
    const a = await measureAirUnlocks(cfg.airMs, 4);
    failures += a.failures;
    verify.push(v.perCpuS);
    inMemory.push(m.perCpuS);
    air.push(a.perCpuS);
    ratio.push(a.perCpuS / v.perCpuS);
    ratioInMemory.push(m.perCpuS / v.perCpuS);
  }
  progress('throughput: crypto calls per unlock and P-256 costs');
  const calls = await countSubtleCalls(await prepareInMemoryUnlock({ labelSides: true }));
  const costs = await measureP256Costs(cfg.verifyMs / 2);
  const p256Of = (side: string) => {
    const n = (k: string) => calls[`${side}:${k}`] ?? 0;
    return {
      verify: n('verify/ECDSA'),
      sign: n('sign/ECDSA'),
      ecdh: n('deriveBits/ECDH'),
      generateKey: n('generateKey/ECDH') + n('generateKey/ECDSA'),
      importRawPublic: n('importKey/raw:ECDSA') + n('importKey/raw:ECDH'),
    };
  };
  const equivalents = (p: Record<string, number>) => Object.entries(p).reduce((s, [k, n]) => s + n * (costs[k]! / costs.verify!), 0);
  const lockP256 = p256Of('lock');
  const phoneP256 = p256Of('phone');
  const p256 = Object.fromEntries(Object.keys(lockP256).map((k) => [k, lockP256[k as keyof typeof lockP256] + phoneP256[k as keyof typeof phoneP256]]));
  const verifyEquivalents = equivalents(p256);
  const met = summarize(ratio).median >= 0.25;
  return {
    verifiesPerCpuS: summarize(verify),
    inMemoryUnlocksPerCpuS: summarize(inMemory),
    airUnlocksPerCpuS: summarize(air),
    airUnlockFailures: failures,
    ratio: summarize(ratio),
    ratioInMemory: summarize(ratioInMemory),
    subtleCallsPerUnlock: calls,
    p256CostUs: Object.fromEntries(Object.entries(costs).map(([k, v]) => [k, round(v * 1e6)])),
    p256CallsPerUnlock: p256,
    p256CallsPerUnlockLock: lockP256,
    p256VerifyEquivalentsPerUnlock: round(verifyEquivalents),
    p256VerifyEquivalentsLockOnly: round(equivalents(lockP256)),
    p256Bound: round(1 / verifyEquivalents),
    p256BoundLockOnly: round(1 / equivalents(lockP256)),
    goalMet: met,
  };
}

/** Runs a bench script in its own process (fresh heap and JIT) and parses the JSON line it prints. */
function runChild<T>(script: string, args: readonly string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', join(here, script), ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const line = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line) as T);
      } catch {
        reject(new Error(`${script} ${args.join(' ')} failed (exit ${code})`));
      }
    });
  });
}

// ---- ATT round trip --------------------------------------------------------------------------

async function runAtt(cfg: BenchConfig) {
  const att: number[] = [];
  const echo: number[] = [];
  const ratio: number[] = [];
  const attCpu: number[] = [];
  const echoCpu: number[] = [];
  const airOnly: number[] = [];
  const airOnlyCpu: number[] = [];
  const airOnlyRatio: number[] = [];
  let packets = 0;
  for (let r = 0; r < cfg.repeats; r++) {
    progress(`att: repeat ${r + 1}/${cfg.repeats}`);
    const { att: a, echo: e, airOnly: o } = await runChild<{ att: RoundTripCost; echo: RoundTripCost; airOnly: RoundTripCost }>('attRoundTrip.js', [String(cfg.attMs)]);
    airOnly.push(o.usPerRoundTrip);
    airOnlyCpu.push(o.cpuUsPerRoundTrip);
    airOnlyRatio.push(o.usPerRoundTrip / e.usPerRoundTrip);
    att.push(a.usPerRoundTrip);
    echo.push(e.usPerRoundTrip);
    attCpu.push(a.cpuUsPerRoundTrip);
    echoCpu.push(e.cpuUsPerRoundTrip);
    ratio.push(a.usPerRoundTrip / e.usPerRoundTrip);
    packets = a.hciPacketsPerRoundTrip ?? 0;
  }
  return {
    attUs: summarize(att),
    echoUs: summarize(echo),
    attCpuUs: summarize(attCpu),
    echoCpuUs: summarize(echoCpu),
    ratio: summarize(ratio),
    /** The same bytes between two raw hosts over the air: what the air itself costs. */
    airOnlyUs: summarize(airOnly),
    airOnlyCpuUs: summarize(airOnlyCpu),
    airOnlyRatio: summarize(airOnlyRatio),
    hciPacketsPerRoundTrip: round(packets),
    goalMet: summarize(ratio).median <= 3,
  };
}

// ---- cloud -----------------------------------------------------------------------------------

async function runCloud(cfg: BenchConfig) {
  const keys: number[] = [];
  const first: number[] = [];
  const repeat: number[] = [];
  const keysNormal: number[] = [];
  const fsyncs: number[] = [];
  for (let r = 0; r < cfg.repeats; r++) {
    progress(`cloud: repeat ${r + 1}/${cfg.repeats} (n=${cfg.cloudN})`);
    fsyncs.push(measureFsyncs(300));
    const c = await measureCloud(cfg.cloudN);
    keys.push(c.instantKeysPerS);
    first.push(c.firstLoadsPerS);
    repeat.push(c.repeatLoadsPerS);
    keysNormal.push((await measureCloud(cfg.cloudN, 'NORMAL')).instantKeysPerS);
  }
  return {
    n: cfg.cloudN,
    clients: 8,
    instantKeysPerS: summarize(keys),
    firstCredentialLoadsPerS: summarize(first),
    repeatCredentialLoadsPerS: summarize(repeat),
    instantKeysPerSNormalSync: summarize(keysNormal),
    fsyncsPerS: summarize(fsyncs),
    instantKeysPerFsync: summarize(keys.map((k, i) => k / fsyncs[i]!)),
    goalMet: summarize(keys).median >= 1000,
  };
}

// ---- scale -----------------------------------------------------------------------------------

function runScaleChild(o: ScalePointOptions): Promise<ScalePointResult> {
  return runChild<ScalePointResult>('scalePoint.js', [JSON.stringify(o)]);
}

async function runScale(cfg: BenchConfig) {
  const points: ScalePointResult[] = [];
  for (const o of cfg.scalePoints) {
    progress(`scale: ${o.locks} locks × ${o.phones} phones${o.active !== undefined ? ` (${o.active} active)` : ''}, ${o.workload}`);
    points.push(await runScaleChild(o));
  }
  const goalRuns: ScalePointResult[] = [];
  for (let r = 0; r < cfg.scaleGoalRepeats; r++) {
    progress(`scale goal: 500 locks × 50 phones, all tapping, repeat ${r + 1}/${cfg.scaleGoalRepeats}`);
    goalRuns.push(await runScaleChild(GOAL_POINT));
  }
  const goal =
    goalRuns.length > 0
      ? {
          point: GOAL_POINT,
          realTimeFactor: summarize(goalRuns.map((g) => g.realTimeFactor)),
          tapRealTimeFactor: summarize(goalRuns.map((g) => g.tapRealTimeFactor)),
          tapSimMsMean: summarize(goalRuns.map((g) => g.tapSimMsMean)),
          unlocks: summarize(goalRuns.map((g) => g.unlocks)),
          unlockFailures: summarize(goalRuns.map((g) => g.unlockFailures)),
          rssPerLockKiB: summarize(goalRuns.map((g) => g.rssPerLock / 1024)),
          heapPerLockKiB: summarize(goalRuns.map((g) => g.heapPerLock / 1024)),
          goalMet: summarize(goalRuns.map((g) => g.realTimeFactor)).median >= 1,
        }
      : undefined;
  return { profile: 'ios-like', points: points.map(roundAll), goal, goalRuns: goalRuns.map(roundAll) };
}

// ---- main ------------------------------------------------------------------------------------

export type BenchReport = Awaited<ReturnType<typeof runBench>>;

export async function runBench(cfg: BenchConfig, only: ReadonlySet<string>) {
  const t0 = performance.now();
  const startedAt = new Date().toISOString();
  const machine = describeMachine();
  const want = (s: string) => only.size === 0 || only.has(s);
  const fidelity = want('fidelity') ? await runFidelity(cfg) : undefined;
  const throughput = want('throughput') ? await runThroughput(cfg) : undefined;
  const att = want('att') ? await runAtt(cfg) : undefined;
  const cloud = want('cloud') ? await runCloud(cfg) : undefined;
  const scale = want('scale') ? await runScale(cfg) : undefined;
  return {
    version: 1,
    mode: cfg.mode,
    startedAt,
    durationS: round((performance.now() - t0) / 1000),
    machine,
    loadAverage1mAtEnd: describeMachine().loadAverage1m,
    fidelity,
    throughput,
    att,
    cloud,
    scale,
  };
}

function parseArgs(argv: readonly string[]) {
  const flags = { quick: false, json: false, writeDocs: false, out: undefined as string | undefined, only: new Set<string>() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--quick') flags.quick = true;
    else if (a === '--json') flags.json = true;
    else if (a === '--write-docs') flags.writeDocs = true;
    else if (a === '--out') flags.out = argv[++i];
    else if (a === '--only') for (const s of (argv[++i] ?? '').split(',')) flags.only.add(s.trim());
    else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: run.js [--quick] [--json] [--out FILE] [--write-docs] [--only fidelity,throughput,att,cloud,scale]\n');
      process.exit(0);
    } else {
      process.stderr.write(`unknown flag ${a}\n`);
      process.exit(2);
    }
  }
  return flags;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.setMaxListeners(0); // every bleno instance adds exit/SIGINT listeners
  const flags = parseArgs(process.argv.slice(2));
  const report = await runBench(configFor(flags.quick), flags.only);
  if (flags.out) {
    mkdirSync(dirname(flags.out), { recursive: true });
    writeFileSync(flags.out, `${JSON.stringify(report, null, 2)}\n`);
    progress(`wrote ${flags.out}`);
  }
  if (flags.writeDocs) {
    const md = join(repoRoot, 'docs', 'BENCHMARKS.md');
    writeDocsSection(md, renderMarkdown(report, flags.out));
    if (report.scale) {
      const svg = join(repoRoot, 'docs', 'img', 'bench-scale.svg');
      mkdirSync(dirname(svg), { recursive: true });
      writeFileSync(svg, renderScaleSvg(report.scale.points));
    }
    progress(`updated ${md}`);
  }
  process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : `${renderMarkdown(report, flags.out)}\n`);
  // bleno keeps polling timers alive on stopped locks (docs/AIR.md "Lifecycle").
  process.exit(0);
}
