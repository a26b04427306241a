/**
 * Hostile input never crashes a session: random messages in every state end in a clean refusal
 * (state closed, an ERROR sent, the end reported as data) or are handled as valid.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MessageType } from '../src/messages/MessageType.js';
import { makePair } from './world.js';

const messageArb = fc.oneof(
  fc.uint8Array({ maxLength: 120 }),
  fc.tuple(fc.constantFrom(...Object.values(MessageType)), fc.uint8Array({ maxLength: 120 })).map(([t, rest]) => Uint8Array.of(t, ...rest)),
);

describe('sessions survive hostile input', () => {
  it('a lock session in awaitHello, awaitPhoneAuth or ready never throws and always ends as data', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('awaitHello', 'awaitPhoneAuth', 'ready'), messageArb, async (state, message) => {
        const p = await makePair({ toLock: (m) => (state === 'awaitPhoneAuth' && m[0] === MessageType.PHONE_AUTH ? undefined : m) });
        if (state !== 'awaitHello') {
          void p.phoneSession.start();
          await p.settle();
        }
        expect(p.lockSession.state).toBe(state);
        await expect(p.lockSession.receive(message)).resolves.toBeUndefined();
        await p.settle();
        if (p.lockSession.state === 'closed') expect(p.ends.lock?.codeName).toBeDefined();
      }),
      { numRuns: 60 },
    );
  });

  it('a phone session waiting for LOCK_AUTH or a RESULT never throws', async () => {
    await fc.assert(
      fc.asyncProperty(fc.boolean(), messageArb, async (ready, message) => {
        const p = await makePair({ toLock: (m) => (!ready && m[0] === MessageType.HELLO ? undefined : m) });
        const hs = p.phoneSession.start();
        if (ready) await hs;
        await expect(p.phoneSession.receive(message)).resolves.toBeUndefined();
        await p.settle();
        expect(['closed', 'awaitLockAuth', 'ready', 'awaitSessionReady']).toContain(p.phoneSession.state);
      }),
      { numRuns: 60 },
    );
  });
});
