/** Override and joiner keys: a reissued key supersedes the old one on first use; a joiner does not. */
import { defineSuite } from '../dsl/scenario.js';
import { DAY } from '../dsl/World.js';
import { ENTRANCES } from '../dsl/scenarioProperty.js';

export default defineSuite('override', 'Override and joiner keys', [
  {
    title: 'a reissued key supersedes the old one at the lock on first use',
    run: async (w) => {
      const ada = await w.guest('Ada Guest');
      await ada.stay({ entrances: [ENTRANCES.room101], maxUseCount: 2 });
      const url = await ada.instantKey({ maxUseCount: 2 });
      const stale = await w.phone('tablet', { x: 0, y: 2 });
      const fresh = await w.phone('ada', ENTRANCES.room101);
      await stale.openKey(url);
      await fresh.openKey(url);
      const old = stale.credentialFor(ENTRANCES.room101);
      await ada.changeCheckout(ada.endsAt + DAY);
      await fresh.reload();
      w.check(fresh.credentialFor(ENTRANCES.room101).document.credentialId !== old.document.credentialId, 'the cloud reissued the document');
      w.expectEqual(await stale.attempt(ENTRANCES.room101), 'GRANTED', 'the old key before the new one was used');
      w.expectEqual((await fresh.unlock(ENTRANCES.room101)).codeName, 'GRANTED', 'first use of the new key');
      w.expectEqual(await stale.attempt(ENTRANCES.room101, { credential: old }), 'SUPERSEDED', 'the old key after it');
      // The app recovers by itself: SUPERSEDED -> reload -> the new key.
      w.expectEqual((await stale.unlock(ENTRANCES.room101)).codeName, 'GRANTED', 'the stale phone after a reload');
    },
  },
  {
    title: 'a joiner key for the same room works alongside the first guest',
    run: async (w) => {
      const ada = await w.guest('Ada Guest');
      await ada.stay({ entrances: [ENTRANCES.room101] });
      const bob = await w.guest('Bob Joiner');
      await bob.stay({ entrances: [ENTRANCES.room101], nights: 1 });
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
]);
