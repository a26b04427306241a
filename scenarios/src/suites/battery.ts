/** Low battery: the lock advertises it and keeps opening; at critical it refuses every command. */
import { defineSuite } from '../dsl/scenario.js';
import { ENTRANCES } from '../dsl/scenarioProperty.js';

export default defineSuite('battery', 'Low battery', [
  {
    title: 'low battery is advertised and the door still opens; critical refuses',
    run: async (w) => {
      const ada = await w.guest('Ada Guest');
      await ada.stay({ entrances: [ENTRANCES.room101] });
      const phone = await w.phone('ada', ENTRANCES.room101);
      await phone.openKey(await ada.instantKey());
      const fw = w.lock(ENTRANCES.room101).firmware;
      w.expectEqual((await phone.lockStatus(ENTRANCES.room101)).batteryLow, false, 'battery flag at 100 %');
      fw.setBattery(15);
      w.timeline.fault('battery at 15 %', ENTRANCES.room101);
      w.expectEqual((await phone.waitForLockStatus(ENTRANCES.room101, (s) => s.batteryLow)).batteryLow, true, 'battery flag at 15 %');
      w.expectEqual((await phone.unlock(ENTRANCES.room101)).codeName, 'GRANTED', 'unlock at 15 %');
      fw.setBattery(4);
      w.timeline.fault('battery at 4 %', ENTRANCES.room101);
      w.expectEqual((await phone.unlock(ENTRANCES.room101)).codeName, 'BATTERY_CRITICAL', 'unlock at 4 %');
      w.expectEqual(w.lockAudit(ENTRANCES.room101).map((a) => a.result), ['GRANTED', 'BATTERY_CRITICAL'], 'lock audit');
    },
  },
]);
