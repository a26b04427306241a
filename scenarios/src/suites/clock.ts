/** Clock drift and time sync: phones carry provider-signed time to offline locks. */
import { defineSuite } from '../dsl/scenario.js';
import { DAY, HOUR } from '../dsl/World.js';
import { ENTRANCES } from '../dsl/scenarioProperty.js';

export default defineSuite('clock', 'Clock drift and time sync', [
  {
    title: 'a lock running three days fast is corrected by the time sync the phone carries',
    locks: { [ENTRANCES.room101]: { behaviour: { clockOffsetMs: 3 * DAY } } },
    run: async (w) => {
      const lock = w.lock(ENTRANCES.room101);
      w.check(Math.abs(lock.status().clockErrorMs - 3 * DAY) < HOUR, 'the lock clock starts three days fast');
      const ada = await w.guest('Ada Guest');
      await ada.stay({ entrances: [ENTRANCES.room101] });
      const phone = await w.phone('ada', ENTRANCES.room101);
      await phone.openKey(await ada.instantKey());
      // Without a time sync the lock believes the stay is over.
      w.expectEqual(await phone.attempt(ENTRANCES.room101, {}), 'EXPIRED', 'the key without a time sync');
      w.expectEqual((await phone.unlock(ENTRANCES.room101)).codeName, 'GRANTED', 'the app unlock (time sync applied first)');
      w.check(Math.abs(lock.status().clockErrorMs) < 60_000, 'the lock clock is right after the sync', `error ${lock.status().clockErrorMs} ms`);
    },
  },
  {
    title: 'a lock running three days slow is set forward within the same session',
    locks: { [ENTRANCES.room101]: { behaviour: { clockOffsetMs: -3 * DAY } } },
    run: async (w) => {
      const lock = w.lock(ENTRANCES.room101);
      const ada = await w.guest('Ada Guest');
      await ada.stay({ entrances: [ENTRANCES.room101] });
      const phone = await w.phone('ada', ENTRANCES.room101);
      await phone.openKey(await ada.instantKey());
      w.expectEqual(await phone.attempt(ENTRANCES.room101), 'NOT_YET_VALID', 'the key without a time sync (the lock lives three days ago)');
      // The jump forward must not count against the handshake deadline or the idle timeout (§9, §11).
      w.expectEqual(await phone.attempt(ENTRANCES.room101, { timeSync: true }), 'GRANTED', 'one session carrying the time sync');
      w.check(Math.abs(lock.status().clockErrorMs) < 60_000, 'the lock clock is right after the sync', `error ${lock.status().clockErrorMs} ms`);
    },
  },
  {
    title: 'a drifting lock clock is kept right by later time syncs',
    locks: { [ENTRANCES.room101]: { behaviour: { clockDriftPpm: 2000 } } },
    run: async (w) => {
      const lock = w.lock(ENTRANCES.room101);
      const ada = await w.guest('Ada Guest');
      await ada.stay({ entrances: [ENTRANCES.room101], nights: 20 });
      const phone = await w.phone('ada', ENTRANCES.room101);
      await phone.openKey(await ada.instantKey());
      w.travel(10 * DAY, 'ten days of drift');
      const error = lock.status().clockErrorMs;
      w.check(error > 20 * 60_000, 'the lock clock ran ahead (2000 ppm)', `error ${error} ms`);
      await phone.reload();
      w.expectEqual((await phone.unlock(ENTRANCES.room101)).codeName, 'GRANTED', 'unlock with a fresh time sync');
      w.check(Math.abs(lock.status().clockErrorMs) < 60_000, 'the drift is corrected', `error ${lock.status().clockErrorMs} ms`);
    },
  },
]);
