/** fast-check arbitraries for the protocol's structures (shared by codec round-trip tests). */
import fc from 'fast-check';
import { bytesToUuid } from '../src/bytes.js';
import type { CredentialDocument } from '../src/credential/CredentialDocument.js';

export const uuidArb = fc.uint8Array({ minLength: 16, maxLength: 16 }).map(bytesToUuid);
export const pointArb = fc.uint8Array({ minLength: 64, maxLength: 64 }).map((b) => Uint8Array.from([4, ...b]));
export const keyIdArb = fc.stringMatching(/^[\x21-\x7e]{1,32}$/);
export const timeArb = fc.integer({ min: 0, max: 2 ** 52 });
export const u32Arb = fc.integer({ min: 0, max: 0xffff_ffff });

export const scheduleWindowArb = fc
  .record({ days: fc.integer({ min: 0, max: 127 }), a: fc.integer({ min: 0, max: 1439 }), len: fc.integer({ min: 1, max: 1440 }) })
  .map(({ days, a, len }) => ({ days, startMinute: a, endMinute: Math.min(1440, a + len) }));

export const credentialDocumentArb: fc.Arbitrary<CredentialDocument> = fc
  .record({
    credentialId: uuidArb,
    userIdentityId: fc.string({ maxLength: 20 }),
    accessGrantId: fc.string({ maxLength: 20 }),
    endpointPublicKey: pointArb,
    entrances: fc.array(uuidArb, { maxLength: 5 }),
    floors: fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 8 }),
    notBefore: fc.integer({ min: 0, max: 2 ** 50 }),
    span: fc.integer({ min: 1, max: 2 ** 40 }),
    schedule: fc.array(scheduleWindowArb, { maxLength: 4 }),
    keySequences: fc.dictionary(uuidArb, u32Arb, { maxKeys: 3 }),
    issuedAt: timeArb,
    maxUsesPerDay: fc.option(fc.integer({ min: 0, max: 0xffff }), { nil: undefined }),
    keyId: keyIdArb,
  })
  .map(({ span, maxUsesPerDay, ...r }) => {
    const doc: CredentialDocument = { ...r, notAfter: r.notBefore + span };
    return maxUsesPerDay === undefined ? doc : { ...doc, maxUsesPerDay };
  });
