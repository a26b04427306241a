/**
 * A malicious but authenticated phone (a guest's own phone, modified) that never reads: it has
 * the session keys, seals hundreds of FETCH_AUDIT commands back to back without waiting, and
 * leaves every answer queued at the lock (no notifications, no reads — §2 read-pull). The
 * lock's queue is capped (1024 fragments, ResponseQueue); past it the lock ends that phone's
 * session (as INTERNAL_ERROR today; §2 allows a disconnect) — no crash, no unbounded memory, no
 * session slot kept — and serves the next phone.
 */
import { describe, expect, it } from 'vitest';
import {
  CommandOp,
  encodeCommand,
  generateEphemeralKeyPair,
  MessageType,
  NO_CREDENTIAL_ID,
  ResultCode,
  sealMessage,
} from '@keyrig/protocol';
import { waitUntil } from '@keyrig/testkit';
import { attackLock, connectThrough } from './attacks/attackRig.js';
import { stolenSessionKeys } from './attacks/stolenSessionKeys.js';

describe('a phone that floods commands and never reads the answers', () => {
  it('is cut off at the response queue cap; the lock stays healthy and serves the next phone', async () => {
    const lock = await attackLock();
    // A full audit ring, so each FETCH_AUDIT answer is large (24 records, ~60 fragments at MTU 23).
    for (let i = 0; i < 256; i++) lock.firmware.recordAttempt({ code: ResultCode.MALFORMED, reason: 'seed', time: lock.clock.now(), credentialId: NO_CREDENTIAL_ID });
    const ephemeral = await generateEphemeralKeyPair(true);
    const c = connectThrough(lock, await lock.key(), {}, { mtu: 23, ephemeralKeys: async () => ephemeral });
    expect((await c.handshake).ok).toBe(true);
    // The phone's own session keys (§7.4), as its modified app would hold them.
    const keys = await stolenSessionKeys(c.fromPhone, c.fromLock, ephemeral);
    c.connection.responses.unsubscribe();
    for (let counter = 2; counter < 2 + 40; counter++) {
      await c.inject(await sealMessage(keys.phoneToLock, 'phoneToLock', MessageType.COMMAND, counter, encodeCommand({ op: CommandOp.FETCH_AUDIT, fromSequence: 1 })));
    }
    await waitUntil(() => lock.firmware.sessions.inUse === 0, 'the lock to end the flooding phone\'s session');
    expect(c.connection.responses.pending).toBeLessThanOrEqual(1024);
    expect(lock.firmware.sessions.inUse).toBe(0);
    c.close();
    const next = connectThrough(lock, await lock.key());
    expect((await next.handshake).ok).toBe(true);
    expect((await next.phone.unlock()).codeName).toBe('GRANTED');
    next.close();
  });
});
