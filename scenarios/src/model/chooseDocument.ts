/**
 * Which of the documents a phone holds for one entrance it presents at time `t` (the phone's
 * clock): the rule of the issue #16 decisions (P1, docs/CLIENT.md "Document choice"). The rig
 * runner uses it for the hostile 'present' step, which bypasses the app's own choice.
 */
import type { WalletCredential } from '@keyrig/client';

/** The highest key sequence a document carries for its entrance's locks (-1: none). */
function sequenceOf(c: WalletCredential): number {
  const seqs = c.entrance.lockIds.map((id) => c.document.keySequences[id]).filter((x): x is number => x !== undefined);
  return seqs.length > 0 ? Math.max(...seqs) : -1;
}

/** P1: valid at t first (highest sequence, latest notAfter, latest issuedAt, lowest id); else the next to start; else the last to end. */
export function chooseDocument(held: readonly WalletCredential[], t: number): WalletCredential | undefined {
  const valid = held.filter((c) => c.document.notBefore <= t && t < c.document.notAfter);
  if (valid.length > 0) {
    return [...valid].sort(
      (a, b) =>
        sequenceOf(b) - sequenceOf(a) ||
        b.document.notAfter - a.document.notAfter ||
        b.document.issuedAt - a.document.issuedAt ||
        (a.document.credentialId < b.document.credentialId ? -1 : a.document.credentialId > b.document.credentialId ? 1 : 0),
    )[0];
  }
  const future = held.filter((c) => c.document.notBefore > t).sort((a, b) => a.document.notBefore - b.document.notBefore);
  if (future.length > 0) return future[0];
  return [...held].sort((a, b) => b.document.notAfter - a.document.notAfter)[0];
}
