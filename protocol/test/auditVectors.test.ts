/**
 * protocol/vectors/audit.json: a sealed audit record (PROTOCOL.md §10.1) made with the vector keys
 * (keys.json: `lock` signs, `phoneEphemeral` stands for the provider audit key, `lockEphemeral`
 * is the record's ephemeral key). Each step is recomputed here with WebCrypto directly from the
 * §10.1 text (not through the reference code), and the refusals are checked in §10.1's order.
 * `KEYRIG_UPDATE_VECTORS=1` rewrites the file (a fresh signature) — review the diff.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { concatBytes, fromHex, toHex, utf8 } from '../src/bytes.js';
import { encodeAuditRecord, type AuditRecord } from '../src/audit/AuditRecord.js';
import { openSealedAuditRecord, readSealedAuditHeader, sealAuditRecord, verifySealedAuditSignature } from '../src/audit/sealedAuditRecord.js';
import { importKeyPairPkcs8 } from '../src/crypto/keys.js';
import { decodeSignedEnvelope } from '../src/crypto/signedEnvelope.js';
import { AUDIT_KEY_ID as AUDIT_KEY_ID_SHARED, INPUTS, type VectorKeys } from './vectorBuilder.js';

const dir = join(import.meta.dirname, '..', 'vectors');
const path = join(dir, 'audit.json');
const keys = JSON.parse(readFileSync(join(dir, 'keys.json'), 'utf8')) as VectorKeys;
const subtle = globalThis.crypto.subtle;

const RECORD: AuditRecord = { sequence: 500, time: 1767268800000, credentialId: '0c000000-0000-4000-8000-0000000000aa', op: 1, resultCode: 0, floors: [] };
const AUDIT_KEY_ID = AUDIT_KEY_ID_SHARED;

interface AuditVectors {
  description: string;
  lockId: string; auditKeyId: string; record: AuditRecord;
  keys: { lockSigning: 'lock'; providerAudit: 'phoneEphemeral'; recordEphemeral: 'lockEphemeral' };
  plaintext: string; sharedSecret: string; hkdfSalt: string; hkdfInfo: string; aesKey: string; nonce: string;
  body: string; signature: string; sealed: string;
}

async function keyPairs() {
  return {
    lock: await importKeyPairPkcs8(fromHex(keys.lock.pkcs8), 'ecdsa', false),
    audit: await importKeyPairPkcs8(fromHex(keys.phoneEphemeral.pkcs8), 'ecdh', false),
    eph: await importKeyPairPkcs8(fromHex(keys.lockEphemeral.pkcs8), 'ecdh', true),
  };
}

if (process.env.KEYRIG_UPDATE_VECTORS === '1' || !existsSync(path)) {
  const k = await keyPairs();
  const sealed = await sealAuditRecord(RECORD, { lockId: INPUTS.lockId, lockPrivateKey: k.lock.privateKey, auditKey: { keyId: AUDIT_KEY_ID, publicKey: fromHex(keys.phoneEphemeral.publicKey) }, ephemeral: k.eph });
  const env = decodeSignedEnvelope(sealed, 'sealed audit record');
  const shared = new Uint8Array(await subtle.deriveBits({ name: 'ECDH', public: k.audit.publicKey }, k.eph.privateKey, 256));
  const info = concatBytes(utf8('keyrig/v1 audit-seal'), fromHex(INPUTS.lockId.replaceAll('-', '')), new Uint8Array([0, 0, 0x01, 0xf4]), utf8(AUDIT_KEY_ID));
  const ikm = await subtle.importKey('raw', shared, 'HKDF', false, ['deriveBits']);
  const okm = new Uint8Array(await subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: fromHex(keys.lockEphemeral.publicKey), info }, ikm, 44 * 8));
  const v: AuditVectors = {
    description: 'PROTOCOL.md §10.1 sealed audit record; keys from keys.json',
    lockId: INPUTS.lockId, auditKeyId: AUDIT_KEY_ID, record: RECORD,
    keys: { lockSigning: 'lock', providerAudit: 'phoneEphemeral', recordEphemeral: 'lockEphemeral' },
    plaintext: toHex(encodeAuditRecord(RECORD)), sharedSecret: toHex(shared), hkdfSalt: keys.lockEphemeral.publicKey, hkdfInfo: toHex(info),
    aesKey: toHex(okm.slice(0, 32)), nonce: toHex(okm.slice(32)), body: toHex(env.body), signature: toHex(env.signature), sealed: toHex(sealed),
  };
  writeFileSync(path, JSON.stringify(v, null, 2) + '\n');
}

const file = JSON.parse(readFileSync(path, 'utf8')) as AuditVectors;

describe('audit vectors (protocol/vectors/audit.json, §10.1)', () => {
  it('the plaintext is the §10 record TLV, written out by hand', () => {
    // TLV (§4): tag u8 | length u16 LE | value. 01 sequence 500 u32 LE | 02 time u64 LE
    // (1767268800000 = 0x019b796dd600) | 03 credential id | 04 op 1 | 05 result 0 | 06 no floors.
    const hand = '010400' + 'f4010000' + '020800' + '00d66d799b010000' + '031000' + '0c000000000040008000' + '0000000000aa'
      + '040100' + '01' + '050100' + '00' + '060000';
    expect(file.plaintext).toBe(hand);
  });

  it('each step recomputes from the keys with WebCrypto, as §10.1 says', async () => {
    const k = await keyPairs();
    const ephPub = await subtle.importKey('raw', fromHex(keys.lockEphemeral.publicKey), { name: 'ECDH', namedCurve: 'P-256' }, false, []);
    const shared = new Uint8Array(await subtle.deriveBits({ name: 'ECDH', public: ephPub }, k.audit.privateKey, 256));
    expect(toHex(shared)).toBe(file.sharedSecret);
    expect(file.hkdfInfo).toBe(toHex(utf8('keyrig/v1 audit-seal')) + file.lockId.replaceAll('-', '') + '000001f4' + toHex(utf8(file.auditKeyId)));
    const ikm = await subtle.importKey('raw', shared, 'HKDF', false, ['deriveBits']);
    const okm = new Uint8Array(await subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: fromHex(file.hkdfSalt), info: fromHex(file.hkdfInfo) }, ikm, 44 * 8));
    expect([toHex(okm.slice(0, 32)), toHex(okm.slice(32))]).toEqual([file.aesKey, file.nonce]);
    // The body: 01 lock id | 02 sequence | 03 audit key id | 04 ephemeral key | 05 ciphertext.
    const body = fromHex(file.body);
    const ctStart = body.length - (file.plaintext.length / 2 + 16);
    const aes = await subtle.importKey('raw', fromHex(file.aesKey), 'AES-GCM', false, ['decrypt']);
    const plain = new Uint8Array(await subtle.decrypt({ name: 'AES-GCM', iv: fromHex(file.nonce), tagLength: 128 }, aes, body.slice(ctStart)));
    expect(toHex(plain)).toBe(file.plaintext);
    expect(toHex(body.slice(0, 19 + 7))).toBe('011000' + file.lockId.replaceAll('-', '') + '020400f4010000');
    expect(toHex(body)).not.toContain(RECORD.credentialId.replaceAll('-', '')); // no credential id in clear
    // The lock signature: ECDSA P-256 SHA-256, raw r‖s, over "keyrig/v1 audit" ‖ body.
    const ok = await subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, k.lock.publicKey, fromHex(file.signature), concatBytes(utf8('keyrig/v1 audit'), body));
    expect(ok).toBe(true);
  });

  it('the reference reproduces the body byte for byte (fixed ephemeral key) and opens the pinned record', async () => {
    const k = await keyPairs();
    const again = await sealAuditRecord(file.record, { lockId: file.lockId, lockPrivateKey: k.lock.privateKey, auditKey: { keyId: file.auditKeyId, publicKey: fromHex(keys.phoneEphemeral.publicKey) }, ephemeral: k.eph });
    expect(toHex(decodeSignedEnvelope(again, 'x').body)).toBe(file.body);
    expect(readSealedAuditHeader(fromHex(file.sealed))).toEqual({ lockId: file.lockId, sequence: 500, auditKeyId: file.auditKeyId });
    const opened = await openSealedAuditRecord(fromHex(file.sealed), { lockPublicKey: () => k.lock.publicKey, auditPrivateKey: (id) => (id === file.auditKeyId ? k.audit.privateKey : undefined) });
    expect(opened).toMatchObject({ ok: true, record: file.record });
    expect(await verifySealedAuditSignature(fromHex(file.sealed), k.lock.publicKey)).toBe(true);
  });

  it('refusals, in order: malformed, unknown lock, bad signature (a flipped byte, another lock), unknown audit key, decrypt failed', async () => {
    const k = await keyPairs();
    const sealed = fromHex(file.sealed);
    const opts = { lockPublicKey: () => k.lock.publicKey, auditPrivateKey: (id: string) => (id === file.auditKeyId ? k.audit.privateKey : undefined) };
    expect((await openSealedAuditRecord(sealed.slice(0, 40), opts)).ok === false && (await openSealedAuditRecord(sealed.slice(0, 40), opts))).toMatchObject({ reason: 'malformed' });
    expect(await openSealedAuditRecord(sealed, { ...opts, lockPublicKey: () => undefined })).toMatchObject({ ok: false, reason: 'unknown_lock' });
    const flipped = sealed.slice();
    flipped[3 + 3 + 16 + 3 + 1]! ^= 0x01; // the sequence: 500 -> 501 (a pre-claim of another sequence)
    expect(await openSealedAuditRecord(flipped, opts)).toMatchObject({ ok: false, reason: 'bad_signature' });
    const other = await importKeyPairPkcs8(fromHex(keys.endpoint.pkcs8), 'ecdsa', false);
    expect(await openSealedAuditRecord(sealed, { ...opts, lockPublicKey: () => other.publicKey })).toMatchObject({ ok: false, reason: 'bad_signature' });
    expect(await openSealedAuditRecord(sealed, { ...opts, auditPrivateKey: () => undefined })).toMatchObject({ ok: false, reason: 'unknown_audit_key' });
    const wrongAudit = await importKeyPairPkcs8(fromHex(keys.lockEphemeral.pkcs8), 'ecdh', false);
    expect(await openSealedAuditRecord(sealed, { ...opts, auditPrivateKey: () => wrongAudit.privateKey })).toMatchObject({ ok: false, reason: 'decrypt_failed' });
  });
});
