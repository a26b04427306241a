/**
 * Override and joiner keys (PROTOCOL.md §6 key sequences): a new guest's key supersedes the old
 * guest's at the room door on its first use — the offline lock learns it from the key itself;
 * a joiner shares the room without superseding anyone.
 */
import { defineSuite } from '../dsl/scenario.js';
import { ENTRANCES } from '../dsl/scenarioProperty.js';

export default defineSuite('override', 'Override and joiner keys', [
  {
    title: "a new guest's key supersedes the previous guest's at the door on first use",
    portable: true,
    run: async (w) => {
      const ada = await w.guest('Ada Guest');
      await ada.stay({ entrances: [ENTRANCES.room101] });
      const adaPhone = await w.phone('ada', ENTRANCES.room101);
      await adaPhone.openKey(await ada.instantKey());
      w.expectEqual((await adaPhone.unlock(ENTRANCES.room101)).codeName, 'GRANTED', 'Ada opens her room');

      // The front desk gives the room to Bob (Ada left early; her key was never revoked).
      const bob = await w.guest('Bob Nextguest');
      await bob.stay({ entrances: [ENTRANCES.room101], keyMode: 'override' });
      const bobPhone = await w.phone('bob', { x: 0, y: 2 });
      await bobPhone.openKey(await bob.instantKey());
      const adaKey = adaPhone.credentialFor(ENTRANCES.room101).document.keySequences;
      const bobKey = bobPhone.credentialFor(ENTRANCES.room101).document.keySequences;
      const lockId = w.lockId(ENTRANCES.room101);
      w.check((bobKey[lockId] ?? 0) > (adaKey[lockId] ?? 0), "Bob's key carries a higher sequence for the door", JSON.stringify({ ada: adaKey[lockId], bob: bobKey[lockId] }));
      w.expectEqual(await adaPhone.attempt(ENTRANCES.room101), 'GRANTED', "Ada's key before Bob's first use (the lock is offline)");
      w.expectEqual((await bobPhone.unlock(ENTRANCES.room101)).codeName, 'GRANTED', "Bob's first use");
      w.expectEqual(await adaPhone.attempt(ENTRANCES.room101), 'SUPERSEDED', "Ada's key afterwards");
      if (w.emulated) w.expectEqual(w.lockAudit(ENTRANCES.room101).map((a) => a.result), ['GRANTED', 'GRANTED', 'GRANTED', 'SUPERSEDED'], 'room lock audit');
    },
  },
  {
    title: 'a joiner shares the room: both keys keep working',
    run: async (w) => {
      const ada = await w.guest('Ada Guest');
      await ada.stay({ entrances: [ENTRANCES.room101] });
      const bob = await w.guest('Bob Joiner');
      await bob.stay({ entrances: [ENTRANCES.room101], nights: 1, keyMode: 'joiner' });
      const adaPhone = await w.phone('ada', ENTRANCES.room101);
      const bobPhone = await w.phone('bob', { x: 0, y: 2 });
      await adaPhone.openKey(await ada.instantKey());
      await bobPhone.openKey(await bob.instantKey());
      w.expectEqual((await adaPhone.unlock(ENTRANCES.room101)).codeName, 'GRANTED', 'Ada');
      w.expectEqual((await bobPhone.unlock(ENTRANCES.room101)).codeName, 'GRANTED', 'Bob joins');
      w.expectEqual((await adaPhone.unlock(ENTRANCES.room101)).codeName, 'GRANTED', 'Ada still opens');
      w.travel(bob.endsAt - w.clock.now() + 60_000, "Bob's checkout");
      w.expectEqual((await bobPhone.unlock(ENTRANCES.room101)).codeName, 'EXPIRED', 'Bob after his checkout');
      w.expectEqual((await adaPhone.unlock(ENTRANCES.room101)).codeName, 'GRANTED', 'Ada stays');
    },
  },
  {
    title: 'common areas carry no key sequence: a new guest does not lock the previous one out of the gym',
    run: async (w) => {
      const ada = await w.guest('Ada Guest');
      await ada.stay({ entrances: [ENTRANCES.gym] });
      const bob = await w.guest('Bob Nextguest');
      await bob.stay({ entrances: [ENTRANCES.gym] });
      const adaPhone = await w.phone('ada', ENTRANCES.gym);
      const bobPhone = await w.phone('bob', { x: 18, y: 2 });
      await adaPhone.openKey(await ada.instantKey());
      await bobPhone.openKey(await bob.instantKey());
      w.expectEqual((await bobPhone.unlock(ENTRANCES.gym)).codeName, 'GRANTED', 'Bob at the gym');
      w.expectEqual((await adaPhone.unlock(ENTRANCES.gym)).codeName, 'GRANTED', 'Ada at the gym');
    },
  },
]);
