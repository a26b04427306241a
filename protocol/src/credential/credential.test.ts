import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { credentialDocumentArb } from '../../test/arbitraries.js';
import { exportPublicKeyRaw, generateSigningKeyPair } from '../crypto/keys.js';
import { MalformedMessageError } from '../errors.js';
import { ResultCode } from '../resultCodes.js';
import { decodeCredentialBody, encodeCredentialBody } from './credentialCodec.js';
import { signCredentialDocument } from './signCredentialDocument.js';
import { decodeCredentialDocument, verifyCredentialDocument } from './verifyCredentialDocument.js';

describe('credential document', () => {
  it('body round-trips (fast-check)', () => {
    fc.assert(
      fc.property(credentialDocumentArb, (doc) => {
        expect(decodeCredentialBody(encodeCredentialBody(doc))).toEqual(doc);
      }),
    );
  });

  it('truncated or corrupted bodies are refused with a typed error, never a crash', () => {
    fc.assert(
      fc.property(credentialDocumentArb, fc.nat(), (doc, cut) => {
        const body = encodeCredentialBody(doc);
        const truncated = body.subarray(0, cut % body.length);
        expect(() => decodeCredentialBody(truncated)).toThrow(MalformedMessageError);
      }),
      { numRuns: 50 },
    );
  });

  it('signs and verifies; refuses unknown key, bad signature and garbage as data', async () => {
    const provider = await generateSigningKeyPair(false);
    const endpoint = await generateSigningKeyPair(false);
    const [doc] = fc.sample(credentialDocumentArb, { numRuns: 1, seed: 7 });
    const fields = { ...doc!, endpointPublicKey: await exportPublicKeyRaw(endpoint.publicKey) };
    const bytes = await signCredentialDocument(fields, { keyId: 'prov-2026', privateKey: provider.privateKey });
    const keys = new Map([['prov-2026', provider.publicKey]]);
    const ok = await verifyCredentialDocument(bytes, keys);
    expect(ok.ok && ok.value.document).toEqual({ ...fields, keyId: 'prov-2026' });
    expect(decodeCredentialDocument(bytes).keyId).toBe('prov-2026');

    const unknown = await verifyCredentialDocument(bytes, new Map([['other', provider.publicKey]]));
    expect(unknown).toMatchObject({ ok: false, code: ResultCode.UNKNOWN_PROVIDER_KEY });
    const tampered = bytes.slice();
    tampered[10]! ^= 0x01;
    expect(await verifyCredentialDocument(tampered, keys)).toMatchObject({ ok: false });
    const sigFlip = bytes.slice();
    sigFlip[sigFlip.length - 1]! ^= 0x01;
    expect(await verifyCredentialDocument(sigFlip, keys)).toMatchObject({ ok: false, code: ResultCode.BAD_SIGNATURE });
    expect(await verifyCredentialDocument(Uint8Array.of(1, 2), keys)).toMatchObject({ ok: false, code: ResultCode.MALFORMED });
  });

  it('refuses invalid fields when encoding', () => {
    const [doc] = fc.sample(credentialDocumentArb, { numRuns: 1, seed: 1 });
    expect(() => encodeCredentialBody({ ...doc!, notAfter: doc!.notBefore })).toThrow(/notAfter/);
    expect(() => encodeCredentialBody({ ...doc!, schedule: [{ days: 1, startMinute: 600, endMinute: 600 }] })).toThrow(/schedule/);
    expect(() => encodeCredentialBody({ ...doc!, keyId: '' })).toThrow(/key id/);
  });
});
