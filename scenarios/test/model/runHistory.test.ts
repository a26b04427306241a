/**
 * The rig runner against hand-computed outcomes (handHistories.ts): a stay opens its room, an
 * offline phone past check-out gets EXPIRED, the gym at 23:00 local time is OUTSIDE_SCHEDULE, a
 * room's document at another room is WRONG_LOCK — and the timing contract (each phone action is
 * one USER_ACTION_MS, nothing else moves the clock) and re-provisioning hold.
 */
import { describe, expect, it } from 'vitest';
import { runHistoryDetailed } from '../../src/model/runHistory.js';
import { HistoryRun, lockSetupsOf } from '../../src/model/HistoryRun.js';
import { World } from '../../src/dsl/World.js';
import { testLogger } from '../support.js';
import { HAND_HISTORIES } from './handHistories.js';

describe('runHistory (real cloud, bleno locks, noble phones)', () => {
  for (const h of HAND_HISTORIES) {
    it(h.title, async () => {
      const t0 = performance.now();
      const r = await runHistoryDetailed(h.history, { logger: testLogger });
      console.log(`${(performance.now() - t0).toFixed(0)} ms: ${h.title}`);
      expect(r.outcomes).toEqual(h.expected);
    }, 60_000);
  }
});
