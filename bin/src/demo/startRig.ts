/**
 * Everything the demo (and the end-to-end tests) run in one process: the access cloud on a random
 * port (SQLite in `dir`), a virtual air, and one emulated lock per lock of the property, placed
 * along a corridor so a phone can walk from one to the next.
 */
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Clock } from '@keyrig/protocol';
import {
  Air,
  startCloud,
  startLocks,
  type AirAttachment,
  type AirPosition,
  type Cloud,
  type McuName,
  type PropertyFile,
  type RunningLock,
  type TimingMode,
} from '@keyrig/simulator';
import { AdminApi } from './AdminApi.js';

export interface RigOptions {
  readonly logger: Logger;
  /** The simulation's true time (cloud, lock RTCs, phone). */
  readonly clock: Clock;
  /** A directory the rig owns: cloud.db and lock state go here. */
  readonly dir: string;
  readonly property: PropertyFile;
  /** 'fast' (default) or a timing profile of the air. */
  readonly timing?: TimingMode;
  /** The locks' MCU crypto profile on a modeled air (docs/LOCK.md); default 'nrf52840'. */
  readonly lockMcu?: McuName;
  /** Write btsnoop captures here. */
  readonly captureDir?: string;
  readonly seed?: number;
}

export interface Rig {
  readonly cloud: Cloud;
  readonly air: Air;
  readonly locks: readonly RunningLock[];
  readonly admin: AdminApi;
  /** Where each lock stands (metres), by lock id. */
  readonly positions: Readonly<Record<string, AirPosition>>;
  /** Puts a phone controller on the air. */
  attachPhone(name: string, position?: AirPosition): AirAttachment;
  /** Stops locks, air and cloud (bleno keeps timers alive otherwise). */
  close(): Promise<void>;
}

/** Locks stand 6 m apart along x; a phone next to one hears the others weaker. */
export const LOCK_SPACING_M = 6;

export async function startRig(o: RigOptions): Promise<Rig> {
  const cloud = await startCloud({ dbPath: join(o.dir, 'cloud.db'), logger: o.logger, clock: o.clock, port: 0, property: o.property });
  const closers: (() => Promise<void>)[] = [() => cloud.close()];
  const close = async () => {
    for (const c of closers.reverse()) await c().catch((err: unknown) => o.logger.warn({ err }, 'close failed'));
  };
  try {
    // The air keeps its own (wall) clock: travelling in simulated time must not move air time.
    const air = new Air({
      seed: o.seed ?? 1,
      timing: o.timing ?? 'fast',
      logger: o.logger,
      ...(o.captureDir ? { captureDir: o.captureDir } : {}),
    });
    closers.push(() => air.close());
    const provisioning = await cloud.provisioning();
    const positions: Record<string, AirPosition> = {};
    provisioning.locks.forEach((l, i) => (positions[l.lock_id] = { x: i * LOCK_SPACING_M, y: 0 }));
    const locks = await startLocks(provisioning.locks, {
      clock: o.clock,
      logger: o.logger,
      air,
      positions,
      stateDir: join(o.dir, 'locks'),
      ...(o.lockMcu ? { mcu: o.lockMcu } : {}),
    });
    closers.push(async () => {
      await Promise.all(locks.map((l) => l.close()));
    });
    return {
      cloud,
      air,
      locks,
      admin: new AdminApi(cloud.url, cloud.apiKey),
      positions,
      attachPhone: (name, position) => air.attach({ name, position: position ?? { x: 0, y: 1 } }),
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
