/** Blocklist and time sync body encodings (PROTOCOL.md §9). */
import { bytesToUuid, uuidToBytes } from '../bytes.js';
import { assertKeyId } from '../crypto/providerKeys.js';
import { decodeUuidList, encodeUuidList } from '../credential/credentialCodec.js';
import { encodeTlv, tlvBytes, tlvString, tlvU32, tlvU64, TlvReader, type TlvField } from '../tlv.js';
import type { Blocklist, TimeSync } from './blobTypes.js';

/** TLV tags of the blocklist body. */
export const BlocklistTag = { VERSION: 0x01, ISSUED_AT: 0x02, REVOKED: 0x03, KEY_ID: 0x04 } as const;
/** TLV tags of the time sync body. */
export const TimeSyncTag = { TIME: 0x01, LOCK_ID: 0x02, KEY_ID: 0x03 } as const;

export function encodeBlocklistBody(b: Blocklist): Uint8Array {
  assertKeyId(b.keyId);
  return encodeTlv([
    tlvU32(BlocklistTag.VERSION, b.version),
    tlvU64(BlocklistTag.ISSUED_AT, b.issuedAt),
    tlvBytes(BlocklistTag.REVOKED, encodeUuidList(b.revokedCredentialIds)),
    tlvString(BlocklistTag.KEY_ID, b.keyId),
  ]);
}

export function decodeBlocklistBody(body: Uint8Array): Blocklist {
  const r = new TlvReader(body, {
    knownTags: Object.values(BlocklistTag),
    tagNames: { 1: 'version', 2: 'issued_at', 3: 'revoked', 4: 'key_id' },
    context: 'blocklist',
  });
  return {
    version: r.u32(BlocklistTag.VERSION),
    issuedAt: r.u64(BlocklistTag.ISSUED_AT),
    revokedCredentialIds: decodeUuidList(r.bytes(BlocklistTag.REVOKED), 'blocklist revoked ids'),
    keyId: r.string(BlocklistTag.KEY_ID, { maxLength: 32 }),
  };
}

export function encodeTimeSyncBody(t: TimeSync): Uint8Array {
  assertKeyId(t.keyId);
  const fields: TlvField[] = [tlvU64(TimeSyncTag.TIME, t.time)];
  if (t.lockId !== undefined) fields.push(tlvBytes(TimeSyncTag.LOCK_ID, uuidToBytes(t.lockId)));
  fields.push(tlvString(TimeSyncTag.KEY_ID, t.keyId));
  return encodeTlv(fields);
}

export function decodeTimeSyncBody(body: Uint8Array): TimeSync {
  const r = new TlvReader(body, {
    knownTags: Object.values(TimeSyncTag),
    tagNames: { 1: 'time', 2: 'lock_id', 3: 'key_id' },
    context: 'time sync',
  });
  const lockId = r.optionalBytes(TimeSyncTag.LOCK_ID, { length: 16 });
  const out: TimeSync = { time: r.u64(TimeSyncTag.TIME), keyId: r.string(TimeSyncTag.KEY_ID, { maxLength: 32 }) };
  return lockId === undefined ? out : { ...out, lockId: bytesToUuid(lockId) };
}
