/**
 * The document a phone presents (issue #16 decision P1, CLIENT.md "Document choice"), on
 * hand-made documents: valid at t first — highest key sequence, then latest notAfter, then
 * latest issued_at, then lowest credential id; none valid: the next to start; all ended: the
 * last to end.
 */
import { describe, expect, it } from 'vitest';
import type { WalletCredential } from '@keyrig/client';
import { chooseDocument } from '../../src/model/chooseDocument.js';

const LOCK = 'lock-101';
function doc(id: string, notBefore: number, notAfter: number, o: { seq?: number; issuedAt?: number } = {}): WalletCredential {
  return {
    bytes: new Uint8Array(),
    accessGrantId: `grant-${id}`,
    entrance: { acsEntranceId: 'e', name: 'Room 101', type: 'door', lockIds: [LOCK], floors: [] },
    document: { credentialId: id, notBefore, notAfter, issuedAt: o.issuedAt ?? 0, keySequences: o.seq !== undefined ? { [LOCK]: o.seq } : {} },
  } as unknown as WalletCredential;
}
const ids = (c: WalletCredential | undefined) => c?.document.credentialId;

describe('chooseDocument (P1)', () => {
  const now = 1000;
  it('a document valid now beats a future stay with a higher key sequence', () => {
    expect(ids(chooseDocument([doc('future', 2000, 3000, { seq: 9 }), doc('current', 500, 1500, { seq: 1 })], now))).toBe('current');
  });
  it('among valid ones: highest sequence (none lowest), then latest notAfter, then latest issued, then lowest id', () => {
    expect(ids(chooseDocument([doc('a', 0, 5000), doc('b', 0, 2000, { seq: 0 })], now))).toBe('b');
    expect(ids(chooseDocument([doc('a', 0, 2000, { seq: 3 }), doc('b', 0, 4000, { seq: 3 })], now))).toBe('b');
    expect(ids(chooseDocument([doc('a', 0, 2000, { issuedAt: 9 }), doc('b', 0, 2000, { issuedAt: 5 })], now))).toBe('a');
    expect(ids(chooseDocument([doc('b', 0, 2000), doc('a', 0, 2000)], now))).toBe('a');
  });
  it('notBefore is inclusive, notAfter exclusive', () => {
    expect(ids(chooseDocument([doc('ends', 0, 1000), doc('starts', 1000, 3000)], now))).toBe('starts');
  });
  it('none valid: the earliest to start among those not yet valid, else the last to end', () => {
    expect(ids(chooseDocument([doc('old', 0, 900), doc('later', 5000, 6000), doc('sooner', 2000, 9000)], now))).toBe('sooner');
    expect(ids(chooseDocument([doc('old', 0, 900), doc('older', 0, 800)], now))).toBe('old');
    expect(chooseDocument([], now)).toBeUndefined();
  });
});
