/**
 * protocol/vectors/blobAcceptance.json (hand-written from PROTOCOL.md §9) against the reference:
 * each case runs a real LockSession with the vector keys and signed structures — the lock holding
 * the case's list — and a real PhoneSession carrying the vector blocklist, then unlocks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromHex } from '../src/bytes.js';
import { checkBlocklistFreshness } from '../src/blobs/blobFreshness.js';
import { verifyBlocklist } from '../src/blobs/signBlobs.js';
import { ManualClock } from '../src/clock.js';
import { verifyCredentialDocument } from '../src/credential/verifyCredentialDocument.js';
import { importKeyPairPkcs8 } from '../src/crypto/keys.js';
import { ResultCode, resultCodeName } from '../src/resultCodes.js';
import { LockSession } from '../src/session/LockSession.js';
import { PhoneSession } from '../src/session/PhoneSession.js';
import { TestFirmware } from './TestFirmware.js';
import { INPUTS, KEY_ID, type HandshakeVectors, type VectorKeys } from './vectorBuilder.js';

interface Held { version: number; revokedCredentialIds: string[] }
interface Case { name: string; held: Held | null; outcome: 'taken' | 'kept' | 'ignored'; heldAfter: Held; unlock: string }

const dir = join(import.meta.dirname, '..', 'vectors');
const keys = JSON.parse(readFileSync(join(dir, 'keys.json'), 'utf8')) as VectorKeys;
const hs = JSON.parse(readFileSync(join(dir, 'handshake.json'), 'utf8')) as HandshakeVectors;
const file = JSON.parse(readFileSync(join(dir, 'blobAcceptance.json'), 'utf8')) as { carried: Held; blocklist: Case[] };

async function setup() {
  const provider = await importKeyPairPkcs8(fromHex(keys.provider.pkcs8), 'ecdsa', false);
  const lock = await importKeyPairPkcs8(fromHex(keys.lock.pkcs8), 'ecdsa', false);
  const endpoint = await importKeyPairPkcs8(fromHex(keys.endpoint.pkcs8), 'ecdsa', false);
  const providerKeys = new Map([[KEY_ID, provider.publicKey]]);
  return { lock, endpoint, providerKeys };
}

describe('blocklist acceptance vectors (protocol/vectors/blobAcceptance.json)', () => {
  it('the carried list is the handshake vectors\' signed blocklist', async () => {
    const { providerKeys } = await setup();
    const v = await verifyBlocklist(fromHex(hs.signedStructures.blocklist), providerKeys);
    expect(v.ok && { version: v.value.version, revokedCredentialIds: v.value.revokedCredentialIds }).toEqual(file.carried);
  });

  it.each(file.blocklist.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const { lock, endpoint, providerKeys } = await setup();
    const carried = await verifyBlocklist(fromHex(hs.signedStructures.blocklist), providerKeys);
    if (!carried.ok) throw new Error(carried.reason);
    // The rule function: taken and kept are GRANTED (accepted), ignored is STALE_BLOB (ignore).
    expect(checkBlocklistFreshness(carried.value, c.held?.version)).toBe(c.outcome === 'ignored' ? ResultCode.STALE_BLOB : ResultCode.GRANTED);

    const clock = new ManualClock(INPUTS.lockTime);
    const firmware = new TestFirmware({ lockId: INPUTS.lockId, lockType: 1, timeZone: 'UTC' }, clock);
    firmware.blocklist = c.held === null ? undefined : { ...c.held, issuedAt: 0, keyId: KEY_ID };
    const credential = await verifyCredentialDocument(fromHex(hs.signedStructures.credential), providerKeys);
    if (!credential.ok) throw new Error(credential.reason);
    let lockSide: LockSession | undefined;
    let lockEnd: number | undefined;
    const phone = new PhoneSession({
      clock,
      credential: { bytes: credential.value.bytes, document: credential.value.document },
      endpointKey: endpoint,
      providerKeys,
      expectedLockId: INPUTS.lockId,
      blocklist: fromHex(hs.signedStructures.blocklist),
      // Delivered asynchronously, as a radio would: a session waits for answers after it sends.
      send: (m) => void Promise.resolve().then(() => lockSide!.receive(m)),
    });
    lockSide = new LockSession({
      clock,
      lockId: INPUTS.lockId,
      certificate: fromHex(hs.signedStructures.certificate),
      lockPrivateKey: lock.privateKey,
      providerKeys,
      firmware,
      send: (m) => void Promise.resolve().then(() => phone.receive(m)),
      onEnd: (e) => void (lockEnd = e.code),
    });
    const started = await phone.start();
    expect(started.ok, started.ok ? '' : started.codeName).toBe(true); // no case refuses the session
    expect(resultCodeName((await phone.unlock()).code)).toBe(c.unlock);
    expect(lockEnd).toBeUndefined();
    expect(firmware.blocklist && { version: firmware.blocklist.version, revokedCredentialIds: firmware.blocklist.revokedCredentialIds }).toEqual(c.heldAfter);
  });
});
