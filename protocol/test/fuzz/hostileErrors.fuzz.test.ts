/**
 * A lock (or anyone on the link before the session is encrypted) can send a clear ERROR with any
 * code. Found by the client fuzz (client/test/robustness): an ERROR carrying GRANTED (0x00) made
 * the phone's handshake end with code GRANTED, and the client reported the door as opened.
 * An ERROR is a refusal by definition (§4.6, §7.8): whatever code it carries, the phone's outcome
 * must not be GRANTED.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeClearError, generateSigningKeyPair, ManualClock, PhoneSession, ResultCode } from '../../src/index.js';

describe('a clear ERROR from the lock is never a grant', () => {
  it('for every code 0..255 and any reason, during the handshake', async () => {
    const endpointKey = await generateSigningKeyPair(false);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 255 }), fc.option(fc.string({ maxLength: 64 })), async (code, reason) => {
        const phone = new PhoneSession({
          clock: new ManualClock(0),
          credential: { bytes: new Uint8Array(1), document: {} as never },
          endpointKey,
          providerKeys: new Map(),
          expectedLockId: '00000000-0000-4000-8000-000000000001',
          send: () => {},
        });
        const hs = phone.start();
        await phone.receive(encodeClearError({ code, ...(reason !== null ? { reason: reason.slice(0, 20) } : {}) }));
        const out = await hs;
        expect(out.ok).toBe(false);
        expect(out.ok ? 'ok' : out.code).not.toBe(ResultCode.GRANTED);
      }),
      { numRuns: 300 },
    );
  });
});
