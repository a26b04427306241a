/**
 * Regenerates protocol/vectors/*.json from the fixed keys and inputs and compares byte for
 * byte; pinned ECDSA signatures are verified. `KEYRIG_UPDATE_VECTORS=1` rewrites the files
 * (fresh keys and signatures) — review the diff before committing.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromHex } from '../src/bytes.js';
import { ManualClock } from '../src/clock.js';
import { verifyCredentialDocument, decodeCredentialDocument } from '../src/credential/verifyCredentialDocument.js';
import { verifyLockCertificate } from '../src/certificate/signLockCertificate.js';
import { exportPublicKeyRaw, importKeyPairJwk, importKeyPairPkcs8, jwkToPublicKeyRaw } from '../src/crypto/keys.js';
import { fixedRandom } from '../src/crypto/random.js';
import { decodeLockAuth } from '../src/messages/handshakeMessages.js';
import { LockSession } from '../src/session/LockSession.js';
import { buildHandshakeVectors, generateVectorKeys, INPUTS, KEY_ID, type HandshakeVectors, type VectorKeys } from './vectorBuilder.js';
import { TestFirmware } from './TestFirmware.js';

const dir = join(import.meta.dirname, '..', 'vectors');
const keysPath = join(dir, 'keys.json');
const handshakePath = join(dir, 'handshake.json');
const update = process.env.KEYRIG_UPDATE_VECTORS === '1';

if (update) {
  mkdirSync(dir, { recursive: true });
  const keys = await generateVectorKeys();
  writeFileSync(keysPath, JSON.stringify(keys, null, 2) + '\n');
  writeFileSync(handshakePath, JSON.stringify(await buildHandshakeVectors(keys), null, 2) + '\n');
}

describe('protocol vectors', () => {
  it('the vector files exist (regenerate with KEYRIG_UPDATE_VECTORS=1)', () => {
    expect(existsSync(keysPath) && existsSync(handshakePath)).toBe(true);
  });

  const keys = JSON.parse(readFileSync(keysPath, 'utf8')) as VectorKeys;
  const file = JSON.parse(readFileSync(handshakePath, 'utf8')) as HandshakeVectors;

  it('every deterministic byte regenerates exactly from the fixed keys and pinned signatures', async () => {
    const rebuilt = JSON.parse(JSON.stringify(await buildHandshakeVectors(keys, file.signatures))) as HandshakeVectors;
    expect(rebuilt).toEqual(file);
  });

  it('each key PKCS8 and JWK describe the same key pair', async () => {
    for (const k of Object.values(keys)) {
      expect(jwkToPublicKeyRaw(k.jwk)).toEqual(fromHex(k.publicKey));
      const fromPkcs8 = await importKeyPairPkcs8(fromHex(k.pkcs8), k.purpose, false);
      const fromJwk = await importKeyPairJwk(k.jwk, k.purpose, false);
      expect(await exportPublicKeyRaw(fromPkcs8.publicKey)).toEqual(await exportPublicKeyRaw(fromJwk.publicKey));
    }
  });

  it('the signed structures verify with the provider key', async () => {
    const provider = await importKeyPairPkcs8(fromHex(keys.provider.pkcs8), 'ecdsa', false);
    const providerKeys = new Map([[KEY_ID, provider.publicKey]]);
    const cert = await verifyLockCertificate(fromHex(file.signedStructures.certificate), providerKeys, INPUTS.lockTime);
    expect(cert.ok).toBe(true);
    const doc = await verifyCredentialDocument(fromHex(file.signedStructures.credential), providerKeys);
    expect(doc.ok && doc.value.document.credentialId).toBe(INPUTS.credential.credentialId);
    expect(decodeCredentialDocument(fromHex(file.signedStructures.credential)).maxUsesPerDay).toBe(10);
  });

  it('a real LockSession with the fixed ephemeral key and transaction id answers the vector HELLO with the vector LOCK_AUTH (all but the signature)', async () => {
    const provider = await importKeyPairPkcs8(fromHex(keys.provider.pkcs8), 'ecdsa', false);
    const lock = await importKeyPairPkcs8(fromHex(keys.lock.pkcs8), 'ecdsa', false);
    const lockEph = await importKeyPairPkcs8(fromHex(keys.lockEphemeral.pkcs8), 'ecdh', false);
    const clock = new ManualClock(INPUTS.lockTime);
    const sent: Uint8Array[] = [];
    const session = new LockSession({
      clock,
      lockId: INPUTS.lockId,
      certificate: fromHex(file.signedStructures.certificate),
      lockPrivateKey: lock.privateKey,
      providerKeys: new Map([[KEY_ID, provider.publicKey]]),
      firmware: new TestFirmware({ lockId: INPUTS.lockId, lockType: 1, timeZone: 'UTC' }, clock),
      send: (m) => void sent.push(m),
      random: fixedRandom(fromHex(INPUTS.transactionId)),
      ephemeralKeys: async () => lockEph,
    });
    await session.receive(fromHex(file.messages.HELLO));
    expect(sent).toHaveLength(1);
    const live = decodeLockAuth(sent[0]!);
    const pinned = decodeLockAuth(fromHex(file.messages.LOCK_AUTH));
    expect({ ...live, signature: undefined }).toEqual({ ...pinned, signature: undefined });
  });
});
