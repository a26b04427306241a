/**
 * Found by the lock fuzz harness's slot check: a connection closed right after the phone's first
 * message (HELLO written, then the link dropped) started its session after the close, taking a
 * session slot that only the idle timeout (10 s of lock time) gave back — two such phones made a
 * default lock (2 slots) BUSY for everyone. The connection must never hold a slot once closed.
 */
import { describe, expect, it } from 'vitest';
import { encodeHello, Fragmenter } from '@keyrig/protocol';
import { LockConnection } from '../../src/lock/ble/LockConnection.js';
import { FirmwareSession } from '../../src/lock/session/FirmwareSession.js';
import { silentLogger } from '../lock/fixtures.js';
import { attackLock } from './attacks/attackRig.js';

describe('a connection closed right after its first message', () => {
  it('holds no session slot, and the lock is not BUSY for the next phone', async () => {
    const lock = await attackLock();
    for (let i = 0; i < 3; i++) {
      const c = new LockConnection({
        id: `hang-up-${i}`,
        clock: lock.firmware.rtc,
        logger: silentLogger,
        faults: lock.firmware.faults,
        maxMessageSize: 2048,
        mtu: () => 185,
        acquireSlot: () => lock.firmware.openSession(),
        createSession: (slot, send) => new FirmwareSession({ firmware: lock.firmware, keys: lock.keys, slot, send, logger: silentLogger }),
      });
      for (const f of new Fragmenter({ mtu: 185 }).fragment(encodeHello({ versions: [1], features: 0 }))) c.receiveFragment(f);
      c.close();
    }
    for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 5));
    expect(lock.firmware.sessions.inUse).toBe(0);
    expect(lock.firmware.flags().busy).toBe(false);
  });
});
