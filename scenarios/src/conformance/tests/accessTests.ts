/** The access decision (PROTOCOL.md §6, §7 order of checks): validity, scope, schedule, floors. */
import { randomUUID } from 'node:crypto';
import type { ConformanceContext } from '../ConformanceContext.js';
import type { ConformanceTest } from '../ConformanceTest.js';

/** A one-hour weekly window (every day) twelve hours away from the lock's local time now. */
function windowAwayFromNow(ctx: ConformanceContext): { days: number; startMinute: number; endMinute: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: ctx.provisioning.time_zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(ctx.clock.now()));
  const minute = Number(parts.find((p) => p.type === 'hour')!.value) * 60 + Number(parts.find((p) => p.type === 'minute')!.value);
  const start = Math.min((minute + 720) % 1440, 1440 - 60);
  return { days: 0b1111111, startMinute: start, endMinute: start + 60 };
}

export const accessTests: readonly ConformanceTest[] = [
  {
    id: 'KR/LOCK/ACC/BI-01-C',
    title: 'Refuses an expired credential',
    run: async (ctx) => {
      const now = ctx.clock.now();
      const key = await ctx.key({ notBefore: now - 2 * 86_400_000, notAfter: now - 60_000 });
      ctx.expectCode((await ctx.attempt({ key })).codeName, 'EXPIRED', 'credential that ended a minute ago');
    },
  },
  {
    id: 'KR/LOCK/ACC/BI-02-C',
    title: 'Refuses a credential that is not yet valid',
    run: async (ctx) => {
      const now = ctx.clock.now();
      const key = await ctx.key({ notBefore: now + 3_600_000, notAfter: now + 86_400_000 });
      ctx.expectCode((await ctx.attempt({ key })).codeName, 'NOT_YET_VALID', 'credential starting in an hour');
    },
  },
  {
    id: 'KR/LOCK/ACC/BI-03-C',
    title: 'Refuses a credential issued for another lock',
    run: async (ctx) => {
      const other = randomUUID();
      const key = await ctx.key({ entrances: [other], keySequences: { [other]: 1 } });
      ctx.expectCode((await ctx.attempt({ key })).codeName, 'WRONG_LOCK', 'credential for another lock');
    },
  },
  {
    id: 'KR/LOCK/ACC/BI-04-C',
    title: "Refuses a credential outside its weekly schedule",
    features: ['credential_schedule'],
    run: async (ctx) => {
      const key = await ctx.key({ schedule: [windowAwayFromNow(ctx)] });
      ctx.expectCode((await ctx.attempt({ key })).codeName, 'OUTSIDE_SCHEDULE', 'credential whose window is 12 h away');
    },
  },
  {
    id: 'KR/LOCK/ACC/BV-01-C',
    title: 'Grants a credential inside its weekly schedule',
    features: ['credential_schedule'],
    run: async (ctx) => {
      const away = windowAwayFromNow(ctx);
      // The complement of the away window: the whole day but that hour.
      const schedule = [
        ...(away.startMinute > 0 ? [{ days: 0b1111111, startMinute: 0, endMinute: away.startMinute }] : []),
        ...(away.endMinute < 1440 ? [{ days: 0b1111111, startMinute: away.endMinute, endMinute: 1440 }] : []),
      ];
      const key = await ctx.key({ schedule });
      ctx.expectCode((await ctx.attempt({ key })).codeName, 'GRANTED', 'credential inside its window');
    },
  },
  {
    id: 'KR/LOCK/ACC/BI-06-C',
    title: 'Refuses a credential revoked before it was provisioned (the provisioned blocklist)',
    features: ['blocklist'],
    run: async (ctx) => {
      const revoked = await ctx.provisionedRevocations();
      ctx.expect(revoked.length > 0, 'the provisioning record carries no blocklist (written by an older `keyrig validate init`): write a new kit and provision the lock with it');
      // No phone carries a list: the lock knows the revocation from its provisioning alone (§9).
      const key = await ctx.key({ credentialId: revoked[0]! });
      ctx.expectCode((await ctx.attempt({ key })).codeName, 'REVOKED', 'a credential the provisioned blocklist revokes');
    },
  },
  {
    id: 'KR/LOCK/ACC/BV-02-C',
    title: 'Releases exactly the requested permitted floors',
    lockTypes: ['elevator'],
    run: async (ctx) => {
      const floors = ctx.provisioning.floors;
      ctx.expect(floors.length >= 2, 'the elevator must serve at least two floors for this test');
      const key = await ctx.key({ floors: floors.slice(0, 2) });
      const r = await ctx.attempt({ key, command: (s) => s.selectFloors([floors[1]!]) });
      ctx.expectCode(r.codeName, 'GRANTED', 'a permitted floor');
      ctx.expect(JSON.stringify(r.outcome?.grantedFloors) === JSON.stringify([floors[1]]), `granted floors ${JSON.stringify(r.outcome?.grantedFloors)}, expected [${floors[1]}]`);
    },
  },
  {
    id: 'KR/LOCK/ACC/BI-05-C',
    title: 'Refuses a floor the credential does not permit',
    lockTypes: ['elevator'],
    run: async (ctx) => {
      const floors = ctx.provisioning.floors;
      const key = await ctx.key({ floors: floors.slice(0, 1) });
      const r = await ctx.attempt({ key, command: (s) => s.selectFloors([floors.at(-1)!]) });
      ctx.expectCode(r.codeName, 'FLOOR_NOT_PERMITTED', 'a floor outside the credential');
    },
  },
];
