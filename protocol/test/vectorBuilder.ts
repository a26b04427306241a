/**
 * Builds the protocol test vectors (protocol/vectors/*.json) from fixed keys and inputs.
 * ECDSA signatures from WebCrypto are randomized, so they are pinned: given the pinned
 * signatures, every other byte is deterministic (encodings, ECDH, HKDF, AES-GCM).
 */
import { encodeBlocklistBody, encodeTimeSyncBody } from '../src/blobs/blobCodec.js';
import { concatBytes, fromHex, toHex, utf8 } from '../src/bytes.js';
import { encodeLockCertificateBody } from '../src/certificate/lockCertificateCodec.js';
import type { CredentialDocument } from '../src/credential/CredentialDocument.js';
import { encodeCredentialBody } from '../src/credential/credentialCodec.js';
import { importAesKey } from '../src/crypto/aesGcm.js';
import { deriveSharedSecret } from '../src/crypto/ecdh.js';
import { SignatureContext, signWithContext, verifyWithContext, type SignatureContextValue } from '../src/crypto/ecdsa.js';
import { exportPrivateKeyJwk, exportPrivateKeyPkcs8, exportPublicKeyRaw, generateEphemeralKeyPair, generateSigningKeyPair, importKeyPairPkcs8, type KeyPurpose } from '../src/crypto/keys.js';
import { decodeSignedEnvelope, encodeSignedEnvelope } from '../src/crypto/signedEnvelope.js';
import { sealAuditRecord } from '../src/audit/sealedAuditRecord.js';
import { sha256 } from '../src/crypto/sha256.js';
import { LockType } from '../src/gatt/LockType.js';
import { CommandOp } from '../src/messages/CommandOp.js';
import { sealMessage } from '../src/messages/encryptedEnvelope.js';
import { encodeClearError, encodeErrorBody, encodeHello, encodeLockAuth, lockAuthSignedBody } from '../src/messages/handshakeMessages.js';
import { MessageType } from '../src/messages/MessageType.js';
import { encodeAuditRecords, encodeCommand, encodePhoneAuthPayload, encodeResult, encodeSessionReady } from '../src/messages/sessionPayloads.js';
import { ResultCode } from '../src/resultCodes.js';
import { deriveSessionKeyMaterial, endpointAuthBody, transcriptHash } from '../src/session/keySchedule.js';

/** keys.json: fixed key pairs as PKCS8 (private) and raw points (public), hex. */
export type VectorKeys = Record<'provider' | 'lock' | 'endpoint' | 'lockEphemeral' | 'phoneEphemeral', { purpose: KeyPurpose; pkcs8: string; jwk: JsonWebKey; publicKey: string }>;
export type PinnedSignatures = Record<'certificate' | 'credential' | 'blocklist' | 'timeSync' | 'lockAuth' | 'endpointAuth' | 'auditRecord', string>;
/** The provider audit key id of the sealed record in AUDIT_RECORDS (§10.1; `phoneEphemeral` stands for the key). */
export const AUDIT_KEY_ID = 'audit-vectors-1';

export const KEY_ID = 'keyrig-vectors-1';
export const INPUTS = {
  lockTime: Date.UTC(2026, 0, 7, 12, 0),
  transactionId: '00112233445566778899aabbccddeeff',
  lockId: '0d000000-0000-4000-8000-000000000001',
  phoneVersions: [1],
  lockVersions: [1],
  certificate: { lockType: LockType.door, securityRevision: 1, notBefore: Date.UTC(2026, 0, 1), notAfter: Date.UTC(2027, 0, 1) },
  credential: {
    credentialId: 'c0000000-0000-4000-8000-00000000000c',
    userIdentityId: 'user-42',
    accessGrantId: 'grant-7',
    entrances: ['0d000000-0000-4000-8000-000000000001'],
    floors: [] as number[],
    notBefore: Date.UTC(2026, 0, 7),
    notAfter: Date.UTC(2026, 0, 9),
    schedule: [{ days: 0b0111110, startMinute: 7 * 60, endMinute: 22 * 60 }],
    keySequences: { '0d000000-0000-4000-8000-000000000001': 3 },
    issuedAt: Date.UTC(2026, 0, 6, 18, 0),
    maxUsesPerDay: 10,
  },
  blocklist: { version: 4, issuedAt: Date.UTC(2026, 0, 7, 6, 0), revokedCredentialIds: ['deadbeef-0000-4000-8000-000000000001'] },
  timeSync: { time: Date.UTC(2026, 0, 7, 11, 59, 58) },
  auditRecord: { sequence: 17, time: Date.UTC(2026, 0, 7, 12, 0), credentialId: 'c0000000-0000-4000-8000-00000000000c', op: CommandOp.UNLOCK, resultCode: 0, floors: [] },
} as const;

/** Fresh keys (update mode only). */
export async function generateVectorKeys(): Promise<VectorKeys> {
  const out: Partial<VectorKeys> = {};
  for (const [name, purpose] of [['provider', 'ecdsa'], ['lock', 'ecdsa'], ['endpoint', 'ecdsa'], ['lockEphemeral', 'ecdh'], ['phoneEphemeral', 'ecdh']] as const) {
    const kp = purpose === 'ecdsa' ? await generateSigningKeyPair(true) : await generateEphemeralKeyPair(true);
    const jwk = await exportPrivateKeyJwk(kp.privateKey);
    out[name] = {
      purpose,
      pkcs8: toHex(await exportPrivateKeyPkcs8(kp.privateKey)),
      jwk: { kty: jwk.kty!, crv: jwk.crv!, x: jwk.x!, y: jwk.y!, d: jwk.d! },
      publicKey: toHex(await exportPublicKeyRaw(kp.publicKey)),
    };
  }
  return out as VectorKeys;
}

async function load(k: VectorKeys[keyof VectorKeys]): Promise<CryptoKeyPair> {
  return importKeyPairPkcs8(fromHex(k.pkcs8), k.purpose, false);
}

/**
 * Builds the handshake vector file. With `pinned`, signatures are taken from it (and
 * verified); without, fresh ones are made. Throws when a pinned signature does not verify.
 */
export async function buildHandshakeVectors(keys: VectorKeys, pinned?: PinnedSignatures) {
  const provider = await load(keys.provider);
  const lock = await load(keys.lock);
  const endpoint = await load(keys.endpoint);
  const lockEph = await load(keys.lockEphemeral);
  const phoneEph = await load(keys.phoneEphemeral);
  const sigs: Partial<PinnedSignatures> = {};
  async function sign(name: keyof PinnedSignatures, key: CryptoKeyPair, context: SignatureContextValue, body: Uint8Array): Promise<Uint8Array> {
    const sig = pinned?.[name] ? fromHex(pinned[name]) : await signWithContext(key.privateKey, context, body);
    if (!(await verifyWithContext(key.publicKey, context, body, sig))) throw new Error(`pinned ${name} signature does not verify`);
    sigs[name] = toHex(sig);
    return sig;
  }
  const I = INPUTS;
  const certBody = encodeLockCertificateBody({ ...I.certificate, lockId: I.lockId, lockPublicKey: fromHex(keys.lock.publicKey), keyId: KEY_ID });
  const certificate = encodeSignedEnvelope({ body: certBody, signature: await sign('certificate', provider, SignatureContext.LOCK_CERT, certBody) });
  const doc: CredentialDocument = { ...I.credential, endpointPublicKey: fromHex(keys.endpoint.publicKey), keyId: KEY_ID };
  const credBody = encodeCredentialBody(doc);
  const credential = encodeSignedEnvelope({ body: credBody, signature: await sign('credential', provider, SignatureContext.CREDENTIAL, credBody) });
  const blBody = encodeBlocklistBody({ ...I.blocklist, keyId: KEY_ID });
  const blocklist = encodeSignedEnvelope({ body: blBody, signature: await sign('blocklist', provider, SignatureContext.BLOCKLIST, blBody) });
  const tsBody = encodeTimeSyncBody({ ...I.timeSync, lockId: I.lockId, keyId: KEY_ID });
  const timeSync = encodeSignedEnvelope({ body: tsBody, signature: await sign('timeSync', provider, SignatureContext.TIME_SYNC, tsBody) });

  const hello = encodeHello({ versions: I.phoneVersions, features: 0 });
  const transactionId = fromHex(I.transactionId);
  const lockEphRaw = fromHex(keys.lockEphemeral.publicKey);
  const phoneEphRaw = fromHex(keys.phoneEphemeral.publicKey);
  const unsigned = { selectedVersion: 1, lockVersions: I.lockVersions, lockEphemeralKey: lockEphRaw, transactionId, lockId: I.lockId, lockTime: I.lockTime };
  const lockAuthBody = lockAuthSignedBody(await sha256(hello), unsigned);
  const lockAuth = encodeLockAuth({ ...unsigned, certificate, signature: await sign('lockAuth', lock, SignatureContext.LOCK_AUTH, lockAuthBody) });

  const sharedLock = await deriveSharedSecret(lockEph.privateKey, phoneEphRaw);
  const sharedPhone = await deriveSharedSecret(phoneEph.privateKey, lockEphRaw);
  if (toHex(sharedLock) !== toHex(sharedPhone)) throw new Error('ECDH sides disagree');
  const transcript = await transcriptHash(hello, lockAuth, phoneEphRaw);
  const material = await deriveSessionKeyMaterial(sharedLock, transactionId, transcript);
  const p2l = await importAesKey(material.phoneToLock);
  const l2p = await importAesKey(material.lockToPhone);

  const epBody = await endpointAuthBody(transactionId, I.lockId, lockEphRaw, phoneEphRaw, credential);
  const endpointSignature = await sign('endpointAuth', endpoint, SignatureContext.ENDPOINT_AUTH, epBody);
  const enc = async (key: CryptoKey, dir: 'phoneToLock' | 'lockToPhone', type: (typeof MessageType)[keyof typeof MessageType], counter: number, plaintext: Uint8Array, eph?: Uint8Array) => ({
    plaintext: toHex(plaintext),
    counter,
    message: toHex(await sealMessage(key, dir, type, counter, plaintext, eph)),
  });

  const phoneAuthPlain = encodePhoneAuthPayload({ credential, endpointSignature, blocklist, timeSync });
  // §10.1: the record travels sealed (fixed ephemeral key: the body is deterministic; the signature is pinned).
  const auditKey = { keyId: AUDIT_KEY_ID, publicKey: fromHex(keys.phoneEphemeral.publicKey) };
  const auditBody = decodeSignedEnvelope(await sealAuditRecord(I.auditRecord, { lockId: I.lockId, lockPrivateKey: lock.privateKey, auditKey, ephemeral: lockEph }), 'sealed audit record').body;
  const sealedAudit = encodeSignedEnvelope({ body: auditBody, signature: await sign('auditRecord', lock, SignatureContext.AUDIT, auditBody) });
  return {
    description: 'keyrig protocol v1 vectors (PROTOCOL.md §5-§10). Hex strings; times in ms since epoch. Signatures are pinned (ECDSA is randomized); everything else is deterministic.',
    keyId: KEY_ID,
    inputs: I,
    signatures: sigs as PinnedSignatures,
    signedStructures: {
      certificateBody: toHex(certBody),
      certificate: toHex(certificate),
      credentialBody: toHex(credBody),
      credential: toHex(credential),
      blocklistBody: toHex(blBody),
      blocklist: toHex(blocklist),
      timeSyncBody: toHex(tsBody),
      timeSync: toHex(timeSync),
    },
    signatureInputs: {
      lockAuth: toHex(concatBytes(utf8(SignatureContext.LOCK_AUTH), lockAuthBody)),
      endpointAuth: toHex(concatBytes(utf8(SignatureContext.ENDPOINT_AUTH), epBody)),
    },
    derived: {
      helloHash: toHex(await sha256(hello)),
      sharedSecret: toHex(sharedLock),
      transcriptHash: toHex(transcript),
      hkdfInfo: toHex(concatBytes(utf8('keyrig/v1 session'), transcript)),
      phoneToLockKey: toHex(material.phoneToLock),
      lockToPhoneKey: toHex(material.lockToPhone),
    },
    messages: {
      HELLO: toHex(hello),
      LOCK_AUTH: toHex(lockAuth),
      PHONE_AUTH: await enc(p2l, 'phoneToLock', MessageType.PHONE_AUTH, 1, phoneAuthPlain, phoneEphRaw),
      SESSION_READY: await enc(l2p, 'lockToPhone', MessageType.SESSION_READY, 1, encodeSessionReady({ lockTime: I.lockTime, auditHighWater: 16 })),
      COMMAND_UNLOCK: await enc(p2l, 'phoneToLock', MessageType.COMMAND, 2, encodeCommand({ op: CommandOp.UNLOCK })),
      RESULT: await enc(l2p, 'lockToPhone', MessageType.RESULT, 2, encodeResult({ code: ResultCode.GRANTED, grantedFloors: [], lockTime: I.lockTime, auditSequence: 17, relockTime: I.lockTime + 5000 })),
      COMMAND_SELECT_FLOORS: await enc(p2l, 'phoneToLock', MessageType.COMMAND, 3, encodeCommand({ op: CommandOp.SELECT_FLOORS, floors: [5, 9] })),
      COMMAND_FETCH_AUDIT: await enc(p2l, 'phoneToLock', MessageType.COMMAND, 4, encodeCommand({ op: CommandOp.FETCH_AUDIT, fromSequence: 17 })),
      AUDIT_RECORDS: await enc(l2p, 'lockToPhone', MessageType.AUDIT_RECORDS, 3, encodeAuditRecords({ records: [{ lockId: I.lockId, sequence: I.auditRecord.sequence, sealed: sealedAudit }], nextSequence: 18, more: false })),
      ERROR_ENCRYPTED: await enc(l2p, 'lockToPhone', MessageType.ERROR, 4, encodeErrorBody({ code: ResultCode.REPLAY, reason: 'counter 2 <= 2' })),
      ERROR_CLEAR: toHex(encodeClearError({ code: ResultCode.UNSUPPORTED_VERSION, reason: 'no common version' })),
    },
  };
}
export type HandshakeVectors = Awaited<ReturnType<typeof buildHandshakeVectors>>;
