/** Clock drift and time sync: phones carry provider-signed time to offline locks. */
import { defineSuite } from '../dsl/scenario.js';
import { ENTRANCES } from '../dsl/scenarioProperty.js';
import type { World } from '../dsl/World.js';
import { DAY, HOUR } from '../dsl/worldTime.js';

const MINUTE = 60_000;

/** Ada with a stay on room 101 (`nights`, default the DSL's) and her key opened on a phone at that door. */
async function adaAtRoom101(w: World, nights?: number) {
  const ada = await w.guest('Ada Guest');
  await ada.stay({ entrances: [ENTRANCES.room101], ...(nights !== undefined ? { nights } : {}) });
  const phone = await w.phone('ada', ENTRANCES.room101);
  await phone.openKey(await ada.instantKey());
  return { ada, phone };
}

export default defineSuite('clock', 'Clock drift and time sync', [
  {
    title: 'a lock running three minutes fast is corrected by the time sync the phone carries',
    locks: { [ENTRANCES.room101]: { behaviour: { clockOffsetMs: 3 * MINUTE } } },
    run: async (w) => {
      const lock = w.lock(ENTRANCES.room101);
      const { ada, phone } = await adaAtRoom101(w);
      w.travel(ada.endsAt - w.clock.now() - 2 * MINUTE, 'two minutes before checkout: back for the luggage');
      w.expectEqual(await phone.attempt(ENTRANCES.room101), 'EXPIRED', 'the key without a time sync (the lock is 3 min fast)');
      await phone.reload();
      w.expectEqual((await phone.unlock(ENTRANCES.room101)).codeName, 'GRANTED', 'the app unlock carrying a fresh time sync');
      w.check(Math.abs(lock.status().clockErrorMs) < 5_000, 'the lock clock is right after the sync', `error ${lock.status().clockErrorMs} ms`);
    },
  },
  {
    title: "a check-in time sync replayed after checkout does not turn the lock's clock back",
    run: async (w) => {
      const { ada, phone } = await adaAtRoom101(w);
      w.expectEqual(await phone.attempt(ENTRANCES.room101), 'GRANTED', 'during the stay (no time sync given)');
      w.travel(ada.endsAt - w.clock.now() + HOUR, 'an hour after checkout');
      // The wallet still holds the check-in time sync: applied, it would reopen the expired key (§9).
      w.expectEqual(await phone.attempt(ENTRANCES.room101, { timeSync: true }), 'EXPIRED', 'the expired key with the old time sync');
      w.check(Math.abs(w.lock(ENTRANCES.room101).status().clockErrorMs) < 5_000, 'the lock kept its clock');
    },
  },
  {
    // Not portable: holding the sync for a minute is a time travel here, a real minute on a device.
    title: 'an honest time sync held for a minute does not set a correct lock back',
    run: async (w) => {
      const lock = w.lock(ENTRANCES.room101);
      const { phone } = await adaAtRoom101(w);
      w.travel(MINUTE, 'the phone holds its time sync for a minute');
      // The sync proves only "now >= its time"; the phone says how long it held it (§9).
      w.expectEqual(await phone.attempt(ENTRANCES.room101, { timeSync: true }), 'GRANTED', 'a session carrying the minute-old time sync');
      w.check(Math.abs(lock.status().clockErrorMs) < 5_000, 'the lock clock is still right', `error ${lock.status().clockErrorMs} ms`);
      await phone.reload();
      w.travel(MINUTE, 'another minute with the reloaded sync');
      w.expectEqual((await phone.unlock(ENTRANCES.room101)).codeName, 'GRANTED', 'the app unlock carrying its minute-old time sync');
      w.check(Math.abs(lock.status().clockErrorMs) < 5_000, 'the lock clock is still right after the app unlock', `error ${lock.status().clockErrorMs} ms`);
    },
  },
  {
    title: 'a lock running three days slow is set forward within the same session',
    locks: { [ENTRANCES.room101]: { behaviour: { clockOffsetMs: -3 * DAY } } },
    run: async (w) => {
      const lock = w.lock(ENTRANCES.room101);
      const { phone } = await adaAtRoom101(w);
      w.expectEqual(await phone.attempt(ENTRANCES.room101), 'NOT_YET_VALID', 'the key without a time sync (the lock lives three days ago)');
      // The jump forward must not count against the handshake deadline or the idle timeout (§9, §11).
      w.expectEqual(await phone.attempt(ENTRANCES.room101, { timeSync: true }), 'GRANTED', 'one session carrying the time sync');
      w.check(Math.abs(lock.status().clockErrorMs) < 60_000, 'the lock clock is right after the sync', `error ${lock.status().clockErrorMs} ms`);
    },
  },
  {
    title: 'a drifting lock clock is kept right by daily time syncs',
    locks: { [ENTRANCES.room101]: { behaviour: { clockDriftPpm: 2000 } } },
    run: async (w) => {
      const lock = w.lock(ENTRANCES.room101);
      const { phone } = await adaAtRoom101(w, 5);
      for (let day = 1; day <= 3; day++) {
        w.travel(DAY, `day ${day}`);
        const error = lock.status().clockErrorMs;
        w.check(error > 2 * MINUTE && error < 4 * MINUTE, `day ${day}: the lock clock ran about 3 min ahead (2000 ppm)`, `error ${error} ms`);
        await phone.reload();
        w.expectEqual((await phone.unlock(ENTRANCES.room101)).codeName, 'GRANTED', `day ${day}: unlock with a fresh time sync`);
        w.check(Math.abs(lock.status().clockErrorMs) < 5_000, `day ${day}: the drift is corrected (a step back under 5 min)`, `error ${lock.status().clockErrorMs} ms`);
      }
    },
  },
]);

