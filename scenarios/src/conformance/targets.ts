/**
 * Where the lock under test lives.
 * - Emulated: a reference lock (optionally with fault profiles) on an in-process virtual air, a
 *   fresh lock per test (own id, clean state), a noble phone beside it, all on a ManualClock.
 * - Device: a lock provisioned by the conformance provider, reached through any `Central` (a real
 *   adapter, or an air server where `keyrig lock run` serves it); the system clock; one lock
 *   for every test, so state carries over (tests use fresh ids and versions from the clock).
 */
import type { Logger } from 'pino';
import { ManualClock, systemClock, type Clock } from '@keyrig/protocol';
import { openNobleCentral, type Central } from '@keyrig/client';
import { Air, startLock, type LockBehaviourInput, type LockProvisioning } from '@keyrig/simulator';
import { findLock, sleep } from '../dsl/ProtocolPhone.js';
import { makeConformanceProvider, provisionConformanceLock, type ConformanceLockType, type ConformanceProvider } from './ConformanceProvider.js';

export interface PreparedLock {
  readonly provisioning: LockProvisioning;
  release(): Promise<void>;
}

export interface ConformanceTarget {
  readonly description: string;
  readonly lockType: ConformanceLockType;
  readonly provider: ConformanceProvider;
  readonly central: Central;
  readonly clock: Clock;
  /**
   * True when every test meets the same lock (a device): the harness then opens the lock once
   * before each test, so the invalid attempts of refusal tests never add up to a lockout
   * ("wandering intruder": a grant resets the streak).
   */
  readonly sharedLock: boolean;
  /** The lock for one test, started with `behaviour` when the target can; a reason to skip otherwise. */
  prepare(behaviour?: LockBehaviourInput): Promise<PreparedLock | { readonly skip: string }>;
  letTimePass(ms: number): Promise<void>;
  /**
   * Device targets: one bounded scan for the lock under test before the suite; false when it was
   * not heard (the caller then reports "no lock heard" once instead of failing every test).
   */
  locate?(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/** Monday 2026-06-01 13:00 UTC (15:00 in Berlin: inside the amenity's opening hours). */
export const CONFORMANCE_START = Date.UTC(2026, 5, 1, 13, 0, 0);

export interface EmulatedTargetOptions {
  readonly logger: Logger;
  readonly lockType?: ConformanceLockType;
  /** Fault profiles of the lock simulator (`keyrig lock faults`). */
  readonly faults?: readonly string[];
  readonly seed?: number;
  /** Cap on the ATT MTU the lock accepts. */
  readonly maxMtu?: number;
}

export async function startEmulatedTarget(o: EmulatedTargetOptions): Promise<ConformanceTarget> {
  const clock = new ManualClock(CONFORMANCE_START);
  const air = new Air({ seed: o.seed ?? 1, clock, logger: o.logger });
  const lockType = o.lockType ?? 'door';
  try {
    const provider = await makeConformanceProvider();
    const phone = air.attach({ name: 'conformance-phone', position: { x: 0, y: 1 } });
    const central = await openNobleCentral({ hci: phone.bindings, clock, logger: o.logger });
    let n = 0;
    return {
      description: `emulated ${lockType} lock${o.faults?.length ? ` with fault(s) ${o.faults.join(', ')}` : ' (reference)'}`,
      lockType,
      provider,
      central,
      clock,
      sharedLock: false,
      prepare: async (behaviour) => {
        const provisioning = await provisionConformanceLock(provider, lockType, clock.now(), { name: `IUT ${lockType} ${++n}` });
        const lock = await startLock({
          provisioning,
          clock,
          logger: o.logger,
          air,
          position: { x: 0, y: 0 },
          ...(o.faults?.length ? { faults: o.faults } : {}),
          ...(behaviour ? { behaviour } : {}),
          ...(o.maxMtu !== undefined ? { maxMtu: o.maxMtu } : {}),
        });
        return { provisioning, release: () => bounded(lock.close(), 5000) };
      },
      letTimePass: async (ms) => clock.advance(ms),
      close: async () => {
        await bounded(central.close(), 5000);
        phone.detach();
        await bounded(air.close(), 5000);
      },
    };
  } catch (err) {
    await air.close();
    throw err;
  }
}

export interface DeviceTargetOptions {
  readonly provisioning: LockProvisioning;
  readonly provider: ConformanceProvider;
  readonly central: Central;
  readonly clock?: Clock;
  readonly description?: string;
}

/** A lock the harness does not control: reached over the central, state kept between tests. */
export function deviceTarget(o: DeviceTargetOptions): ConformanceTarget {
  const p = o.provisioning;
  return {
    description: o.description ?? `${p.lock_type} lock ${p.lock_name} (${p.lock_id})`,
    lockType: p.lock_type,
    provider: o.provider,
    central: o.central,
    clock: o.clock ?? systemClock,
    sharedLock: true,
    prepare: async (behaviour) => (behaviour ? { skip: 'needs a lock state only the emulated target can set up' } : { provisioning: p, release: async () => {} }),
    letTimePass: (ms) => sleep(ms),
    locate: async (timeoutMs) => {
      try {
        await findLock(o.central, p.lock_id, timeoutMs);
        return true;
      } catch (err) {
        if (/was not heard within/.test((err as Error).message)) return false;
        throw err;
      }
    },
    close: () => o.central.close(),
  };
}

async function bounded(p: Promise<unknown>, ms: number): Promise<void> {
  let t: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([p.catch(() => undefined), new Promise((r) => (t = setTimeout(r, ms)))]);
  clearTimeout(t);
}
