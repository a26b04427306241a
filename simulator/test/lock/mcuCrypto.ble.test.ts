/**
 * The lock's MCU crypto time on the air, with real bleno and noble: on a modeled air the handshake
 * takes longer by about the crypto the lock charges; in fast mode nothing is charged. Functional
 * checks of the charging on simulated clocks (the same seed twice), not timing asserts on wall time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, type HandshakeOutcome } from '@keyrig/protocol';
import { Air, type TimingMode } from '../../src/air/index.js';
import { NRF52840_CRYPTO, type McuOption } from '../../src/lock/mcuCrypto.js';
import { startLock } from '../../src/lock/startLock.js';
import { connectPhone, findLock, startNoble, type Noble } from './blePhone.js';
import { silentLogger, T0 } from './fixtures.js';
import { issueKey, makeProvider, provisionLock, type PhoneKey, type Provider } from './world.js';
import type { LockProvisioning } from '../../src/property/provisioning.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

interface World {
  readonly provider: Provider;
  readonly provisioning: LockProvisioning;
  readonly key: PhoneKey;
}

async function world(): Promise<World> {
  const provider = await makeProvider();
  const provisioning = await provisionLock(provider, 'door');
  return { provider, provisioning, key: await issueKey(provider, [provisioning.lock_id]) };
}

/** One handshake on a fresh air: the phone's and the lock's simulated clocks around it. */
async function handshake(w: World, timing: TimingMode, mcu: McuOption, airClock?: ManualClock) {
  const clock = new ManualClock(T0);
  const air = new Air({ seed: 11, timing, ...(airClock ? { clock: airClock } : {}) });
  const lock = await startLock({ provisioning: w.provisioning, air, clock, logger: silentLogger, mcu });
  let noble: Noble | undefined;
  cleanups.push(async () => {
    noble?.stop();
    await lock.close();
    await air.close();
  });
  noble = await startNoble(air, 'phone');
  const { peripheral } = await findLock(noble, w.provisioning.lock_id);
  const phone = await connectPhone({ peripheral, key: w.key, providerKeys: w.provider.keys, clock, lockId: w.provisioning.lock_id, start: false });
  cleanups.push(() => phone.disconnect());
  const start = air.simTimeOf('phone');
  const outcome: HandshakeOutcome = await phone.session.start();
  return { outcome, phoneMs: air.simTimeOf('phone') - start, lockSimTime: air.simTimeOf(`lock-${w.provisioning.lock_id}`) };
}

describe('lock MCU crypto time on the air', () => {
  it('floor timing: the nRF52840 lock takes about its crypto time longer to hand-shake than mcu none', async () => {
    const w = await world();
    const none = await handshake(w, 'floor', 'none');
    const nrf = await handshake(w, 'floor', 'nrf52840');
    expect(none.outcome.ok).toBe(true);
    expect(nrf.outcome.ok).toBe(true);
    const p = NRF52840_CRYPTO;
    const crypto = p.keygenMs + p.signMs + p.ecdhMs + 2 * p.verifyMs; // 72 ms before the two replies
    const C = 7.5;
    // Each reply already waits two connection events for nothing (write response, turnaround), so
    // the crypto shows less that, plus up to an event of rounding per reply (docs/LOCK.md).
    const slower = nrf.phoneMs - none.phoneMs;
    expect(slower).toBeGreaterThanOrEqual(crypto - 4 * C);
    expect(slower).toBeLessThanOrEqual(crypto + 2 * C);
  });

  it('fast mode charges nothing: the lock controller clock stays on the (frozen) air clock', async () => {
    const w = await world();
    const frozen = new ManualClock(0);
    const r = await handshake(w, 'fast', 'nrf52840', frozen);
    expect(r.outcome.ok).toBe(true);
    // A hold would have moved the lock's clock to at least the crypto time of LOCK_AUTH.
    expect(r.lockSimTime).toBe(0);
  });
});
