/** Blobs phones carry to offline locks (PROTOCOL.md §9) and key sequences (§6). */
import { randomUUID } from 'node:crypto';
import { signTimeSync } from '@keyrig/protocol';
import type { ConformanceTest } from '../ConformanceTest.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const blobTests: readonly ConformanceTest[] = [
  {
    id: 'KR/LOCK/BLK/BV-01-C',
    title: 'Applies a newer blocklist: a revoked credential is refused',
    features: ['blocklist'],
    run: async (ctx) => {
      const victim = await ctx.key();
      // Versions from the harness clock: always newer than any earlier run's.
      const version = ctx.freshBlocklistVersion();
      ctx.expectCode((await ctx.attempt({ blocklist: await ctx.blocklist(version, [victim.credential.document.credentialId]) })).codeName, 'GRANTED', 'a phone carrying the blocklist');
      ctx.expectCode((await ctx.attempt({ key: victim })).codeName, 'REVOKED', 'the revoked credential');
    },
  },
  {
    id: 'KR/LOCK/BLK/BV-02-C',
    title: 'Ignores a blocklist older than the one it holds: a valid credential still opens',
    features: ['blocklist'],
    run: async (ctx) => {
      // Another phone brought version N (an unrelated revocation); this guest's phone is offline with N-1.
      const version = ctx.freshBlocklistVersion() + 1;
      const unrelated = (await ctx.key()).credential.document.credentialId;
      ctx.expectCode((await ctx.attempt({ blocklist: await ctx.blocklist(version, [unrelated]) })).codeName, 'GRANTED', 'a phone carrying blocklist N');
      // Stale, so ignored (§9): no error, the session goes on and the unlock is decided.
      ctx.expectCode((await ctx.attempt({ blocklist: await ctx.blocklist(version - 1, []) })).codeName, 'GRANTED', 'a valid credential carrying blocklist N-1');
      ctx.expectCode((await ctx.attempt({ key: await ctx.key({ credentialId: unrelated }) })).codeName, 'REVOKED', 'the lock kept list N');
    },
  },
  {
    id: 'KR/LOCK/BLK/BI-01-C',
    title: 'Judges a credential against the newer blocklist it holds, not the older one the phone carries',
    features: ['blocklist'],
    run: async (ctx) => {
      const victim = await ctx.key();
      const version = ctx.freshBlocklistVersion() + 2;
      ctx.expectCode((await ctx.attempt({ blocklist: await ctx.blocklist(version, [victim.credential.document.credentialId]) })).codeName, 'GRANTED', 'a phone carrying blocklist N');
      // The revoked guest's phone still has N-1, which does not name it: REVOKED, not STALE_BLOB.
      ctx.expectCode((await ctx.attempt({ key: victim, blocklist: await ctx.blocklist(version - 1, []) })).codeName, 'REVOKED', 'the revoked credential carrying blocklist N-1');
    },
  },
  {
    id: 'KR/LOCK/KEY/BV-01-C',
    title: 'Grants an equal key sequence (joiner) and stores a higher one (override)',
    features: ['key_sequence'],
    run: async (ctx) => {
      const n = ctx.freshKeySequence();
      const seq = (s: number) => ({ keySequences: { [ctx.lockId]: s } });
      ctx.expectCode((await ctx.attempt({ key: await ctx.key(seq(n)) })).codeName, 'GRANTED', `first guest, sequence ${n}`);
      ctx.expectCode((await ctx.attempt({ key: await ctx.key(seq(n)) })).codeName, 'GRANTED', `joiner, same sequence ${n}`);
      ctx.expectCode((await ctx.attempt({ key: await ctx.key(seq(n + 1)) })).codeName, 'GRANTED', `next guest, sequence ${n + 1}`);
      ctx.expectCode((await ctx.attempt({ key: await ctx.key({}) })).codeName, 'GRANTED', 'a document without a sequence for this lock (common area, staff)');
    },
  },
  {
    id: 'KR/LOCK/KEY/BI-01-C',
    title: 'Refuses a key older than the newest key sequence it granted (override)',
    features: ['key_sequence'],
    run: async (ctx) => {
      const n = ctx.freshKeySequence() + 2;
      const id = ctx.lockId;
      const first = await ctx.key({ keySequences: { [id]: n } });
      ctx.expectCode((await ctx.attempt({ key: first })).codeName, 'GRANTED', `the old guest's key, sequence ${n}`);
      ctx.expectCode((await ctx.attempt({ key: await ctx.key({ keySequences: { [id]: n + 1 } }) })).codeName, 'GRANTED', `the new guest's key, sequence ${n + 1}`);
      ctx.expectCode((await ctx.attempt({ key: first })).codeName, 'SUPERSEDED', "the old guest's key afterwards");
    },
  },
  {
    id: 'KR/LOCK/TIME/BV-01-C',
    title: 'Corrects a few minutes of drift with a time sync before deciding',
    features: ['time_sync'],
    lockSetup: { behaviour: { clockOffsetMs: 3 * MINUTE }, reason: 'needs the lock clock three minutes fast' },
    run: async (ctx) => {
      const now = ctx.clock.now();
      const key = await ctx.key({ notBefore: now - HOUR, notAfter: now + MINUTE });
      ctx.expectCode((await ctx.attempt({ key })).codeName, 'EXPIRED', 'before the sync, the fast clock says the key ended');
      ctx.expectCode((await ctx.attempt({ key, timeSync: await ctx.timeSync() })).codeName, 'GRANTED', 'with a time sync (a 3 min step back)');
      ctx.expectCode((await ctx.attempt({ key })).codeName, 'GRANTED', 'after the sync');
    },
  },
  {
    id: 'KR/LOCK/TIME/BV-02-C',
    title: 'Sets a slow clock forward and decides in the same session',
    features: ['time_sync'],
    lockSetup: { behaviour: { clockOffsetMs: -2 * DAY }, reason: 'needs the lock clock two days slow' },
    run: async (ctx) => {
      const key = await ctx.key();
      ctx.expectCode((await ctx.attempt({ key })).codeName, 'NOT_YET_VALID', 'before the sync, the slow clock says the key has not started');
      // The jump forward must not count against the handshake deadline or the idle timeout (§9, §11).
      ctx.expectCode((await ctx.attempt({ key, timeSync: await ctx.timeSync() })).codeName, 'GRANTED', 'with a time sync');
    },
  },
  {
    id: 'KR/LOCK/TIME/BV-03-C',
    title: 'A time sync the phone held for two minutes does not set a correct clock back',
    features: ['time_sync'],
    run: async (ctx) => {
      const now = ctx.clock.now();
      // Created a minute ago: a lock turned back to the sync's signing time would say NOT_YET_VALID.
      const key = await ctx.key({ notBefore: now - MINUTE, issuedAt: now - MINUTE });
      const held = await ctx.timeSync(now - 2 * MINUTE);
      ctx.expectCode((await ctx.attempt({ key, timeSync: held, timeSyncReceivedAt: now - 2 * MINUTE })).codeName, 'GRANTED', 'with a time sync signed and received 2 min ago (age 2 min)');
      ctx.expectCode((await ctx.attempt({ key })).codeName, 'GRANTED', 'after the sync');
    },
  },
  {
    id: 'KR/LOCK/TIME/BI-02-C',
    title: 'Ignores an old time sync that would set its clock back and reopen an expired key',
    features: ['time_sync'],
    run: async (ctx) => {
      const now = ctx.clock.now();
      const key = await ctx.key({ notBefore: now - 2 * HOUR, notAfter: now - 30 * MINUTE });
      // A check-in time sync kept by the phone: an hour old, when the key was still valid.
      const old = await signTimeSync({ time: now - HOUR, lockId: ctx.lockId }, ctx.provider.signer);
      ctx.expectCode((await ctx.attempt({ key, timeSync: old })).codeName, 'EXPIRED', 'expired key carrying an hour-old time sync');
    },
  },
  {
    id: 'KR/LOCK/TIME/BI-01-C',
    title: 'Refuses a time sync naming another lock',
    features: ['time_sync'],
    run: async (ctx) => {
      const other = await signTimeSync({ time: ctx.clock.now(), lockId: randomUUID() }, ctx.provider.signer);
      ctx.expectCode((await ctx.attempt({ timeSync: other })).codeName, 'WRONG_LOCK', 'time sync for another lock');
    },
  },
];
