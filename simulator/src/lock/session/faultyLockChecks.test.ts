/**
 * Each session fault profile swaps exactly its own decision: the same stimuli go to the reference
 * checks and to the faulty ones, and only the decisions the bug is about may differ.
 */
import { describe, expect, it } from 'vitest';
import {
  decodeCredentialDocument,
  generateSigningKeyPair,
  MessageType,
  referenceLockChecks,
  SignatureContext,
  signWithContext,
  verifyWithContext,
  exportPublicKeyRaw,
  type LockChecks,
} from '@keyrig/protocol';
import { silentLogger } from '../../../test/lock/fixtures.js';
import { blocklistBlob, issueKey, makeProvider, timeSyncBlob } from '../../../test/lock/world.js';
import { FaultSet, type FaultName } from '../faults.js';
import { faultyLockChecks, SESSION_FAULTS } from './faultyLockChecks.js';

const LOCK_ID = '00000000-0000-4000-8000-000000000001';
const BODY = Uint8Array.of(7, 7, 7);
/** The blocklist version the lock holds in these stimuli (for refuses-stale-blocklist). */
const HELD = () => 2;

/** Every decision the lock makes, on a stimulus each, summarised as 'ok' or the refusal's code name. */
async function stimuli() {
  const provider = await makeProvider('prov-1');
  const impostor = await makeProvider('prov-1'); // same key id, another key
  const lockKey = await generateSigningKeyPair(false);
  const genuine = await issueKey(provider, [LOCK_ID]);
  const forged = await issueKey(impostor, [LOCK_ID]);
  const unknownKey = await issueKey(await makeProvider('prov-9'), [LOCK_ID]);
  const endpointPublicKey = await exportPublicKeyRaw(genuine.endpointKey.publicKey);
  const thief = await generateSigningKeyPair(false);
  const summary = (r: { ok: true } | { ok: false; codeName: string }) => (r.ok ? 'ok' : r.codeName);
  const keys = provider.keys;
  const decisions = {
    lockAuthSigned: async (c: LockChecks) => ((await verifyWithContext(lockKey.publicKey, SignatureContext.LOCK_AUTH, BODY, await c.signLockAuth(lockKey.privateKey, BODY))) ? 'ok' : 'unsigned'),
    freshCommand: async (c: LockChecks) => summary(await c.checkCounter({ type: MessageType.COMMAND, counter: 3, lastAccepted: 2 })),
    replayedCommand: async (c: LockChecks) => summary(await c.checkCounter({ type: MessageType.COMMAND, counter: 2, lastAccepted: 2 })),
    replayedError: async (c: LockChecks) => summary(await c.checkCounter({ type: MessageType.ERROR, counter: 1, lastAccepted: 2 })),
    phoneAuthCounter2: async (c: LockChecks) => summary(await c.checkCounter({ type: MessageType.PHONE_AUTH, counter: 2, lastAccepted: 0 })),
    genuineDocument: async (c: LockChecks) => summary(await c.verifyCredential(genuine.credential.bytes, keys)),
    forgedDocument: async (c: LockChecks) => summary(await c.verifyCredential(forged.credential.bytes, keys)),
    unknownKeyDocument: async (c: LockChecks) => summary(await c.verifyCredential(unknownKey.credential.bytes, keys)),
    malformedDocument: async (c: LockChecks) => summary(await c.verifyCredential(Uint8Array.of(1, 2, 3), keys)),
    boundEndpoint: async (c: LockChecks) =>
      summary(await c.verifyEndpoint({ endpointPublicKey, body: BODY, signature: await signWithContext(genuine.endpointKey.privateKey, SignatureContext.ENDPOINT_AUTH, BODY) })),
    copiedEndpoint: async (c: LockChecks) =>
      summary(await c.verifyEndpoint({ endpointPublicKey, body: BODY, signature: await signWithContext(thief.privateKey, SignatureContext.ENDPOINT_AUTH, BODY) })),
    invalidEndpointPoint: async (c: LockChecks) => summary(await c.verifyEndpoint({ endpointPublicKey: new Uint8Array(65), body: BODY, signature: new Uint8Array(64) })),
    genuineBlocklist: async (c: LockChecks) => summary(await c.verifyBlocklist(await blocklistBlob(provider, 2, []), keys)),
    olderBlocklist: async (c: LockChecks) => summary(await c.verifyBlocklist(await blocklistBlob(provider, 1, []), keys)),
    forgedBlocklist: async (c: LockChecks) => summary(await c.verifyBlocklist(await blocklistBlob(impostor, 2, []), keys)),
    genuineTimeSync: async (c: LockChecks) => summary(await c.verifyTimeSync(await timeSyncBlob(provider, 1000, LOCK_ID), keys)),
    forgedTimeSync: async (c: LockChecks) => summary(await c.verifyTimeSync(await timeSyncBlob(impostor, 1000, LOCK_ID), keys)),
  };
  return { decisions, forged, keys };
}

async function decide(checks: LockChecks, decisions: Awaited<ReturnType<typeof stimuli>>['decisions']) {
  const out: Record<string, string> = {};
  for (const [name, d] of Object.entries(decisions)) out[name] = await d(checks);
  return out;
}

/** A FaultSet that counts the coins it is asked for. */
class CountingFaults extends FaultSet {
  asked = 0;
  override fires(name: FaultName): boolean {
    this.asked++;
    return super.fires(name);
  }
}

describe('faultyLockChecks', () => {
  it('is the reference itself without a session fault', () => {
    expect(faultyLockChecks(FaultSet.none(), silentLogger)).toBe(referenceLockChecks);
    expect(faultyLockChecks(new FaultSet({ names: ['ignores-expiry', 'leaks-audit'] }), silentLogger)).toBe(referenceLockChecks);
  });

  it('the reference decisions (what a healthy lock answers)', async () => {
    const { decisions } = await stimuli();
    expect(await decide(referenceLockChecks, decisions)).toEqual({
      lockAuthSigned: 'ok',
      freshCommand: 'ok',
      replayedCommand: 'REPLAY',
      replayedError: 'REPLAY',
      phoneAuthCounter2: 'REPLAY',
      genuineDocument: 'ok',
      forgedDocument: 'BAD_SIGNATURE',
      unknownKeyDocument: 'UNKNOWN_PROVIDER_KEY',
      malformedDocument: 'MALFORMED',
      boundEndpoint: 'ok',
      copiedEndpoint: 'ENDPOINT_MISMATCH',
      invalidEndpointPoint: 'ENDPOINT_MISMATCH',
      genuineBlocklist: 'ok',
      olderBlocklist: 'ok', // verifies; the firmware then ignores it (§9)
      forgedBlocklist: 'BAD_SIGNATURE',
      genuineTimeSync: 'ok',
      forgedTimeSync: 'BAD_SIGNATURE',
    });
  });

  const changes: Record<(typeof SESSION_FAULTS)[number], Record<string, string>> = {
    'skips-lock-signature': { lockAuthSigned: 'unsigned' },
    'accepts-replay': { replayedCommand: 'ok' },
    'skips-doc-signature': { forgedDocument: 'ok', unknownKeyDocument: 'ok' },
    'ignores-endpoint-binding': { copiedEndpoint: 'ok', invalidEndpointPoint: 'ok' },
    'refuses-stale-blocklist': { olderBlocklist: 'STALE_BLOB' },
  };

  it('covers every session fault', () => {
    expect(Object.keys(changes).sort()).toEqual([...SESSION_FAULTS].sort());
  });

  it.each(SESSION_FAULTS)('%s changes exactly its decision', async (fault) => {
    const { decisions } = await stimuli();
    const healthy = await decide(referenceLockChecks, decisions);
    const buggy = await decide(faultyLockChecks(new FaultSet({ names: [fault] }), silentLogger, HELD), decisions);
    expect(buggy).toEqual({ ...healthy, ...changes[fault] });
  });

  it('skips-doc-signature hands the session the document as it reads', async () => {
    const { forged, keys } = await stimuli();
    const checks = faultyLockChecks(new FaultSet({ names: ['skips-doc-signature'] }), silentLogger);
    expect(await checks.verifyCredential(forged.credential.bytes, keys)).toEqual({
      ok: true,
      value: { document: decodeCredentialDocument(forged.credential.bytes), bytes: forged.credential.bytes },
    });
  });

  it('a coin is asked only where the reference refuses (and each LOCK_AUTH); rate 0 is healthy', async () => {
    const { decisions } = await stimuli();
    const all = new CountingFaults({ names: [...SESSION_FAULTS] });
    const checks = faultyLockChecks(all, silentLogger, HELD);
    for (const honest of ['freshCommand', 'genuineDocument', 'boundEndpoint', 'genuineBlocklist', 'forgedBlocklist', 'genuineTimeSync', 'malformedDocument', 'phoneAuthCounter2'] as const) {
      await decisions[honest](checks);
    }
    expect(all.asked).toBe(0);
    await decisions.lockAuthSigned(checks);
    await decisions.replayedCommand(checks);
    await decisions.forgedDocument(checks);
    await decisions.copiedEndpoint(checks);
    await decisions.olderBlocklist(checks);
    expect(all.asked).toBe(5);
    const never = faultyLockChecks(new FaultSet({ names: [...SESSION_FAULTS], rate: 0 }), silentLogger, HELD);
    expect(await decide(never, decisions)).toEqual(await decide(referenceLockChecks, decisions));
  });
});
