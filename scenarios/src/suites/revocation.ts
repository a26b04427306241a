/**
 * Revocation reaching an offline lock: the blocklist travels on another phone. A lock ignores an
 * older list a phone carries and decides on the newer one it holds (PROTOCOL.md §9, issue #16).
 * A lock provisioned after a revocation (its provisioning carries the list) is checked by the
 * conformance suite (KR/LOCK/ACC/BI-06-C) and simulator/test/cloud/provisioningBlocklist.test.ts.
 */
import { defineSuite } from '../dsl/scenario.js';
import { ENTRANCES } from '../dsl/scenarioProperty.js';

export default defineSuite('revocation', 'Revocation to an offline lock', [
  {
    title: 'a revoked stay keeps opening until another phone carries the blocklist, then REVOKED on the app path',
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
      // Ada's phone still carries the list it loaded before the revocation: nothing names her yet.
      w.expectEqual((await adaPhone.unlock(ENTRANCES.room101)).codeName, 'GRANTED', 'the offline lock does not know yet');
      await staffPhone.reload();
      w.expectEqual((await staffPhone.unlock(ENTRANCES.room101)).codeName, 'GRANTED', 'housekeeping opens the room and delivers the blocklist');
      // The app carries Ada's older list: the lock ignores it and decides on its newer one.
      w.expectEqual((await adaPhone.unlock(ENTRANCES.room101)).codeName, 'REVOKED', 'the revoked key at the lock (not STALE_BLOB)');
      if (w.emulated) w.expectEqual(w.lockAudit(ENTRANCES.room101).map((a) => a.result), ['GRANTED', 'GRANTED', 'REVOKED'], 'room lock audit');
    },
  },
  {
    title: 'a valid offline guest still opens after an unrelated revocation reached the lock',
    portable: true,
    run: async (w) => {
      const ada = await w.guest('Ada Guest');
      await ada.stay({ entrances: [ENTRANCES.room101, ENTRANCES.elevator] });
      const adaPhone = await w.phone('ada', ENTRANCES.elevator);
      await adaPhone.openKey(await ada.instantKey());
      const bob = await w.guest('Bob Guest');
      await bob.stay({ entrances: [ENTRANCES.room102, ENTRANCES.elevator] });
      const bobPhone = await w.phone('bob', { x: 0, y: 2 });
      await bobPhone.openKey(await bob.instantKey());
      bobPhone.moveTo(ENTRANCES.elevator);

      await bob.revoke();
      // Another guest loads the new list and carries it to the elevator (no opening hours: the
      // scenario is portable, real locks keep real time).
      const carrier = await w.guest('Cy Guest');
      await carrier.stay({ entrances: [ENTRANCES.elevator] });
      const carrierPhone = await w.phone('cy', { x: 0, y: 3 });
      await carrierPhone.openKey(await carrier.instantKey());
      carrierPhone.moveTo(ENTRANCES.elevator);
      w.expectEqual((await carrierPhone.unlock(ENTRANCES.elevator)).codeName, 'GRANTED', 'a phone with the newer blocklist at the elevator');

      // Ada never reloaded (offline): her list is older than the elevator's. Before issue #16 the lock
      // answered STALE_BLOB (audited) and an offline phone could not recover.
      w.expectEqual((await adaPhone.unlock(ENTRANCES.elevator)).codeName, 'GRANTED', 'the valid guest with an older list');
      w.expectEqual((await bobPhone.unlock(ENTRANCES.elevator)).codeName, 'REVOKED', 'the revoked guest, also with his older list');
      // Exactly one session per tap: no STALE_BLOB refusal before Ada's grant.
      if (w.emulated) w.expectEqual(w.lockAudit(ENTRANCES.elevator).map((a) => a.result), ['GRANTED', 'GRANTED', 'REVOKED'], 'elevator reader audit');
    },
  },
]);
