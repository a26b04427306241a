/**
 * Every decoder a hostile peer can reach, fed random and near-valid bytes: it returns a value or
 * throws a typed KeyrigError (MALFORMED data, never a TypeError/RangeError that would crash a
 * lock or a phone); verification functions answer as data. Seeds are printed by fast-check on
 * failure; KEYRIG_FUZZ_RUNS raises the budget.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeAuditRecord,
  decodeAuditRecords,
  decodeBlocklist,
  decodeClearError,
  decodeCommand,
  decodeCredentialDocument,
  decodeEncryptedEnvelope,
  decodeHello,
  decodeLockAuth,
  decodeLockCertificate,
  decodeLockInfo,
  decodeManufacturerData,
  decodePhoneAuthPayload,
  decodeResult,
  decodeSessionReady,
  decodeSignedEnvelope,
  decodeTimeSync,
  decodeTlv,
  findKeyrigAdvertisement,
  KeyrigError,
  parseAdStructures,
  verifyBlocklist,
  verifyCredentialDocument,
  verifyLockCertificate,
  verifyTimeSync,
} from '../../src/index.js';

const RUNS = Number(process.env.KEYRIG_FUZZ_RUNS ?? 2000);

/** Random bytes, and TLV-shaped bytes (tags, lying lengths, nesting) that get past the first check. */
const tlvish: fc.Arbitrary<Uint8Array> = fc.letrec<{ b: Uint8Array }>((tie) => ({
  b: fc.oneof(
    { depthSize: 'small' },
    fc.uint8Array({ maxLength: 120 }),
    fc
      .array(fc.tuple(fc.integer({ min: 0, max: 0x90 }), fc.oneof(fc.uint8Array({ maxLength: 70 }), tie('b')), fc.constantFrom(0, 0, 0, 1, -1, 500)), { maxLength: 8 })
      .map((fields) =>
        Uint8Array.from(
          fields.flatMap(([tag, v, lie]) => {
            const n = Math.max(0, Math.min(0xffff, v.length + lie));
            return [tag, n & 0xff, n >> 8, ...v];
          }),
        ),
      ),
  ),
})).b;
const input = fc.oneof(tlvish, tlvish.map((b) => Uint8Array.of(0x01, ...b)), tlvish.map((b) => Uint8Array.of(0x02, ...b)), tlvish.map((b) => Uint8Array.of(0x7f, ...b)));

const decoders: [string, (b: Uint8Array) => unknown][] = [
  ['decodeTlv', decodeTlv],
  ['decodeHello', decodeHello],
  ['decodeLockAuth', decodeLockAuth],
  ['decodeClearError', decodeClearError],
  ['decodeEncryptedEnvelope', decodeEncryptedEnvelope],
  ['decodePhoneAuthPayload', decodePhoneAuthPayload],
  ['decodeSessionReady', decodeSessionReady],
  ['decodeCommand', decodeCommand],
  ['decodeResult', decodeResult],
  ['decodeAuditRecords', decodeAuditRecords],
  ['decodeAuditRecord', decodeAuditRecord],
  ['decodeSignedEnvelope', decodeSignedEnvelope],
  ['decodeCredentialDocument', decodeCredentialDocument],
  ['decodeLockCertificate', decodeLockCertificate],
  ['decodeBlocklist', decodeBlocklist],
  ['decodeTimeSync', decodeTimeSync],
  ['decodeLockInfo', decodeLockInfo],
  ['decodeManufacturerData', decodeManufacturerData],
  ['parseAdStructures', parseAdStructures],
];

describe('decoders refuse hostile bytes as typed errors', () => {
  for (const [name, decode] of decoders) {
    it(`${name}: returns or throws KeyrigError (${RUNS} inputs)`, () => {
      fc.assert(
        fc.property(input, (bytes) => {
          try {
            decode(bytes);
          } catch (e) {
            if (!(e instanceof KeyrigError)) throw new Error(`${name} threw ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
          }
        }),
        { numRuns: RUNS },
      );
    });
  }

  it('findKeyrigAdvertisement never throws: malformed data is "not a keyrig lock" (§1.3)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 }), (manufacturerData, raw) => {
        expect(() => findKeyrigAdvertisement({ manufacturerData })).not.toThrow();
        expect(() => findKeyrigAdvertisement({ manufacturerData: raw.subarray(0, 2) })).not.toThrow();
      }),
      { numRuns: RUNS },
    );
  });

  it('verification answers as data for any bytes (documents, certificates, blobs)', async () => {
    const keys = new Map<string, CryptoKey>();
    await fc.assert(
      fc.asyncProperty(input, async (bytes) => {
        for (const r of [await verifyCredentialDocument(bytes, keys), await verifyBlocklist(bytes, keys), await verifyTimeSync(bytes, keys)]) {
          expect(r.ok).toBe(false);
        }
        const cert = await verifyLockCertificate(bytes, keys).catch((e: unknown) => e);
        if (cert instanceof Error) expect(cert).toBeInstanceOf(KeyrigError);
      }),
      { numRuns: Math.ceil(RUNS / 4) },
    );
  });
});
