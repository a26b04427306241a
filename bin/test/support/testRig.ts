/**
 * A whole rig for end-to-end tests: cloud over real HTTP on a random port, the virtual air, real
 * bleno locks, and a logger that keeps every line so tests can check no secret was logged.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { capturingLogger } from '@keyrig/simulator/testing';
import { ManualClock } from '@keyrig/protocol';
import type { TimingMode } from '@keyrig/simulator';
import { startRig, type Rig } from '@keyrig/scenarios';
import { DEMO_ENTRANCES, demoProperty } from '../../src/demo/demoProperty.js';

/** Monday 2026-06-01 13:00 UTC (15:00 in Berlin: check-in time, the gym is open). */
export const START = Date.UTC(2026, 5, 1, 13, 0, 0);
export const DAY = 86_400_000;

export interface TestRig {
  readonly rig: Rig;
  readonly clock: ManualClock;
  readonly logger: Logger;
  readonly logs: string[];
  readonly dir: string;
  /** acs_entrance_id and lock id per demo entrance key. */
  readonly entrances: Record<'room' | 'elevator' | 'gym', { id: string; lockId: string; name: string }>;
  close(): Promise<void>;
}

export async function startTestRig(options: { timing?: TimingMode; withLocks?: boolean } = {}): Promise<TestRig> {
  const dir = mkdtempSync(join(tmpdir(), 'keyrig-e2e-'));
  const clock = new ManualClock(START);
  const { logger, lines: logs } = capturingLogger('trace');
  const rig = await startRig({ logger, clock, dir, property: demoProperty(), timing: options.timing ?? 'fast' });
  const all = await rig.admin.entrances();
  const pick = (key: string) => {
    const e = all.find((x) => x.keyrig_metadata.entrance_key === key);
    if (!e) throw new Error(`entrance ${key} missing`);
    return { id: e.acs_entrance_id, lockId: e.keyrig_metadata.lock_ids[0]!, name: e.display_name };
  };
  return {
    rig,
    clock,
    logger,
    logs,
    dir,
    entrances: { room: pick(DEMO_ENTRANCES.room), elevator: pick(DEMO_ENTRANCES.elevator), gym: pick(DEMO_ENTRANCES.gym) },
    close: async () => {
      await rig.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A guest with a two-night stay from now on every demo entrance (floors 2 and 3) and an instant key. */
export async function guestStay(t: TestRig, name = 'Ada Guest'): Promise<{ userIdentityId: string; grantId: string; url: string; checkout: number }> {
  const userIdentityId = await t.rig.admin.createGuest(name, `${name.replace(/\W/g, '.').toLowerCase()}.${Math.floor(Math.random() * 1e9)}@example.com`);
  const now = t.clock.now();
  const checkout = now + 2 * DAY - 4 * 3_600_000; // from START (15:00 Berlin): 11:00, two nights later
  const grantId = await t.rig.admin.grantStay(userIdentityId, [t.entrances.room.id, t.entrances.elevator.id, t.entrances.gym.id], now, checkout, [2, 3]);
  const url = await t.rig.admin.issueInstantKey(userIdentityId);
  return { userIdentityId, grantId, url, checkout };
}
