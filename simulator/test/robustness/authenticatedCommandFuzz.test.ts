/**
 * What only an authenticated phone can reach: COMMAND plaintexts (§4.5) behind a valid session
 * key. A modified guest app holds its session keys and can seal anything; random TLV bodies, ops,
 * floor lists and audit sequences, sealed with the right counter, must end as a RESULT /
 * AUDIT_RECORDS or a MALFORMED refusal — never INTERNAL_ERROR, an error log or a crash — and a
 * GRANTED unlock only for op 1 (unlock) or 2 (floors) with a well-formed body.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeErrorBody,
  decodeEncryptedEnvelope,
  openEnvelope,
  resultCodeName,
  generateEphemeralKeyPair,
  MessageType,
  sealMessage,
} from '@keyrig/protocol';
import { waitUntil } from '@keyrig/testkit';
import { attackLock, connectThrough } from './attacks/attackRig.js';
import { stolenSessionKeys } from './attacks/stolenSessionKeys.js';

const RUNS = Number(process.env.KEYRIG_FUZZ_COMMAND_RUNS ?? 150);

const field = fc.tuple(fc.integer({ min: 0, max: 0x90 }), fc.oneof(fc.uint8Array({ maxLength: 12 }), fc.constantFrom(Uint8Array.of(1), Uint8Array.of(2), Uint8Array.of(3), Uint8Array.of(0), Uint8Array.of(2, 0, 3, 0), new Uint8Array(0))));
const tlv = (fs: [number, Uint8Array][]) => Uint8Array.from(fs.flatMap(([tag, v]) => [tag, v.length & 0xff, v.length >> 8, ...v]));
/** Mostly an op field first (so the decision is reached), then anything. */
const body = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.integer({ min: 0, max: 4 }), fc.array(field, { maxLength: 3 })).map(([op, fs]) => tlv([[1, Uint8Array.of(op)], ...fs])) },
  { weight: 1, arbitrary: fc.array(field, { maxLength: 4 }).map(tlv) },
);

describe('COMMAND bodies from an authenticated phone', () => {
  it(`${RUNS} sealed random commands: answered or refused, never an internal error`, async () => {
    const lock = await attackLock('00000000-0000-4000-8000-000000000002');
    const codes: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(fc.array(body, { minLength: 1, maxLength: 4 }), async (bodies) => {
        const ephemeral = await generateEphemeralKeyPair(true);
        // After the handshake the honest PhoneSession hears nothing more (it would answer an
        // unexpected RESULT with its own ERROR): the attacker's sealed commands speak alone.
        let mute = false;
        const c = connectThrough(lock, await lock.key(), { toPhone: (m) => (mute ? undefined : m) }, { ephemeralKeys: async () => ephemeral });
        expect((await c.handshake).ok).toBe(true);
        mute = true;
        const keys = await stolenSessionKeys(c.fromPhone, c.fromLock, ephemeral);
        const before = c.fromLock.length;
        for (const [i, b] of bodies.entries()) await c.inject(await sealMessage(keys.phoneToLock, 'phoneToLock', MessageType.COMMAND, 2 + i, b));
        await waitUntil(() => c.fromLock.length > before, 'an answer');
        for (const m of c.fromLock.slice(before)) {
          let type = m[0] === MessageType.RESULT ? 'RESULT' : m[0] === MessageType.AUDIT_RECORDS ? 'AUDIT_RECORDS' : `0x${m[0]!.toString(16)}`;
          if (m[0] === MessageType.ERROR) {
            const plain = await openEnvelope(keys.lockToPhone, 'lockToPhone', decodeEncryptedEnvelope(m));
            type = `ERROR ${plain ? resultCodeName(decodeErrorBody(plain).code) : '?'}`;
          }
          codes[type] = (codes[type] ?? 0) + 1;
          expect(type).not.toBe('ERROR INTERNAL_ERROR');
        }
        c.close();
        return true;
      }),
      { numRuns: RUNS },
    );
    // What the lock decided, from its audit: never INTERNAL_ERROR; a grant only for a real unlock.
    const audit = lock.auditSince(1);
    expect(audit.filter((a) => a.code === 'INTERNAL_ERROR')).toEqual([]);
    expect(audit.filter((a) => a.code === 'GRANTED' && a.op !== 1 && a.op !== 2 && a.op !== 3)).toEqual([]);
    console.log(`authenticated command fuzz: answers ${JSON.stringify(codes)}, audit ${JSON.stringify(audit.reduce<Record<string, number>>((n, a) => ((n[a.code] = (n[a.code] ?? 0) + 1), n), {}))}`);
    expect(lock.firmware.sessions.inUse).toBe(0);
  }, 120_000);
});
