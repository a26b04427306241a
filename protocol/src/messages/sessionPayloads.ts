/**
 * Plaintexts of the encrypted messages (PROTOCOL.md §7): each is a TLV body sealed by
 * `sealMessage`. PHONE_AUTH's payload, SESSION_READY, COMMAND, RESULT, AUDIT_RECORDS.
 */
import { readSealedAuditHeader, type SealedAudit } from '../audit/sealedAuditRecord.js';
import { SIGNATURE_LENGTH } from '../crypto/ecdsa.js';
import { MalformedMessageError } from '../errors.js';
import {
  decodeTlv,
  encodeTlv,
  tlvBytes,
  tlvU16List,
  tlvU32,
  tlvU64,
  tlvU8,
  TlvReader,
  type TlvField,
} from '../tlv.js';
import { CommandOp, isCommandOp, type CommandOpValue } from './CommandOp.js';

/** PHONE_AUTH encrypted payload. */
export interface PhoneAuthPayload {
  /** Credential document bytes (§6 envelope). */
  readonly credential: Uint8Array;
  /** Endpoint signature (64 bytes) over the endpoint-auth input (§7). */
  readonly endpointSignature: Uint8Array;
  readonly blocklist?: Uint8Array | undefined;
  readonly timeSync?: Uint8Array | undefined;
  /**
   * How long the phone has held the time sync, by its own clock (ms, u32; only with `timeSync`):
   * the sync proves "now ≥ its time", this says by how much (§9). An unsigned claim.
   */
  readonly timeSyncAgeMs?: number | undefined;
}

export interface SessionReady {
  readonly lockTime: number;
  readonly auditHighWater: number;
}

/** COMMAND plaintext as on the wire. */
export interface CommandBody {
  readonly op: Exclude<CommandOpValue, 0>;
  /** SELECT_FLOORS only. */
  readonly floors?: readonly number[] | undefined;
  /** FETCH_AUDIT only. */
  readonly fromSequence?: number | undefined;
}

export interface ResultBody {
  readonly code: number;
  readonly grantedFloors: readonly number[];
  readonly lockTime: number;
  /** Sequence of the audit record written (0 when none). */
  readonly auditSequence: number;
  readonly relockTime?: number | undefined;
}

export interface AuditRecordsBody {
  /** Sealed audit records (§10.1): opaque to the phone but for lock id and sequence. */
  readonly records: readonly SealedAudit[];
  /** fromSequence for the next FETCH_AUDIT. */
  readonly nextSequence: number;
  /** True when more records wait. */
  readonly more: boolean;
}

const PA = { CREDENTIAL: 0x01, ENDPOINT_SIGNATURE: 0x02, BLOCKLIST: 0x03, TIME_SYNC: 0x04, TIME_SYNC_AGE: 0x85 } as const;
const SR = { LOCK_TIME: 0x01, AUDIT_HIGH_WATER: 0x02 } as const;
const CM = { OP: 0x01, FLOORS: 0x02, FROM_SEQUENCE: 0x03 } as const;
const RS = { CODE: 0x01, GRANTED_FLOORS: 0x02, LOCK_TIME: 0x03, AUDIT_SEQUENCE: 0x04, RELOCK_TIME: 0x05 } as const;
const AR = { RECORD: 0x01, NEXT_SEQUENCE: 0x02, MORE: 0x03 } as const;

export function encodePhoneAuthPayload(p: PhoneAuthPayload): Uint8Array {
  if (p.endpointSignature.length !== SIGNATURE_LENGTH) throw new MalformedMessageError('PHONE_AUTH: endpoint signature must be 64 bytes');
  const fields: TlvField[] = [tlvBytes(PA.CREDENTIAL, p.credential), tlvBytes(PA.ENDPOINT_SIGNATURE, p.endpointSignature)];
  if (p.blocklist !== undefined) fields.push(tlvBytes(PA.BLOCKLIST, p.blocklist));
  if (p.timeSync !== undefined) fields.push(tlvBytes(PA.TIME_SYNC, p.timeSync));
  if (p.timeSyncAgeMs !== undefined) {
    if (p.timeSync === undefined) throw new MalformedMessageError('PHONE_AUTH: a time sync age needs a time sync');
    fields.push(tlvU32(PA.TIME_SYNC_AGE, p.timeSyncAgeMs));
  }
  return encodeTlv(fields);
}

export function decodePhoneAuthPayload(body: Uint8Array): PhoneAuthPayload {
  const r = new TlvReader(body, {
    knownTags: Object.values(PA),
    tagNames: { 1: 'credential', 2: 'endpoint_signature', 3: 'blocklist', 4: 'time_sync', 5: 'time_sync_age' },
    context: 'PHONE_AUTH payload',
  });
  const out: PhoneAuthPayload = {
    credential: r.bytes(PA.CREDENTIAL).slice(),
    endpointSignature: r.bytes(PA.ENDPOINT_SIGNATURE, { length: SIGNATURE_LENGTH }).slice(),
  };
  const blocklist = r.optionalBytes(PA.BLOCKLIST)?.slice();
  const timeSync = r.optionalBytes(PA.TIME_SYNC)?.slice();
  const timeSyncAgeMs = r.optionalU32(PA.TIME_SYNC_AGE);
  if (timeSyncAgeMs !== undefined && timeSync === undefined) throw new MalformedMessageError('PHONE_AUTH payload: time_sync_age without time_sync');
  return {
    ...out,
    ...(blocklist && { blocklist }),
    ...(timeSync && { timeSync }),
    ...(timeSyncAgeMs !== undefined && { timeSyncAgeMs }),
  };
}

export function encodeSessionReady(s: SessionReady): Uint8Array {
  return encodeTlv([tlvU64(SR.LOCK_TIME, s.lockTime), tlvU32(SR.AUDIT_HIGH_WATER, s.auditHighWater)]);
}

export function decodeSessionReady(body: Uint8Array): SessionReady {
  const r = new TlvReader(body, { knownTags: Object.values(SR), tagNames: { 1: 'lock_time', 2: 'audit_high_water' }, context: 'SESSION_READY' });
  return { lockTime: r.u64(SR.LOCK_TIME), auditHighWater: r.u32(SR.AUDIT_HIGH_WATER) };
}

export function encodeCommand(c: CommandBody): Uint8Array {
  const fields: TlvField[] = [tlvU8(CM.OP, c.op)];
  if (c.op === CommandOp.SELECT_FLOORS) {
    if (c.floors === undefined || c.floors.length === 0) throw new MalformedMessageError('COMMAND: select floors needs at least one floor');
    fields.push(tlvU16List(CM.FLOORS, c.floors));
  }
  if (c.op === CommandOp.FETCH_AUDIT) fields.push(tlvU32(CM.FROM_SEQUENCE, c.fromSequence ?? 0));
  return encodeTlv(fields);
}

export function decodeCommand(body: Uint8Array): CommandBody {
  const r = new TlvReader(body, { knownTags: Object.values(CM), tagNames: { 1: 'op', 2: 'floors', 3: 'from_sequence' }, context: 'COMMAND' });
  const op = r.u8(CM.OP);
  if (!isCommandOp(op) || op === CommandOp.HANDSHAKE) throw new MalformedMessageError(`COMMAND: unknown op ${op}`);
  if (op === CommandOp.SELECT_FLOORS) {
    const floors = r.u16List(CM.FLOORS);
    if (floors.length === 0) throw new MalformedMessageError('COMMAND: select floors with no floors');
    return { op, floors };
  }
  if (op === CommandOp.FETCH_AUDIT) return { op, fromSequence: r.u32(CM.FROM_SEQUENCE) };
  return { op };
}

export function encodeResult(x: ResultBody): Uint8Array {
  const fields: TlvField[] = [
    tlvU8(RS.CODE, x.code),
    tlvU16List(RS.GRANTED_FLOORS, x.grantedFloors),
    tlvU64(RS.LOCK_TIME, x.lockTime),
    tlvU32(RS.AUDIT_SEQUENCE, x.auditSequence),
  ];
  if (x.relockTime !== undefined) fields.push(tlvU64(RS.RELOCK_TIME, x.relockTime));
  return encodeTlv(fields);
}

export function decodeResult(body: Uint8Array): ResultBody {
  const r = new TlvReader(body, {
    knownTags: Object.values(RS),
    tagNames: { 1: 'code', 2: 'granted_floors', 3: 'lock_time', 4: 'audit_sequence', 5: 'relock_time' },
    context: 'RESULT',
  });
  const out: ResultBody = {
    code: r.u8(RS.CODE),
    grantedFloors: r.u16List(RS.GRANTED_FLOORS),
    lockTime: r.u64(RS.LOCK_TIME),
    auditSequence: r.u32(RS.AUDIT_SEQUENCE),
  };
  const relockTime = r.optionalU64(RS.RELOCK_TIME);
  return relockTime === undefined ? out : { ...out, relockTime };
}

export function encodeAuditRecords(a: AuditRecordsBody): Uint8Array {
  return encodeTlv([
    ...a.records.map((rec) => tlvBytes(AR.RECORD, rec.sealed)),
    tlvU32(AR.NEXT_SEQUENCE, a.nextSequence),
    tlvU8(AR.MORE, a.more ? 1 : 0),
  ]);
}

export function decodeAuditRecords(body: Uint8Array): AuditRecordsBody {
  // RECORD repeats, so this uses decodeTlv rather than TlvReader (which refuses duplicates).
  const fields = decodeTlv(body, { knownTags: Object.values(AR), context: 'AUDIT_RECORDS' });
  const records: SealedAudit[] = [];
  const rest: TlvField[] = [];
  for (const f of fields) {
    if (f.tag !== AR.RECORD) {
      rest.push(f);
      continue;
    }
    const h = readSealedAuditHeader(f.value);
    records.push({ lockId: h.lockId, sequence: h.sequence, sealed: f.value });
  }
  const r = new TlvReader(encodeTlv(rest), { tagNames: { 2: 'next_sequence', 3: 'more' }, context: 'AUDIT_RECORDS' });
  const more = r.u8(AR.MORE);
  if (more > 1) throw new MalformedMessageError(`AUDIT_RECORDS: more flag must be 0 or 1, got ${more}`);
  return { records, nextSequence: r.u32(AR.NEXT_SEQUENCE), more: more === 1 };
}
