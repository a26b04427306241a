/** Sharing: a forwarded link, max_use_count, the endpoints the property sees, one phone revoked. */
import { defineSuite } from '../dsl/scenario.js';
import { ENTRANCES } from '../dsl/scenarioProperty.js';

export default defineSuite('sharing', 'Sharing an instant key', [
  {
    title: 'a forwarded link sets up a second phone, a third is refused by max_use_count',
    portable: true,
    run: async (w) => {
      const ada = await w.guest('Ada Guest');
      await ada.stay({ entrances: [ENTRANCES.room101], maxUseCount: 2 });
      const url = await ada.instantKey({ maxUseCount: 2 });
      const mine = await w.phone('ada', ENTRANCES.room101);
      const partner = await w.phone('partner', { x: 0, y: 2 });
      const third = await w.phone('third', { x: 0, y: 3 });
      await mine.openKey(url);
      w.expectEqual(await partner.tryOpenKey(url), null, 'the forwarded link on a second phone');
      w.expectEqual(await third.tryOpenKey(url), 'max_use_count_reached', 'a third phone');
      const endpoints = await ada.endpoints();
      w.expectEqual(endpoints.map((e) => e.user_agent).sort(), ['scenario ada', 'scenario partner'], 'endpoints the property sees (by user agent)');
      w.check(endpoints.every((e) => e.last_loaded_at !== null), 'both endpoints loaded credentials');
      w.expectEqual((await partner.unlock(ENTRANCES.room101)).codeName, 'GRANTED', 'the partner opens the room');
      w.expectEqual((await mine.unlock(ENTRANCES.room101)).codeName, 'GRANTED', 'the guest opens the room');
      const unlocked = await w.cloudEvents({ event_types: ['lock.unlocked'], user_identity_id: ada.userIdentityId });
      w.expectEqual(unlocked.length, 2, 'lock.unlocked events of the guest (both phones)');
    },
  },
  {
    title: 'one shared phone is deactivated; the other carries the blocklist to the lock',
    portable: true,
    run: async (w) => {
      const ada = await w.guest('Ada Guest');
      await ada.stay({ entrances: [ENTRANCES.room101], maxUseCount: 2 });
      const url = await ada.instantKey({ maxUseCount: 2 });
      const mine = await w.phone('ada', ENTRANCES.room101);
      const lost = await w.phone('lost', { x: 0, y: 2 });
      await mine.openKey(url);
      await lost.openKey(url);
      await ada.deactivatePhone(lost.keyHolder.endpointId);
      await mine.reload();
      w.check(mine.keyHolder.wallet!.blocklistVersion >= 1, 'the reload brings a newer blocklist');
      w.expectEqual((await mine.unlock(ENTRANCES.room101)).codeName, 'GRANTED', 'the remaining phone opens (and delivers the blocklist)');
      const stolen = await lost.attempt(ENTRANCES.room101, { blocklist: false });
      w.expectEqual(stolen, 'REVOKED', 'the deactivated phone at the lock');
    },
  },
]);
