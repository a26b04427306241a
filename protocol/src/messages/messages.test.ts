import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pointArb, timeArb, u32Arb, uuidArb } from '../../test/arbitraries.js';
import { toHex } from '../bytes.js';
import { encodeAuditRecord } from '../audit/AuditRecord.js';
import { sealAuditRecords } from '../audit/sealedAuditRecord.js';
import { exportPublicKeyRaw, generateEphemeralKeyPair, generateSigningKeyPair } from '../crypto/keys.js';
import { encodeTlv, tlvBytes, tlvU32, tlvU8 } from '../tlv.js';

const uuidArbSample = '11111111-2222-4333-8444-555555555555';
import { importAesKey } from '../crypto/aesGcm.js';
import { MalformedMessageError } from '../errors.js';
import { decodeEncryptedEnvelope, openEnvelope, sealMessage } from './encryptedEnvelope.js';
import {
  decodeClearError,
  decodeHello,
  decodeLockAuth,
  encodeClearError,
  encodeHello,
  encodeLockAuth,
} from './handshakeMessages.js';
import { MessageType } from './MessageType.js';
import {
  decodeAuditRecords,
  decodeCommand,
  decodePhoneAuthPayload,
  decodeResult,
  decodeSessionReady,
  encodeAuditRecords,
  encodeCommand,
  encodePhoneAuthPayload,
  encodeResult,
  encodeSessionReady,
} from './sessionPayloads.js';

const versionsArb = fc.array(fc.integer({ min: 1, max: 255 }), { minLength: 1, maxLength: 16 });
const bytesArb = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
const floorsArb = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 10 });

function roundTrip<T>(arb: fc.Arbitrary<T>, encode: (v: T) => Uint8Array, decode: (b: Uint8Array) => T): void {
  fc.assert(
    fc.property(arb, (v) => {
      expect(decode(encode(v))).toEqual(v);
    }),
  );
}

describe('message codecs round-trip (fast-check)', () => {
  it('HELLO', () => roundTrip(fc.record({ versions: versionsArb, features: u32Arb }), encodeHello, decodeHello));
  it('LOCK_AUTH', () =>
    roundTrip(
      fc.record({
        selectedVersion: fc.integer({ min: 1, max: 255 }),
        lockVersions: versionsArb,
        lockEphemeralKey: pointArb,
        transactionId: bytesArb(16),
        lockId: uuidArb,
        certificate: fc.uint8Array({ maxLength: 300 }),
        lockTime: timeArb,
        signature: bytesArb(64),
      }),
      encodeLockAuth,
      decodeLockAuth,
    ));
  it('ERROR', () =>
    roundTrip(
      fc.record({ code: fc.integer({ min: 0, max: 255 }), reason: fc.option(fc.string({ maxLength: 16 }), { nil: undefined }) }).map((e) =>
        e.reason === undefined ? { code: e.code } : e,
      ),
      encodeClearError,
      decodeClearError,
    ));
  it('PHONE_AUTH payload', () =>
    roundTrip(
      fc
        .record({
          credential: fc.uint8Array({ maxLength: 400 }),
          endpointSignature: bytesArb(64),
          blocklist: fc.option(fc.uint8Array({ maxLength: 50 }), { nil: undefined }),
          timeSync: fc.option(fc.uint8Array({ maxLength: 50 }), { nil: undefined }),
          timeSyncAgeMs: fc.option(u32Arb, { nil: undefined }),
        })
        // The age travels only with a time sync (§4.5).
        .map((p) => (p.timeSync === undefined ? { ...p, timeSyncAgeMs: undefined } : p))
        .map((p) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) as typeof p),
      encodePhoneAuthPayload,
      decodePhoneAuthPayload,
    ));
  it('PHONE_AUTH payload: the time sync age is a u32 under optional tag 0x85 (locks that predate it skip it), and only with a time sync', () => {
    const base = { credential: Uint8Array.of(1), endpointSignature: new Uint8Array(64) };
    const body = encodePhoneAuthPayload({ ...base, timeSync: Uint8Array.of(9), timeSyncAgeMs: 60_000 });
    // ... | 04 01 00 09 | 85 04 00 60 ea 00 00
    expect(toHex(body.slice(-11))).toBe('04010009' + '850400' + '60ea0000');
    expect(() => encodePhoneAuthPayload({ ...base, timeSyncAgeMs: 1 })).toThrow(MalformedMessageError);
    const orphan = Uint8Array.from([...encodePhoneAuthPayload(base), 0x85, 4, 0, 1, 0, 0, 0]);
    expect(() => decodePhoneAuthPayload(orphan)).toThrow(/time_sync_age/);
  });
  it('SESSION_READY', () => roundTrip(fc.record({ lockTime: timeArb, auditHighWater: u32Arb }), encodeSessionReady, decodeSessionReady));
  it('COMMAND', () =>
    roundTrip(
      fc.oneof(
        fc.constant({ op: 1 as const }),
        fc.record({ op: fc.constant(2 as const), floors: fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 1, maxLength: 8 }) }),
        fc.record({ op: fc.constant(3 as const), fromSequence: u32Arb }),
      ),
      encodeCommand,
      decodeCommand,
    ));
  it('RESULT', () =>
    roundTrip(
      fc
        .record({
          code: fc.integer({ min: 0, max: 255 }),
          grantedFloors: floorsArb,
          lockTime: timeArb,
          auditSequence: u32Arb,
          relockTime: fc.option(timeArb, { nil: undefined }),
        })
        .map((r) => (r.relockTime === undefined ? { code: r.code, grantedFloors: r.grantedFloors, lockTime: r.lockTime, auditSequence: r.auditSequence } : r)),
      encodeResult,
      decodeResult,
    ));
  it('AUDIT_RECORDS carries sealed records (§10.1) and the phone reads their lock id and sequence', async () => {
    const lock = await generateSigningKeyPair(false);
    const audit = await generateEphemeralKeyPair(false);
    const auditKey = { keyId: 'audit-1', publicKey: await exportPublicKeyRaw(audit.publicKey) };
    const lockId = '0b2c4d6e-8f00-4a1b-9c2d-3e4f5a6b7c8d';
    const recs = [1, 2, 3].map((sequence) => ({ sequence, time: 5, credentialId: uuidArbSample, op: 1 as const, resultCode: 0, floors: [] }));
    const records = await sealAuditRecords(recs, { lockId, lockPrivateKey: lock.privateKey, auditKey });
    for (const more of [true, false]) {
      const decoded = decodeAuditRecords(encodeAuditRecords({ records, nextSequence: 4, more }));
      expect(decoded).toEqual({ records, nextSequence: 4, more });
      expect(decoded.records.map((r) => [r.lockId, r.sequence])).toEqual([[lockId, 1], [lockId, 2], [lockId, 3]]);
    }
    // A plain (unsealed) record where a sealed one belongs is malformed.
    const plain = encodeTlv([tlvBytes(0x01, encodeAuditRecord(recs[0]!)), tlvU32(0x02, 2), tlvU8(0x03, 0)]);
    expect(() => decodeAuditRecords(plain)).toThrow(MalformedMessageError);
  });
});

describe('malformed messages are refused with a typed error', () => {
  it('wrong type, unknown type, empty, truncated', () => {
    const hello = encodeHello({ versions: [1], features: 0 });
    expect(() => decodeLockAuth(hello)).toThrow(/expected LOCK_AUTH, got HELLO/);
    expect(() => decodeHello(Uint8Array.of(0x42))).toThrow(/unknown message type 0x42/);
    expect(() => decodeHello(new Uint8Array(0))).toThrow(/empty/);
    expect(() => decodeHello(hello.subarray(0, hello.length - 1))).toThrow(MalformedMessageError);
    expect(() => decodeHello(Uint8Array.of(1, 0x01, 1, 0, 0, 0x02, 4, 0, 0, 0, 0, 0))).toThrow(/versions/);
    expect(() => decodeCommand(Uint8Array.of(0x01, 1, 0, 9))).toThrow(/unknown op 9/);
    expect(() => decodeEncryptedEnvelope(Uint8Array.of(MessageType.COMMAND, 0, 0, 0, 1))).toThrow(/shorter/);
    expect(() => decodeEncryptedEnvelope(hello)).toThrow(/not an encrypted message/);
  });
  it('random bytes never crash a decoder', () => {
    const decoders = [decodeHello, decodeLockAuth, decodeClearError, decodePhoneAuthPayload, decodeSessionReady, decodeCommand, decodeResult, decodeAuditRecords, decodeEncryptedEnvelope];
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        for (const d of decoders) {
          try {
            d(bytes);
          } catch (e) {
            expect(e).toBeInstanceOf(MalformedMessageError);
          }
        }
      }),
    );
  });
});

describe('encrypted envelope', () => {
  it('seals with type and counter as AAD; PHONE_AUTH carries the ephemeral key in clear', async () => {
    const key = await importAesKey(new Uint8Array(32).fill(1));
    const msg = await sealMessage(key, 'lockToPhone', MessageType.RESULT, 2, Uint8Array.of(9, 9));
    const env = decodeEncryptedEnvelope(msg);
    expect(env.counter).toBe(2);
    expect(await openEnvelope(key, 'lockToPhone', env)).toEqual(Uint8Array.of(9, 9));
    expect(await openEnvelope(key, 'phoneToLock', env)).toBeNull();
    const relabelled = msg.slice();
    relabelled[0] = MessageType.AUDIT_RECORDS;
    expect(await openEnvelope(key, 'lockToPhone', decodeEncryptedEnvelope(relabelled))).toBeNull();
    const eph = new Uint8Array(65).fill(4);
    const pa = await sealMessage(key, 'phoneToLock', MessageType.PHONE_AUTH, 1, Uint8Array.of(1), eph);
    const paEnv = decodeEncryptedEnvelope(pa);
    expect(paEnv.phoneEphemeralKey).toEqual(eph);
    expect(await openEnvelope(key, 'phoneToLock', paEnv)).toEqual(Uint8Array.of(1));
  });
});
