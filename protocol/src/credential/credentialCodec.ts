/**
 * Credential document body encoding (PROTOCOL.md §6). Tags are fixed; all < 0x80 (critical).
 */
import { bytesToUuid, uuidToBytes } from '../bytes.js';
import { MalformedMessageError } from '../errors.js';
import { PUBLIC_KEY_LENGTH } from '../crypto/keys.js';
import { assertKeyId } from '../crypto/providerKeys.js';
import {
  encodeTlv,
  tlvBytes,
  tlvString,
  tlvU16,
  tlvU16List,
  tlvU64,
  TlvReader,
  type TlvField,
} from '../tlv.js';
import type { CredentialDocument, ScheduleWindow } from './CredentialDocument.js';

/** TLV tags of the credential document body (§6). */
export const CredentialTag = {
  CREDENTIAL_ID: 0x01,
  USER_IDENTITY_ID: 0x02,
  ACCESS_GRANT_ID: 0x03,
  ENDPOINT_PUBLIC_KEY: 0x04,
  ENTRANCES: 0x05,
  FLOORS: 0x06,
  NOT_BEFORE: 0x07,
  NOT_AFTER: 0x08,
  SCHEDULE: 0x09,
  KEY_SEQUENCES: 0x0a,
  ISSUED_AT: 0x0b,
  MAX_USES_PER_DAY: 0x0c,
  KEY_ID: 0x0d,
} as const;

const T = CredentialTag;
const names = Object.fromEntries(Object.entries(T).map(([k, v]) => [v, k.toLowerCase()]));
const ID_MAX = 64;

/** Lock ids as concatenated 16-byte UUIDs. */
export function encodeUuidList(ids: readonly string[]): Uint8Array {
  const out = new Uint8Array(ids.length * 16);
  ids.forEach((id, i) => out.set(uuidToBytes(id), i * 16));
  return out;
}

/** Inverse of {@link encodeUuidList}; `what` names the field in errors. */
export function decodeUuidList(bytes: Uint8Array, what: string): string[] {
  if (bytes.length % 16 !== 0) throw new MalformedMessageError(`${what}: length ${bytes.length} is not a multiple of 16`);
  const out: string[] = [];
  for (let i = 0; i < bytes.length; i += 16) out.push(bytesToUuid(bytes.subarray(i, i + 16)));
  return out;
}

function checkSchedule(w: ScheduleWindow): void {
  const ok =
    Number.isInteger(w.days) && w.days >= 0 && w.days <= 0x7f &&
    Number.isInteger(w.startMinute) && Number.isInteger(w.endMinute) &&
    w.startMinute >= 0 && w.startMinute < w.endMinute && w.endMinute <= 1440;
  if (!ok) {
    throw new MalformedMessageError(
      `schedule window {days ${w.days}, ${w.startMinute}..${w.endMinute}} is invalid (days 0..127, 0 <= start < end <= 1440)`,
    );
  }
}

/** Encodes the document body (the bytes the provider signs). Throws MalformedMessageError on bad fields. */
export function encodeCredentialBody(doc: CredentialDocument): Uint8Array {
  assertKeyId(doc.keyId);
  if (doc.endpointPublicKey.length !== PUBLIC_KEY_LENGTH) {
    throw new MalformedMessageError(`endpoint public key must be ${PUBLIC_KEY_LENGTH} bytes`);
  }
  if (doc.notAfter <= doc.notBefore) throw new MalformedMessageError('notAfter must be after notBefore');
  const schedule = new Uint8Array(doc.schedule.length * 5);
  const view = new DataView(schedule.buffer);
  doc.schedule.forEach((w, i) => {
    checkSchedule(w);
    view.setUint8(i * 5, w.days);
    view.setUint16(i * 5 + 1, w.startMinute, true);
    view.setUint16(i * 5 + 3, w.endMinute, true);
  });
  const seqEntries = Object.entries(doc.keySequences);
  const sequences = new Uint8Array(seqEntries.length * 20);
  const seqView = new DataView(sequences.buffer);
  seqEntries.forEach(([lockId, seq], i) => {
    if (!Number.isInteger(seq) || seq < 0 || seq > 0xffff_ffff) {
      throw new MalformedMessageError(`key sequence for ${lockId} must be a u32, got ${seq}`);
    }
    sequences.set(uuidToBytes(lockId), i * 20);
    seqView.setUint32(i * 20 + 16, seq, true);
  });
  const fields: TlvField[] = [
    tlvBytes(T.CREDENTIAL_ID, uuidToBytes(doc.credentialId)),
    tlvString(T.USER_IDENTITY_ID, doc.userIdentityId),
    tlvString(T.ACCESS_GRANT_ID, doc.accessGrantId),
    tlvBytes(T.ENDPOINT_PUBLIC_KEY, doc.endpointPublicKey),
    tlvBytes(T.ENTRANCES, encodeUuidList(doc.entrances)),
    tlvU16List(T.FLOORS, doc.floors),
    tlvU64(T.NOT_BEFORE, doc.notBefore),
    tlvU64(T.NOT_AFTER, doc.notAfter),
    tlvBytes(T.SCHEDULE, schedule),
    tlvBytes(T.KEY_SEQUENCES, sequences),
    tlvU64(T.ISSUED_AT, doc.issuedAt),
  ];
  if (doc.maxUsesPerDay !== undefined) fields.push(tlvU16(T.MAX_USES_PER_DAY, doc.maxUsesPerDay));
  fields.push(tlvString(T.KEY_ID, doc.keyId));
  for (const id of [doc.userIdentityId, doc.accessGrantId]) {
    if (new TextEncoder().encode(id).length > ID_MAX) throw new MalformedMessageError(`id "${id.slice(0, 20)}…" exceeds ${ID_MAX} bytes`);
  }
  return encodeTlv(fields);
}

/** Decodes a document body. Throws MalformedMessageError naming the bad field. */
export function decodeCredentialBody(body: Uint8Array): CredentialDocument {
  const r = new TlvReader(body, { knownTags: Object.values(T), tagNames: names, context: 'credential document' });
  const scheduleBytes = r.bytes(T.SCHEDULE);
  if (scheduleBytes.length % 5 !== 0) throw new MalformedMessageError('credential document: schedule length is not a multiple of 5');
  const sv = new DataView(scheduleBytes.buffer, scheduleBytes.byteOffset, scheduleBytes.length);
  const schedule: ScheduleWindow[] = [];
  for (let i = 0; i < scheduleBytes.length; i += 5) {
    const w = { days: sv.getUint8(i), startMinute: sv.getUint16(i + 1, true), endMinute: sv.getUint16(i + 3, true) };
    checkSchedule(w);
    schedule.push(w);
  }
  const seqBytes = r.bytes(T.KEY_SEQUENCES);
  if (seqBytes.length % 20 !== 0) throw new MalformedMessageError('credential document: key sequences length is not a multiple of 20');
  const qv = new DataView(seqBytes.buffer, seqBytes.byteOffset, seqBytes.length);
  const keySequences: Record<string, number> = {};
  for (let i = 0; i < seqBytes.length; i += 20) {
    keySequences[bytesToUuid(seqBytes.subarray(i, i + 16))] = qv.getUint32(i + 16, true);
  }
  const doc: CredentialDocument = {
    credentialId: bytesToUuid(r.bytes(T.CREDENTIAL_ID, { length: 16 })),
    userIdentityId: r.string(T.USER_IDENTITY_ID, { maxLength: ID_MAX }),
    accessGrantId: r.string(T.ACCESS_GRANT_ID, { maxLength: ID_MAX }),
    endpointPublicKey: r.bytes(T.ENDPOINT_PUBLIC_KEY, { length: PUBLIC_KEY_LENGTH }).slice(),
    entrances: decodeUuidList(r.bytes(T.ENTRANCES), 'credential document entrances'),
    floors: r.u16List(T.FLOORS),
    notBefore: r.u64(T.NOT_BEFORE),
    notAfter: r.u64(T.NOT_AFTER),
    schedule,
    keySequences,
    issuedAt: r.u64(T.ISSUED_AT),
    maxUsesPerDay: r.optionalU16(T.MAX_USES_PER_DAY),
    keyId: r.string(T.KEY_ID, { maxLength: 32 }),
  };
  if (doc.maxUsesPerDay === undefined) delete (doc as { maxUsesPerDay?: number }).maxUsesPerDay;
  return doc;
}
