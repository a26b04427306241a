/**
 * The docs/PROTOCOL.md section each conformance test checks (issue #18): printed with every result
 * so a partner reads the rule a failure breaks. Keys are test ids; values start a PROTOCOL.md heading.
 */
const S = {
  adv: '§1 Advertisement',
  info: '§2.1 Info characteristic',
  fragments: '§2.2 Writing and reading fragments',
  receiver: '§3.3 Receiver rules and errors',
  hello: '§7.2 HELLO and version selection',
  lockAuth: '§7.3 LOCK_AUTH',
  phoneAuth: '§7.5 Lock checks of PHONE_AUTH',
  command: '§7.6 COMMAND',
  decision: '§7.7 Access decision',
  document: '§6 Credential document',
  blobs: '§9 Provider-signed blobs: blocklist and time sync',
  sealed: '§10.1 Sealed audit records',
} as const;

export const PROTOCOL_SECTIONS: Readonly<Record<string, string>> = {
  'KR/LOCK/ADV/BV-01-C': S.adv,
  'KR/LOCK/GATT/BV-01-C': S.info,
  'KR/LOCK/GATT/BI-01-C': S.info,
  'KR/LOCK/GATT/BV-02-C': S.receiver,
  'KR/LOCK/GATT/BV-03-C': S.fragments,
  'KR/LOCK/GATT/BV-04-C': S.fragments,
  'KR/LOCK/AUTH/BV-01-C': S.lockAuth,
  'KR/LOCK/AUTH/BV-02-C': S.hello,
  'KR/LOCK/AUTH/BI-01-C': S.phoneAuth,
  'KR/LOCK/AUTH/BI-02-C': S.phoneAuth,
  'KR/LOCK/AUTH/BI-03-C': S.phoneAuth,
  'KR/LOCK/AUTH/BI-04-C': S.phoneAuth,
  'KR/LOCK/AUTH/BI-05-C': S.phoneAuth,
  'KR/LOCK/AUTH/BI-06-C': S.hello,
  'KR/LOCK/AUTH/BI-07-C': S.command,
  'KR/LOCK/AUD/BV-01-C': S.sealed,
  'KR/LOCK/AUD/BI-01-C': S.sealed,
  'KR/LOCK/ACC/BI-01-C': S.decision,
  'KR/LOCK/ACC/BI-02-C': S.decision,
  'KR/LOCK/ACC/BI-03-C': S.decision,
  'KR/LOCK/ACC/BI-04-C': S.decision,
  'KR/LOCK/ACC/BV-01-C': S.decision,
  'KR/LOCK/ACC/BI-06-C': S.blobs,
  'KR/LOCK/ACC/BV-02-C': S.decision,
  'KR/LOCK/ACC/BI-05-C': S.decision,
  'KR/LOCK/BLK/BV-01-C': S.blobs,
  'KR/LOCK/BLK/BV-02-C': S.blobs,
  'KR/LOCK/BLK/BI-01-C': S.blobs,
  'KR/LOCK/KEY/BV-01-C': S.document,
  'KR/LOCK/KEY/BI-01-C': S.document,
  'KR/LOCK/TIME/BV-01-C': S.blobs,
  'KR/LOCK/TIME/BV-02-C': S.blobs,
  'KR/LOCK/TIME/BV-03-C': S.blobs,
  'KR/LOCK/TIME/BI-02-C': S.blobs,
  'KR/LOCK/TIME/BI-01-C': S.blobs,
};

/** "PROTOCOL.md §7.5 …" for a catalogue test id; undefined for an id outside the catalogue. */
export function protocolSection(id: string): string | undefined {
  const s = PROTOCOL_SECTIONS[id];
  return s === undefined ? undefined : `PROTOCOL.md ${s}`;
}
