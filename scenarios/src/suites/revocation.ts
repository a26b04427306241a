/** Revocation reaching an offline lock: the blocklist travels on another phone. */
import { defineSuite } from '../dsl/scenario.js';
import { ENTRANCES } from '../dsl/scenarioProperty.js';

export default defineSuite('revocation', 'Revocation to an offline lock', [
  {
    title: 'a revoked stay keeps opening until another phone carries the blocklist, then REVOKED',
    portable: true,
    run: async (w) => {
      const ada = await w.guest('Ada Guest');
      await ada.stay({ entrances: [ENTRANCES.room101] });
      const adaPhone = await w.phone('ada', ENTRANCES.room101);
      await adaPhone.openKey(await ada.instantKey());
      const staff = await w.guest('Sam Housekeeping');
      await staff.stay({ entrances: [ENTRANCES.room101], nights: 30 });
      const staffPhone = await w.phone('sam', { x: 0, y: 2 });
      await staffPhone.openKey(await staff.instantKey());

      await ada.revoke();
      w.expectEqual((await adaPhone.attempt(ENTRANCES.room101, { blocklist: false })).toString(), 'GRANTED', 'the offline lock does not know yet');
      await staffPhone.reload();
      w.expectEqual((await staffPhone.unlock(ENTRANCES.room101)).codeName, 'GRANTED', 'housekeeping opens the room and delivers the blocklist');
      w.expectEqual(await adaPhone.attempt(ENTRANCES.room101, { blocklist: false }), 'REVOKED', 'the revoked key at the lock');
      if (w.emulated) w.expectEqual(w.lockAudit(ENTRANCES.room101).map((a) => a.result), ['GRANTED', 'GRANTED', 'REVOKED'], 'room lock audit');
    },
  },
]);
