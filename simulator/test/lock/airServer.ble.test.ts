/** A lock joining an air server by URL (`keyrig lock run --air URL`), found and opened by a phone on that air. */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '@keyrig/protocol';
import { Air, AirServer } from '../../src/air/index.js';
import { startLock, type RunningLock } from '../../src/lock/startLock.js';
import { connectPhone, findLock, startNoble, type Noble } from './blePhone.js';
import { silentLogger, T0 } from './fixtures.js';
import { issueKey, makeProvider, provisionLock } from './world.js';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
  cleanup = [];
});

describe('lock on an air server', () => {
  it('attaches over TCP and serves a phone', async () => {
    const clock = new ManualClock(T0);
    const air = new Air({ seed: 3 });
    const server = new AirServer(air, silentLogger);
    cleanup.push(() => air.close(), () => server.close());
    const url = await server.listen({ port: 0, host: '127.0.0.1' });
    const provider = await makeProvider();
    const provisioning = await provisionLock(provider, 'door');
    const lock: RunningLock = await startLock({ provisioning, airUrl: url, clock, logger: silentLogger });
    cleanup.push(() => lock.close());
    expect(lock.radio).toBe(`air:${url}`);
    const noble: Noble = await startNoble(air, 'phone');
    cleanup.push(async () => noble.stop());
    const { peripheral } = await findLock(noble, provisioning.lock_id);
    const phone = await connectPhone({ peripheral, key: await issueKey(provider, [provisioning.lock_id]), providerKeys: provider.keys, clock, lockId: provisioning.lock_id });
    cleanup.push(() => phone.disconnect());
    expect((await phone.handshake).ok).toBe(true);
    expect((await phone.session.unlock()).codeName).toBe('GRANTED');
  });
});
