/**
 * Sealed audit records (PROTOCOL.md §10.1): what a lock hands a phone to relay. Each record is
 * encrypted to the provider's audit key (ECIES: ephemeral P-256 ECDH, HKDF-SHA256, AES-256-GCM)
 * and signed by the lock's own key (context `keyrig/v1 audit`), so a phone can neither read other
 * guests' records nor forge one, and the cloud records each genuine record exactly once.
 * WebCrypto only: a browser relays the bytes as they are.
 */
import { bytesToUuid, concatBytes, utf8, uuidToBytes } from '../bytes.js';
import { MalformedMessageError } from '../errors.js';
import { deriveSharedSecret } from '../crypto/ecdh.js';
import { hkdfSha256 } from '../crypto/hkdf.js';
import { importAesKey, openAesGcm, sealAesGcm } from '../crypto/aesGcm.js';
import { SignatureContext, signWithContext, verifyWithContext } from '../crypto/ecdsa.js';
import { exportPublicKeyRaw, generateEphemeralKeyPair, PUBLIC_KEY_LENGTH } from '../crypto/keys.js';
import { assertKeyId } from '../crypto/providerKeys.js';
import { decodeSignedEnvelope, encodeSignedEnvelope } from '../crypto/signedEnvelope.js';
import { encodeTlv, tlvBytes, tlvString, tlvU32, TlvReader } from '../tlv.js';
import { decodeAuditRecord, encodeAuditRecord, type AuditRecord } from './AuditRecord.js';

/** HKDF info prefix of the record key (then lock id ‖ sequence u32 BE ‖ audit key id). */
export const AUDIT_SEAL_INFO = 'keyrig/v1 audit-seal';
/** Body tags of a sealed audit record (§10.1). */
export const SealedAuditTag = { LOCK_ID: 0x01, SEQUENCE: 0x02, AUDIT_KEY_ID: 0x03, EPHEMERAL_KEY: 0x04, CIPHERTEXT: 0x05 } as const;
const T = SealedAuditTag;
const GCM_NONCE_LENGTH = 12;

/** The provider's audit encryption key as a lock holds it (provisioning file). */
export interface AuditSealKey {
  readonly keyId: string;
  /** 65-byte uncompressed P-256 point (ECDH). */
  readonly publicKey: Uint8Array;
}

/** A sealed record as a phone holds it: the header it can read and the bytes it relays. */
export interface SealedAudit {
  readonly lockId: string;
  readonly sequence: number;
  readonly sealed: Uint8Array;
}

/** What anyone can read of a sealed record without keys. */
export interface SealedAuditHeader {
  readonly lockId: string;
  readonly sequence: number;
  readonly auditKeyId: string;
}

export interface SealAuditOptions {
  readonly lockId: string;
  /** The lock's own ECDSA key (the one its certificate names). */
  readonly lockPrivateKey: CryptoKey;
  readonly auditKey: AuditSealKey;
  /** Test vectors only: a fixed ephemeral ECDH key pair (the public key must be extractable). */
  readonly ephemeral?: CryptoKeyPair;
}

function u32be(n: number): Uint8Array {
  return new Uint8Array([(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);
}

/** AES-256 key and GCM nonce of one record: HKDF(ECDH x, salt = ephemeral public key, info). */
async function recordKey(shared: Uint8Array, ephemeralPublic: Uint8Array, h: SealedAuditHeader): Promise<{ key: CryptoKey; nonce: Uint8Array }> {
  const info = concatBytes(utf8(AUDIT_SEAL_INFO), uuidToBytes(h.lockId), u32be(h.sequence), utf8(h.auditKeyId));
  const okm = await hkdfSha256(shared, ephemeralPublic, info, 32 + GCM_NONCE_LENGTH);
  return { key: await importAesKey(okm.slice(0, 32)), nonce: okm.slice(32) };
}

/** Seals one record: encrypted to the provider audit key, signed by the lock. */
export async function sealAuditRecord(record: AuditRecord, o: SealAuditOptions): Promise<Uint8Array> {
  assertKeyId(o.auditKey.keyId);
  const header: SealedAuditHeader = { lockId: o.lockId.toLowerCase(), sequence: record.sequence, auditKeyId: o.auditKey.keyId };
  const eph = o.ephemeral ?? (await generateEphemeralKeyPair(false));
  const ephPublic = await exportPublicKeyRaw(eph.publicKey);
  const shared = await deriveSharedSecret(eph.privateKey, o.auditKey.publicKey);
  const { key, nonce } = await recordKey(shared, ephPublic, header);
  const ciphertext = await sealAesGcm(key, nonce, encodeAuditRecord(record), new Uint8Array(0));
  const body = encodeTlv([
    tlvBytes(T.LOCK_ID, uuidToBytes(header.lockId)),
    tlvU32(T.SEQUENCE, header.sequence),
    tlvString(T.AUDIT_KEY_ID, header.auditKeyId),
    tlvBytes(T.EPHEMERAL_KEY, ephPublic),
    tlvBytes(T.CIPHERTEXT, ciphertext),
  ]);
  return encodeSignedEnvelope({ body, signature: await signWithContext(o.lockPrivateKey, SignatureContext.AUDIT, body) });
}

interface DecodedSealed extends SealedAuditHeader {
  readonly body: Uint8Array;
  readonly signature: Uint8Array;
  readonly ephemeralPublic: Uint8Array;
  readonly ciphertext: Uint8Array;
}

function decodeSealed(bytes: Uint8Array): DecodedSealed {
  const env = decodeSignedEnvelope(bytes, 'sealed audit record');
  const r = new TlvReader(env.body, {
    knownTags: Object.values(T),
    tagNames: { 1: 'lock_id', 2: 'sequence', 3: 'audit_key_id', 4: 'ephemeral_key', 5: 'ciphertext' },
    context: 'sealed audit record',
  });
  return {
    body: env.body,
    signature: env.signature,
    lockId: bytesToUuid(r.bytes(T.LOCK_ID, { length: 16 })),
    sequence: r.u32(T.SEQUENCE),
    auditKeyId: r.string(T.AUDIT_KEY_ID, { maxLength: 32 }),
    ephemeralPublic: r.bytes(T.EPHEMERAL_KEY, { length: PUBLIC_KEY_LENGTH }),
    ciphertext: r.bytes(T.CIPHERTEXT),
  };
}

/** Lock id, sequence and audit key id of a sealed record; nothing is verified. Throws MalformedMessageError. */
export function readSealedAuditHeader(bytes: Uint8Array): SealedAuditHeader {
  const d = decodeSealed(bytes);
  return { lockId: d.lockId, sequence: d.sequence, auditKeyId: d.auditKeyId };
}

/** Why a sealed record was refused, in the order the checks run (§10.1). */
export type SealedAuditFailure = 'malformed' | 'unknown_lock' | 'bad_signature' | 'unknown_audit_key' | 'decrypt_failed';

export type OpenedAuditRecord =
  | { readonly ok: true; readonly header: SealedAuditHeader; readonly record: AuditRecord }
  | { readonly ok: false; readonly reason: SealedAuditFailure; readonly detail: string; readonly header?: SealedAuditHeader };

export interface OpenSealedAuditOptions {
  /** The lock's public ECDSA key (from its certificate), or undefined when the lock is not known. */
  readonly lockPublicKey: (lockId: string) => CryptoKey | undefined | Promise<CryptoKey | undefined>;
  /** The provider's audit ECDH private key by key id (undefined: not known). */
  readonly auditPrivateKey: (keyId: string) => CryptoKey | undefined | Promise<CryptoKey | undefined>;
}

/** Checks the lock's signature only (anyone holding the lock certificate can): true when it verifies. */
export async function verifySealedAuditSignature(bytes: Uint8Array, lockPublicKey: CryptoKey): Promise<boolean> {
  let d: DecodedSealed;
  try {
    d = decodeSealed(bytes);
  } catch (e) {
    if (e instanceof MalformedMessageError) return false;
    throw e;
  }
  return verifyWithContext(lockPublicKey, SignatureContext.AUDIT, d.body, d.signature);
}

/**
 * The provider's side: decode → the lock is known → its signature verifies → the audit key is
 * known → the record decrypts and decodes, with the sequence the header names. First failure wins.
 */
export async function openSealedAuditRecord(bytes: Uint8Array, o: OpenSealedAuditOptions): Promise<OpenedAuditRecord> {
  let d: DecodedSealed;
  try {
    d = decodeSealed(bytes);
  } catch (e) {
    if (e instanceof MalformedMessageError) return { ok: false, reason: 'malformed', detail: e.message };
    throw e;
  }
  const header: SealedAuditHeader = { lockId: d.lockId, sequence: d.sequence, auditKeyId: d.auditKeyId };
  const lockKey = await o.lockPublicKey(d.lockId);
  if (!lockKey) return { ok: false, reason: 'unknown_lock', detail: `lock ${d.lockId} is not known`, header };
  if (!(await verifyWithContext(lockKey, SignatureContext.AUDIT, d.body, d.signature))) {
    return { ok: false, reason: 'bad_signature', detail: `the record is not signed by lock ${d.lockId}`, header };
  }
  const auditKey = await o.auditPrivateKey(d.auditKeyId);
  if (!auditKey) return { ok: false, reason: 'unknown_audit_key', detail: `audit key "${d.auditKeyId}" is not known`, header };
  let plain: Uint8Array | null;
  try {
    const shared = await deriveSharedSecret(auditKey, d.ephemeralPublic);
    const { key, nonce } = await recordKey(shared, d.ephemeralPublic, header);
    plain = await openAesGcm(key, nonce, d.ciphertext, new Uint8Array(0));
  } catch (e) {
    if (e instanceof MalformedMessageError) return { ok: false, reason: 'decrypt_failed', detail: e.message, header };
    throw e;
  }
  if (plain === null) return { ok: false, reason: 'decrypt_failed', detail: 'the record does not decrypt under the audit key', header };
  let record: AuditRecord;
  try {
    record = decodeAuditRecord(plain);
  } catch (e) {
    if (e instanceof MalformedMessageError) return { ok: false, reason: 'malformed', detail: e.message, header };
    throw e;
  }
  if (record.sequence !== d.sequence) return { ok: false, reason: 'malformed', detail: `sealed sequence ${d.sequence} but record sequence ${record.sequence}`, header };
  return { ok: true, header, record };
}

/** Seals records in order (the lock's side of FETCH_AUDIT). */
export async function sealAuditRecords(records: readonly AuditRecord[], o: SealAuditOptions): Promise<SealedAudit[]> {
  const out: SealedAudit[] = [];
  for (const r of records) out.push({ lockId: o.lockId.toLowerCase(), sequence: r.sequence, sealed: await sealAuditRecord(r, o) });
  return out;
}
