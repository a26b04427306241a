/**
 * Stay changes the phone must follow (issue #16 items 4 and 6, docs/CLIENT.md P1–P3 and
 * docs/CLOUD.md C1): a future stay booked beside the current one, a stay extended after the key
 * expired, and a refused tap that reloads without anything new (one refusal, not two).
 */
import { accessNearby, KeyHolder, MemoryKeyStore } from '@keyrig/client';
import { defineSuite } from '../dsl/scenario.js';
import { DAY, HOUR } from '../dsl/worldTime.js';
import { ENTRANCES } from '../dsl/scenarioProperty.js';
import type { World } from '../dsl/World.js';

const MINUTE = 60_000;

/** What the room lock audited, after the first `skip` records (oldest first). */
function roomAudit(w: World, skip = 0): { result: string; credentialId: string }[] {
  return w.lockAudit(ENTRANCES.room101).slice(skip).map((a) => ({ result: a.result, credentialId: a.credentialId }));
}

export default defineSuite('stay-changes', 'Stay changes: future stays, late extensions, retries', [
  {
    title: 'a future stay booked: the guest opens now with the current stay, then with the future one at its start',
    run: async (w) => {
      const ada = await w.guest('Ada Guest');
      await ada.stay({ entrances: [ENTRANCES.room101], nights: 2 });
      const phone = await w.phone('ada', ENTRANCES.room101);
      await phone.openKey(await ada.instantKey());
      const current = phone.credentialFor(ENTRANCES.room101);

      // The hotel books her next stay in ten days (a new guest stay: override, a higher sequence).
      const futureStart = w.clock.now() + 10 * DAY;
      await ada.stay({ entrances: [ENTRANCES.room101], nights: 1, startsAt: futureStart, keyMode: 'override' });
      const held = await phone.reload();
      const lockId = w.lockId(ENTRANCES.room101);
      const future = held.find((c) => c.document.credentialId !== current.document.credentialId && c.document.notBefore === futureStart);
      w.check(future !== undefined, 'the phone holds the future stay too');
      w.check(
        (future!.document.keySequences?.[lockId] ?? -1) > (current.document.keySequences?.[lockId] ?? -1),
        'the future stay carries the higher key sequence for the door',
      );

      const first = w.lockAudit(ENTRANCES.room101).length;
      w.expectEqual((await phone.unlock(ENTRANCES.room101)).codeName, 'GRANTED', 'the guest opens now');
      w.expectEqual(roomAudit(w, first), [{ result: 'GRANTED', credentialId: current.document.credentialId }], 'presented: the current stay');

      w.travel(futureStart + HOUR - w.clock.now(), 'the future stay has begun');
      const second = w.lockAudit(ENTRANCES.room101).length;
      w.expectEqual((await phone.unlock(ENTRANCES.room101)).codeName, 'GRANTED', 'the guest opens at the future stay');
      w.expectEqual(roomAudit(w, second).map((a) => a.credentialId), [future!.document.credentialId], 'presented: the future stay');
    },
  },
  {
    title: 'a stay extended after the key expired: the phone reloads and opens',
    run: async (w) => {
      const ada = await w.guest('Ada Guest');
      await ada.stay({ entrances: [ENTRANCES.room101], nights: 1 });
      const phone = await w.phone('ada', ENTRANCES.room101);
      await phone.openKey(await ada.instantKey()); // no expires_at: the key follows the stay
      w.travel(ada.endsAt + HOUR - w.clock.now(), 'an hour after checkout: the key expired with the stay');
      w.expectEqual((await phone.unlock(ENTRANCES.room101)).codeName, 'EXPIRED', 'after checkout');

      await ada.changeCheckout(ada.endsAt + 2 * DAY); // the front desk extends the stay
      const held = await phone.reload();
      w.check(held.some((c) => c.document.notAfter === ada.endsAt), 'the reload brings the extended stay', JSON.stringify(held.map((c) => c.document.notAfter)));
      w.expectEqual((await phone.unlock(ENTRANCES.room101)).codeName, 'GRANTED', 'the guest opens again');
    },
  },
  {
    title: 'superseded while offline: the failed reload ends the tap with one refusal at the lock',
    run: async (w) => {
      const ada = await w.guest('Ada Guest');
      await ada.stay({ entrances: [ENTRANCES.room101] });
      const phone = await w.phone('ada', ENTRANCES.room101);
      // Ada's app, with a network switch: the same client core the DSL phone runs.
      let online = true;
      const holder = await KeyHolder.open({
        instantKeyUrl: await ada.instantKey(),
        keyStore: new MemoryKeyStore(),
        clock: w.clock,
        logger: w.logger,
        userAgent: 'scenario ada (offline-capable)',
        fetch: (input, init) => (online ? fetch(input, init) : Promise.reject(new TypeError('fetch failed: no signal'))),
      });
      await holder.loadCredentials();
      const tap = async () =>
        (await accessNearby({ central: phone.central, keyHolder: holder, target: { kind: 'named', name: ENTRANCES.room101 }, clock: w.clock, logger: w.logger, scanTimeoutMs: 4000 })).outcomes[0]?.codeName;
      w.expectEqual(await tap(), 'GRANTED', 'Ada opens her room');

      // The room goes to Bob (override); his first use supersedes Ada's key at the door.
      const bob = await w.guest('Bob Nextguest');
      await bob.stay({ entrances: [ENTRANCES.room101], keyMode: 'override' });
      const bobPhone = await w.phone('bob', { x: 0, y: 2 });
      await bobPhone.openKey(await bob.instantKey());
      w.expectEqual((await bobPhone.unlock(ENTRANCES.room101)).codeName, 'GRANTED', "Bob's first use");

      const adaId = holder.wallet!.credentials[0]!.document.credentialId;
      const adaRefusals = () => roomAudit(w).filter((a) => a.credentialId === adaId && a.result === 'SUPERSEDED').length;
      online = false;
      w.timeline.fault("Ada's phone loses its signal");
      w.expectEqual(await tap(), 'SUPERSEDED', 'Ada offline');
      w.expectEqual(adaRefusals(), 1, 'one SUPERSEDED audited for the tap (the failed reload does not retry)');
      online = true;
      w.timeline.fault("Ada's phone is back online");
      w.expectEqual(await tap(), 'SUPERSEDED', 'Ada online: the reload brings nothing newer');
      w.expectEqual(adaRefusals(), 2, 'one more for this tap (the unchanged reload does not retry)');
    },
  },
  {
    title: "back-to-back stays at a lock running ten minutes fast: refused EXPIRED, the app reconnects once with the stay valid at the lock's time",
    locks: { [ENTRANCES.room101]: { behaviour: { clockOffsetMs: 10 * MINUTE } } },
    run: async (w) => {
      const ada = await w.guest('Ada Guest');
      await ada.stay({ entrances: [ENTRANCES.room101], nights: 1 });
      const firstEnds = ada.endsAt;
      await ada.stay({ entrances: [ENTRANCES.room101], nights: 1, startsAt: firstEnds, keyMode: 'override' }); // she stays on
      const phone = await w.phone('ada', ENTRANCES.room101);
      const holder = await KeyHolder.open({ instantKeyUrl: await ada.instantKey(), keyStore: new MemoryKeyStore(), clock: w.clock, logger: w.logger, userAgent: 'scenario ada' });
      w.travel(firstEnds - 5 * MINUTE - w.clock.now(), 'five minutes before the first checkout (the lock reads five past)');
      const wallet = (await holder.loadCredentials()).wallet;
      w.expectEqual(wallet.credentials.length, 2, 'the phone holds both stays');
      const lockId = w.lockId(ENTRANCES.room101);
      // The app already carried this time sync to the lock (each lock takes one once, §9): this tap
      // carries none, so the lock's fast clock stands.
      holder.courier.delivered(lockId, wallet.timeSync);
      const [first, second] = [...wallet.credentials].sort((a, b) => a.document.notBefore - b.document.notBefore);
      const before = w.lockAudit(ENTRANCES.room101).length;
      const report = await accessNearby({ central: phone.central, keyHolder: holder, target: { kind: 'named', name: ENTRANCES.room101 }, clock: w.clock, logger: w.logger, scanTimeoutMs: 4000 });
      w.expectEqual(report.outcomes[0]?.codeName, 'GRANTED', "the tap's result");
      w.expectEqual(
        roomAudit(w, before),
        [
          { result: 'EXPIRED', credentialId: first!.document.credentialId },
          { result: 'GRANTED', credentialId: second!.document.credentialId },
        ],
        "the lock's audit: the first stay (the phone's choice) refused, then the second (the choice at the lock's time)",
      );
    },
  },
]);
