/**
 * What random bytes cannot reach: the lock's paths after a signature verified. Documents, blocklists
 * and time syncs signed by the lock's real provider but with extreme contents — validity at the
 * ends of time, hundreds of entrances, odd schedules, huge floors and sequences, a time sync at
 * the last representable millisecond — as a buggy or compromised cloud could issue. The lock must
 * answer each with a result code (never INTERNAL_ERROR, never an error log), and grant only when the
 * reference rule (protocol's evaluateAccess, run by the firmware) allows it: every GRANTED is
 * re-checked against the document's own window and entrances.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capturingLogger } from '../../src/testing/capturingLogger.js';
import { ManualClock, type CredentialDocumentFields } from '@keyrig/protocol';
import { LockFirmware } from '../../src/lock/LockFirmware.js';
import { loadLockKeys } from '../../src/lock/session/lockKeys.js';
import { T0 } from '../lock/fixtures.js';
import { blocklistBlob, issueKey, makeProvider, provisionLock, timeSyncBlob } from '../lock/world.js';
import { connectThrough, type AttackLock } from './attacks/attackRig.js';

const RUNS = Number(process.env.KEYRIG_FUZZ_SIGNED_RUNS ?? 100);
const MAX_MS = 2 ** 53 - 1;

const time = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(0, 1, T0 - 1, T0, T0 + 1, 8.64e15, MAX_MS - 1, MAX_MS) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 * T0 }) },
  { weight: 2, arbitrary: fc.integer({ min: T0 - 86_400_000, max: T0 + 86_400_000 }) },
);
const uuid = fc.uuid().map((u) => u.toLowerCase());

describe('signed inputs with extreme contents', () => {
  it(`${RUNS} provider-signed documents and blobs: a result code every time, GRANTED only when the document allows it`, async () => {
    const { logger, lines: errors } = capturingLogger('error');
    const provider = await makeProvider();
    const provisioning = await provisionLock(provider, 'door');
    const lockId = provisioning.lock_id;
    const clock = new ManualClock(T0);
    const firmware = new LockFirmware({ provisioning, clock, logger, behaviour: { lockoutThreshold: 1_000_000, maxUsesPerDay: 3 } });
    const lock: AttackLock = {
      clock, provider, provisioning, firmware, keys: await loadLockKeys(provisioning),
      key: (o = {}) => issueKey(provider, [lockId], o),
      auditSince: () => [],
    };
    const fields = fc.record({
      entrances: fc.oneof(fc.constant([lockId]), fc.array(uuid, { maxLength: 3 }).map((a) => [...a, lockId]), fc.array(uuid, { maxLength: 200 })),
      floors: fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 50 }),
      notBefore: time.map((t) => Math.min(t, MAX_MS - 1)),
      span: fc.oneof(fc.constantFrom(1, 60_000, 86_400_000, MAX_MS), fc.nat()),
      schedule: fc.array(
        fc.tuple(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 1, max: 1440 })).map(([days, start, len]) => ({ days, startMinute: start, endMinute: Math.min(1440, start + len) })),
        { maxLength: 6 },
      ),
      keySequences: fc.constantFrom(0, 1, 0xffffffff).map((n) => ({ [lockId]: n })),
      issuedAt: time,
      maxUsesPerDay: fc.option(fc.integer({ min: 1, max: 0xffff }), { nil: undefined }),
      accessGrantId: fc.string({ minLength: 1, maxLength: 64 }).filter((s) => new TextEncoder().encode(s).length <= 64),
    });
    let granted = 0;
    let version = 0;
    const refusals: Record<string, number> = {};
    const codes: Record<string, number> = {};
    let signed = 0;
    await fc.assert(
      fc.asyncProperty(fields, fc.option(fc.tuple(fc.nat(0xffffffff), fc.array(uuid, { maxLength: 50 })), { freq: 4 }), fc.oneof({ weight: 8, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: time }), async (f, bl, ts) => {
        let key;
        let blocklist: Uint8Array | undefined;
        let timeSync: Uint8Array | undefined;
        try {
          const { span, ...rest } = f;
          // Grant ids mostly unique (a repeated one meets its stored key sequence: SUPERSEDED).
          const accessGrantId = f.accessGrantId.length % 4 === 0 ? f.accessGrantId : `${f.accessGrantId.slice(0, 50)}#${signed}`;
          const now = firmware.rtc.now();
          // Every 8th document is sane for the lock's current time (so the GRANTED check runs).
          const sane = signed % 8 === 0 ? { entrances: [lockId], notBefore: Math.max(0, now - 3_600_000), notAfter: now + 3_600_000, schedule: [], keySequences: { [lockId]: 1 } } : {};
          key = await issueKey(provider, [lockId], { ...(rest as Partial<CredentialDocumentFields>), accessGrantId, notAfter: Math.min(MAX_MS, f.notBefore + span), ...sane });
          // Mostly the next version; an old one (1 in 8) is ignored (§9) and the lock keeps its newer list.
          blocklist = bl ? await blocklistBlob(provider, bl[0] % 8 === 0 ? Math.max(0, version - 1) : ++version, bl[1]) : undefined;
          timeSync = ts !== null ? await timeSyncBlob(provider, ts, lockId) : undefined;
        } catch (e) {
          refusals[(e as Error).message.slice(0, 60)] = (refusals[(e as Error).message.slice(0, 60)] ?? 0) + 1;
          return; // the provider's own encoder refused the fields: nothing a lock can receive
        }
        signed++;
        const c = connectThrough(lock, key, {}, { ...(blocklist ? { blocklist } : {}), ...(timeSync ? { timeSync } : {}) });
        const hs = await c.handshake;
        if (hs.ok) {
          const r = await c.phone.unlock();
          expect(r.codeName).not.toBe('INTERNAL_ERROR');
          codes[r.codeName] = (codes[r.codeName] ?? 0) + 1;
          if (r.codeName === 'GRANTED') {
            granted++;
            const now = firmware.rtc.now();
            const doc = key.credential.document;
            expect(doc.entrances).toContain(lockId);
            expect(now).toBeGreaterThanOrEqual(doc.notBefore);
            expect(now).toBeLessThan(doc.notAfter);
          }
        } else {
          expect(hs.codeName).not.toBe('INTERNAL_ERROR');
          codes[hs.codeName] = (codes[hs.codeName] ?? 0) + 1;
        }
        c.close();
      }),
      { numRuns: RUNS },
    );
    expect(errors).toEqual([]);
    expect(signed, JSON.stringify(refusals)).toBeGreaterThan(RUNS / 2);
    console.log(`signed-input fuzz: ${signed} signed, ${granted} granted, ${JSON.stringify(codes)}`);
    expect(granted).toBeGreaterThan(0); // the GRANTED oracle above was exercised
  }, 120_000);
});
