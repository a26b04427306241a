/** Guest stay: check-in, the room, the elevator and the gym; an extended stay; checkout. */
import { defineSuite } from '../dsl/scenario.js';
import { DAY, HOUR } from '../dsl/worldTime.js';
import { ENTRANCES } from '../dsl/scenarioProperty.js';

export default defineSuite('guest-stay', 'Guest stay', [
  {
    title: 'check-in opens the room, the permitted elevator floors and the gym',
    tags: ['smoke'],
    run: async (w) => {
      const ada = await w.guest('Ada Guest');
      await ada.stay({ floors: [2, 3] });
      const phone = await w.phone('ada', ENTRANCES.room101);
      await phone.openKey(await ada.instantKey());
      w.expectEqual(phone.credentials.map((c) => c.entrance.name).sort(), ['Elevator', 'Gym', 'Room 101'], 'credentials loaded');

      w.expectEqual((await phone.unlock(ENTRANCES.room101)).codeName, 'GRANTED', 'room door');
      phone.moveTo(ENTRANCES.elevator);
      const lift = await phone.unlock(ENTRANCES.elevator, { floors: [3] });
      w.expectEqual([lift.codeName, lift.grantedFloors], ['GRANTED', [3]], 'elevator floor 3');
      w.expectEqual((await phone.unlock(ENTRANCES.elevator, { floors: [5] })).codeName, 'FLOOR_NOT_PERMITTED', 'elevator floor 5');
      phone.moveTo(ENTRANCES.gym);
      w.expectEqual((await phone.unlock(ENTRANCES.gym)).codeName, 'GRANTED', 'gym');

      const audit = w.lockAudit(ENTRANCES.room101);
      w.expectEqual(audit.map((a) => a.result), ['GRANTED'], 'room lock audit');
      const unlocked = await w.cloudEvents({ event_types: ['lock.unlocked'], user_identity_id: ada.userIdentityId });
      w.expectEqual(
        unlocked.map((e) => e.acs_entrance_id).sort(),
        [w.entrance(ENTRANCES.room101).acs_entrance_id, w.entrance(ENTRANCES.elevator).acs_entrance_id, w.entrance(ENTRANCES.gym).acs_entrance_id].sort(),
        'lock.unlocked events (room, elevator, gym)',
      );
    },
  },
  {
    title: 'the gym refuses a guest outside its opening hours',
    run: async (w) => {
      const ada = await w.guest('Ada Guest');
      await ada.stay();
      const phone = await w.phone('ada', ENTRANCES.gym);
      await phone.openKey(await ada.instantKey());
      w.travel(9 * HOUR, 'midnight in Berlin');
      w.expectEqual((await phone.unlock(ENTRANCES.gym)).codeName, 'OUTSIDE_SCHEDULE', 'gym at midnight');
      w.travel(8 * HOUR, '08:00 in Berlin');
      w.expectEqual((await phone.unlock(ENTRANCES.gym)).codeName, 'GRANTED', 'gym at 08:00');
    },
  },
  {
    title: 'an extended stay is reissued and the new key shows up on the phone',
    run: async (w) => {
      const ada = await w.guest('Ada Guest');
      await ada.stay({ entrances: [ENTRANCES.room101] });
      const phone = await w.phone('ada', ENTRANCES.room101);
      await phone.openKey(await ada.instantKey());
      const before = phone.credentialFor(ENTRANCES.room101).document.notAfter;
      await ada.changeCheckout(ada.endsAt + 2 * DAY);
      await phone.reload();
      const after = phone.credentialFor(ENTRANCES.room101).document.notAfter;
      w.check(after === before + 2 * DAY, 'the reloaded credential runs two days longer', `${before} -> ${after}`);
      w.travel(3 * DAY, 'past the original checkout');
      w.expectEqual((await phone.unlock(ENTRANCES.room101)).codeName, 'GRANTED', 'room on the extra night');
    },
  },
  {
    title: 'after checkout the lock refuses the key as expired and the cloud hears of it',
    run: async (w) => {
      const ada = await w.guest('Ada Guest');
      await ada.stay({ entrances: [ENTRANCES.room101] });
      const phone = await w.phone('ada', ENTRANCES.room101);
      await phone.openKey(await ada.instantKey());
      w.expectEqual((await phone.unlock(ENTRANCES.room101)).codeName, 'GRANTED', 'room during the stay');
      w.travel(ada.endsAt - w.clock.now() + 60_000, 'checkout passed');
      w.expectEqual((await phone.unlock(ENTRANCES.room101)).codeName, 'EXPIRED', 'room after checkout');
      w.expectEqual(w.lockAudit(ENTRANCES.room101).map((a) => a.result), ['GRANTED', 'EXPIRED'], 'room lock audit');
    },
  },
]);
