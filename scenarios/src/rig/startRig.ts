/**
 * The one rig: the access cloud over real HTTP on a random port (SQLite in `dir`), a virtual air,
 * and one emulated bleno lock per lock of the property, placed along a corridor so a phone can
 * walk from one to the next. The scenario World and the `keyrig demo` both start it.
 *
 * Two clocks, on purpose: `clock` is the simulation's true time (cloud, lock RTCs, phones), which
 * scenarios travel; the air keeps its own radio time (docs/AIR.md "Timing": fast mode stamps with
 * the air's clock, modeled mode with per-controller simulated clocks). Handing the air a travelled
 * ManualClock would freeze fast-mode air time during every exchange and jump it by days on travel.
 */
import { join } from 'node:path';
import type { Logger } from 'pino';
import { systemClock, type Clock } from '@keyrig/protocol';
import {
  Air,
  startCloud,
  startLock,
  type AirAttachment,
  type AirPosition,
  type Cloud,
  type LockBehaviourInput,
  type LockProvisioning,
  type McuOption,
  type PropertyFile,
  type RunningLock,
  type TimingMode,
} from '@keyrig/simulator';
import { CloudAdmin } from './CloudAdmin.js';

/** Locks stand this far apart along x (metres); a phone next to one hears the others weaker. */
export const LOCK_SPACING_M = 6;

/** How long closing one lock may take before the rig moves on (bleno can hang on stop). */
const LOCK_CLOSE_TIMEOUT_MS = 5000;

/** How one lock of the rig is started (its firmware settings and deliberate bugs). */
export interface LockSetup {
  readonly behaviour?: LockBehaviourInput;
  readonly faults?: readonly string[];
  readonly maxMtu?: number;
  /** MCU crypto time charged on a modeled air (startLock's `mcu`, default 'nrf52840'). */
  readonly mcu?: McuOption;
}

export interface RigOptions {
  readonly logger: Logger;
  /** The simulation's true time (cloud, lock RTCs, phones); not the air's (see above). */
  readonly clock: Clock;
  /** A directory the rig owns: cloud.db and lock state go here. */
  readonly dir: string;
  readonly property: PropertyFile;
  /** 'fast' (default) or a timing profile of the air. */
  readonly timing?: TimingMode;
  /** Seed of the air's randomness (default 1). */
  readonly seed?: number;
  /** Write btsnoop captures (one file per controller) here. */
  readonly captureDir?: string;
  /** SQLite synchronous mode of the cloud (startCloud's default 'FULL'). */
  readonly synchronous?: 'FULL' | 'NORMAL';
  /** Per-lock settings (default: none). */
  readonly lockSetup?: (provisioning: LockProvisioning) => LockSetup;
}

export interface Rig {
  readonly cloud: Cloud;
  readonly admin: CloudAdmin;
  readonly air: Air;
  /** The cloud's provisioning records, in corridor order. */
  readonly provisioning: readonly LockProvisioning[];
  /** The running locks, in the same order. */
  readonly locks: readonly RunningLock[];
  /** Where each lock stands (metres), by lock id. */
  readonly positions: Readonly<Record<string, AirPosition>>;
  /**
   * Re-provisions one lock (by lock id): stops it, and starts it again at the same position from
   * the cloud's current provisioning file with a fresh state (a new state directory: no keys
   * sequences, audit, blocklist or clock carried over) and `setup`. Returns the new lock; `locks`
   * holds it from then on.
   */
  reprovision(lockId: string, setup: LockSetup): Promise<RunningLock>;
  /** Puts a phone controller on the air (default 1 m in front of the first lock). */
  attachPhone(name: string, position?: AirPosition): AirAttachment;
  /** Stops locks, air and cloud (bleno keeps timers alive otherwise). */
  close(): Promise<void>;
}

/** Starts cloud, air and locks. Always `close()` the rig; on a failed start it closes what started. */
export async function startRig(o: RigOptions): Promise<Rig> {
  const cloud = await startCloud({
    dbPath: join(o.dir, 'cloud.db'),
    logger: o.logger,
    clock: o.clock,
    port: 0,
    property: o.property,
    ...(o.synchronous ? { synchronous: o.synchronous } : {}),
  });
  const closers: (() => Promise<unknown>)[] = [() => cloud.close()];
  const close = async () => {
    for (const c of closers.splice(0).reverse()) await c().catch((err: unknown) => o.logger.warn({ err }, 'close failed'));
  };
  try {
    const air = new Air({ seed: o.seed ?? 1, timing: o.timing ?? 'fast', logger: o.logger, ...(o.captureDir ? { captureDir: o.captureDir } : {}) });
    closers.push(() => air.close());
    const locks: RunningLock[] = [];
    closers.push(() => Promise.all(locks.map((l) => closeWithin(l.close(), LOCK_CLOSE_TIMEOUT_MS, `lock ${l.lockId} close`))));
    const { locks: provisioning } = await cloud.provisioning();
    const positions: Record<string, AirPosition> = {};
    for (const [i, p] of provisioning.entries()) {
      const position = { x: i * LOCK_SPACING_M, y: 0 };
      positions[p.lock_id] = position;
      locks.push(await startRigLock(p, o.lockSetup?.(p) ?? {}, { clock: o.clock, logger: o.logger, air, position, stateDir: join(o.dir, 'locks') }));
    }
    let provisions = 0;
    const reprovision = async (lockId: string, setup: LockSetup): Promise<RunningLock> => {
      const i = locks.findIndex((l) => l.lockId === lockId);
      if (i < 0) throw new Error(`no lock ${lockId} in the rig`);
      await closeWithin(locks[i]!.close(), LOCK_CLOSE_TIMEOUT_MS, `lock ${lockId} close`);
      const current = (await cloud.provisioning()).locks.find((p) => p.lock_id === lockId);
      if (!current) throw new Error(`the cloud no longer provisions lock ${lockId}`);
      const stateDir = join(o.dir, 'locks', `provision-${++provisions}`);
      const lock = await startRigLock(current, setup, { clock: o.clock, logger: o.logger, air, position: positions[lockId]!, stateDir });
      locks[i] = lock;
      return lock;
    };
    return {
      cloud,
      admin: new CloudAdmin(cloud.url, cloud.apiKey),
      air,
      provisioning,
      locks,
      positions,
      reprovision,
      attachPhone: (name, position) => air.attach({ name, position: position ?? { x: 0, y: 1 } }),
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

function startRigLock(
  provisioning: LockProvisioning,
  setup: LockSetup,
  common: { clock: Clock; logger: Logger; air: Air; position: AirPosition; stateDir: string },
): Promise<RunningLock> {
  return startLock({
    provisioning,
    ...common,
    ...(setup.behaviour ? { behaviour: setup.behaviour } : {}),
    ...(setup.faults ? { faults: setup.faults } : {}),
    ...(setup.maxMtu !== undefined ? { maxMtu: setup.maxMtu } : {}),
    ...(setup.mcu !== undefined ? { mcu: setup.mcu } : {}),
  });
}

/**
 * Waits for a close that may hang at most `ms` of wall time, then moves on: settles either way,
 * never rejects (shutting down must not stop on one stuck part). Built on protocol's one deadline.
 */
export function closeWithin(p: Promise<unknown>, ms: number, what = 'close'): Promise<void> {
  return systemClock.timeout(p, ms, what).then(
    () => undefined,
    () => undefined,
  );
}
