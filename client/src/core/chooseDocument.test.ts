/**
 * The document-choice rule, checked against hand-computed cases of issue #16 P1/P2 (the rule as
 * docs/CLIENT.md states it), not against the implementation's own ordering.
 */
import { describe, expect, it } from 'vitest';
import { chooseDocument, documentForLockTime } from './chooseDocument.js';

const LOCK = 'lock-101';
const H = 3_600_000;
const DAY = 24 * H;

function doc(id: string, o: { nb: number; na: number; issued?: number; seq?: number; entrances?: string[] }) {
  return {
    document: {
      credentialId: id,
      entrances: o.entrances ?? [LOCK],
      issuedAt: o.issued ?? 0,
      notBefore: o.nb,
      notAfter: o.na,
      ...(o.seq !== undefined ? { keySequences: { [LOCK]: o.seq } } : {}),
    },
  };
}
const ids = (c: { document: { credentialId: string } } | undefined) => c?.document.credentialId;

describe('chooseDocument (P1)', () => {
  // Current stay days 0–3 at sequence 4; a future stay days 10–12 booked later as an override (5).
  const current = doc('current', { nb: 0, na: 3 * DAY, issued: 100, seq: 4 });
  const future = doc('future', { nb: 10 * DAY, na: 12 * DAY, issued: 200, seq: 5 });

  it('during the current stay: the current document, although the future one has a higher sequence and was issued later', () => {
    expect(ids(chooseDocument([future, current], LOCK, 1 * DAY))).toBe('current');
  });
  it('at the future stay: the future document', () => {
    expect(ids(chooseDocument([current, future], LOCK, 10 * DAY))).toBe('future');
  });
  it('validity bounds: valid at notBefore, not valid at notAfter', () => {
    expect(ids(chooseDocument([current, future], LOCK, 3 * DAY))).toBe('future'); // current ended at 3 d
    expect(ids(chooseDocument([current, future], LOCK, 3 * DAY - 1))).toBe('current');
  });
  it('between stays (none valid): the one not yet valid with the earliest notBefore', () => {
    const later = doc('later', { nb: 20 * DAY, na: 21 * DAY, seq: 9 });
    expect(ids(chooseDocument([later, current, future], LOCK, 5 * DAY))).toBe('future');
  });
  it('all ended: the latest notAfter', () => {
    expect(ids(chooseDocument([future, current], LOCK, 30 * DAY))).toBe('future');
    const a = doc('a', { nb: 0, na: 5 * DAY, seq: 1 });
    const b = doc('b', { nb: 0, na: 4 * DAY, seq: 7 });
    expect(ids(chooseDocument([b, a], LOCK, 6 * DAY))).toBe('a');
  });
  it('several valid: highest key sequence; a document without one counts lowest', () => {
    const none = doc('none', { nb: 0, na: 9 * DAY, issued: 900 });
    const s0 = doc('s0', { nb: 0, na: 1 * DAY + 1, issued: 1, seq: 0 });
    const s2 = doc('s2', { nb: 0, na: 1 * DAY + 1, issued: 1, seq: 2 });
    expect(ids(chooseDocument([none, s0], LOCK, DAY))).toBe('s0');
    expect(ids(chooseDocument([none, s0, s2], LOCK, DAY))).toBe('s2');
  });
  it('equal sequence: latest notAfter, then latest issuedAt, then the lowest credential id', () => {
    const short = doc('x-short', { nb: 0, na: 2 * DAY, issued: 50, seq: 3 });
    const long = doc('y-long', { nb: 0, na: 4 * DAY, issued: 10, seq: 3 });
    expect(ids(chooseDocument([short, long], LOCK, DAY))).toBe('y-long');
    const old = doc('z-old', { nb: 0, na: 4 * DAY, issued: 10 });
    const fresh = doc('z-fresh', { nb: 0, na: 4 * DAY, issued: 11 });
    expect(ids(chooseDocument([old, fresh], LOCK, DAY))).toBe('z-fresh');
    const b = doc('bbb', { nb: 0, na: 4 * DAY, issued: 10 });
    const a = doc('aaa', { nb: 0, na: 4 * DAY, issued: 10 });
    expect(ids(chooseDocument([b, a], LOCK, DAY))).toBe('aaa');
    expect(ids(chooseDocument([a, b], LOCK, DAY))).toBe('aaa');
  });
  it('the key sequence counts for the lock asked about only', () => {
    const other = { document: { ...doc('other-seq', { nb: 0, na: 2 * DAY }).document, keySequences: { 'lock-202': 9 } } };
    const mine = doc('mine', { nb: 0, na: 2 * DAY, seq: 0 });
    expect(ids(chooseDocument([other, mine], LOCK, DAY))).toBe('mine');
  });
  it('only documents listing the lock; none → undefined', () => {
    const gym = doc('gym', { nb: 0, na: 9 * DAY, seq: 50, entrances: ['gym'] });
    expect(ids(chooseDocument([gym, current], LOCK, DAY))).toBe('current');
    expect(chooseDocument([gym], LOCK, DAY)).toBeUndefined();
    expect(chooseDocument([], LOCK, DAY)).toBeUndefined();
  });
  it('refuses a time that is not a number', () => {
    expect(() => chooseDocument([current], LOCK, Number.NaN)).toThrow(/finite/);
  });
});

describe('documentForLockTime (P2)', () => {
  const current = doc('current', { nb: 0, na: 3 * DAY, seq: 4 });
  const future = doc('future', { nb: 10 * DAY, na: 12 * DAY, seq: 5 });
  const held = [current, future];

  it('NOT_YET_VALID with the lock behind the phone: the document valid at the lock time', () => {
    // Phone at day 10 presented "future"; the lock's clock says day 2.
    expect(ids(documentForLockTime(held, LOCK, { codeName: 'NOT_YET_VALID', presentedId: 'future', lockTime: 2 * DAY }))).toBe('current');
  });
  it('EXPIRED with the lock ahead of the phone: the document valid at the lock time', () => {
    expect(ids(documentForLockTime(held, LOCK, { codeName: 'EXPIRED', presentedId: 'current', lockTime: 11 * DAY }))).toBe('future');
  });
  it('no reconnection when the lock time picks the same document, the clock is unset, or the code is another', () => {
    // Between stays at the lock's time, P1 picks the earliest future document: literally "another
    // P1 choice", so the app reconnects with it (and gets the lock's NOT_YET_VALID as its answer).
    expect(ids(documentForLockTime(held, LOCK, { codeName: 'EXPIRED', presentedId: 'current', lockTime: 4 * DAY }))).toBe('future');
    expect(documentForLockTime([current], LOCK, { codeName: 'EXPIRED', presentedId: 'current', lockTime: 4 * DAY })).toBeUndefined();
    expect(documentForLockTime(held, LOCK, { codeName: 'NOT_YET_VALID', presentedId: 'future', lockTime: 0 })).toBeUndefined();
    expect(documentForLockTime(held, LOCK, { codeName: 'NOT_YET_VALID', presentedId: 'future', lockTime: undefined })).toBeUndefined();
    expect(documentForLockTime(held, LOCK, { codeName: 'SUPERSEDED', presentedId: 'future', lockTime: 2 * DAY })).toBeUndefined();
  });
});
