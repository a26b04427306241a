/** Audit records (PROTOCOL.md §10). */
import { bytesToUuid, uuidToBytes } from '../bytes.js';
import { MalformedMessageError } from '../errors.js';
import { isCommandOp, type CommandOpValue } from '../messages/CommandOp.js';
import { encodeTlv, tlvBytes, tlvU16List, tlvU32, tlvU64, tlvU8, TlvReader } from '../tlv.js';

/** One entry of a lock's audit trail. */
export interface AuditRecord {
  /** u32, increases by one per record; never reused while the lock lives. */
  readonly sequence: number;
  /** Lock time of the attempt (ms since epoch; 0 when the clock was unset). */
  readonly time: number;
  /** The credential used (all-zero UUID when the handshake failed before a document verified). */
  readonly credentialId: string;
  readonly op: CommandOpValue;
  /** ResultCode value of the outcome. */
  readonly resultCode: number;
  /** Floors granted (elevators); empty otherwise. */
  readonly floors: readonly number[];
}

/** The credential id written when none was verified. */
export const NO_CREDENTIAL_ID = '00000000-0000-0000-0000-000000000000';

/** TLV tags of an audit record (§10). */
export const AuditRecordTag = { SEQUENCE: 0x01, TIME: 0x02, CREDENTIAL_ID: 0x03, OP: 0x04, RESULT: 0x05, FLOORS: 0x06 } as const;
const T = AuditRecordTag;

export function encodeAuditRecord(r: AuditRecord): Uint8Array {
  return encodeTlv([
    tlvU32(T.SEQUENCE, r.sequence),
    tlvU64(T.TIME, r.time),
    tlvBytes(T.CREDENTIAL_ID, uuidToBytes(r.credentialId)),
    tlvU8(T.OP, r.op),
    tlvU8(T.RESULT, r.resultCode),
    tlvU16List(T.FLOORS, r.floors),
  ]);
}

export function decodeAuditRecord(bytes: Uint8Array): AuditRecord {
  const r = new TlvReader(bytes, {
    knownTags: Object.values(T),
    tagNames: { 1: 'sequence', 2: 'time', 3: 'credential_id', 4: 'op', 5: 'result', 6: 'floors' },
    context: 'audit record',
  });
  const op = r.u8(T.OP);
  if (!isCommandOp(op)) throw new MalformedMessageError(`audit record: unknown op ${op}`);
  return {
    sequence: r.u32(T.SEQUENCE),
    time: r.u64(T.TIME),
    credentialId: bytesToUuid(r.bytes(T.CREDENTIAL_ID, { length: 16 })),
    op,
    resultCode: r.u8(T.RESULT),
    floors: r.u16List(T.FLOORS),
  };
}
