/**
 * The whole loop, end to end: the cloud over HTTP issues a stay and an instant key; the client
 * core loads credentials; real noble (the client's noble central) on the virtual air scans and
 * unlocks real bleno locks; audit records travel back; the cloud's events say who opened what.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessNearby, KeyHolder, MemoryKeyStore, openNobleCentral, type NobleCentral } from '@keyrig/client';
import { ResultCode } from '@keyrig/protocol';
import { guestStay, startTestRig, type TestRig } from './support/testRig.js';

let t: TestRig;
let central: NobleCentral;
let guest: Awaited<ReturnType<typeof guestStay>>;
let holder: KeyHolder;

beforeAll(async () => {
  t = await startTestRig();
  const phone = t.rig.attachPhone('phone');
  central = await openNobleCentral({ hci: phone.bindings, clock: t.clock, logger: t.logger });
  guest = await guestStay(t);
  holder = await KeyHolder.open({ instantKeyUrl: guest.url, keyStore: new MemoryKeyStore(), clock: t.clock, logger: t.logger });
});

afterAll(async () => {
  await central?.close();
  await t?.close();
});

describe('issue -> scan -> unlock, end to end', () => {
  it('scans: every lock is heard, the credentials make all three eligible', async () => {
    const sightings = await central.scan({ timeoutMs: 5000, until: (seen) => [...seen.values()].filter((s) => s.manufacturerData).length >= 3 });
    expect(sightings.length).toBeGreaterThanOrEqual(3);
    expect(sightings[0]!.rssi).toBeGreaterThanOrEqual(sightings.at(-1)!.rssi);
  });

  it('unlocks the room door; the cloud records lock.unlocked for that entrance and that guest', async () => {
    const report = await accessNearby({ central, keyHolder: holder, target: { kind: 'named', name: 'Room 301' }, clock: t.clock, logger: t.logger, scanTimeoutMs: 10_000 });
    expect(report.notFound).toBeNull();
    expect(report.outcomes).toHaveLength(1);
    const o = report.outcomes[0]!;
    expect(o).toMatchObject({ outcome: 'granted', code: ResultCode.GRANTED, codeName: 'GRANTED', lockId: t.entrances.room.lockId, action: 'unlock', connections: 1 });
    expect(o.entrance.name).toBe('Room 301');
    expect(o.auditRecords.length).toBeGreaterThanOrEqual(1);
    expect(report.audit).toMatchObject({ recorded: 1 });

    const events = await t.rig.admin.events({ event_types: ['lock.unlocked'] });
    const mine = events.filter((e) => e.acs_entrance_id === t.entrances.room.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ user_identity_id: guest.userIdentityId, is_via_bluetooth: true });
    expect(mine[0]!.keyrig_metadata?.lock_id).toBe(t.entrances.room.lockId);
  });

  it('selects a permitted floor at the elevator and is refused a floor outside the stay', async () => {
    const ok = await accessNearby({ central, keyHolder: holder, target: { kind: 'named', name: 'elevator' }, floors: [3], clock: t.clock, scanTimeoutMs: 10_000 });
    expect(ok.outcomes[0]).toMatchObject({ outcome: 'granted', action: 'selectFloors', grantedFloors: [3] });
    const no = await accessNearby({ central, keyHolder: holder, target: { kind: 'named', name: 'Elevator' }, floors: [5], clock: t.clock, scanTimeoutMs: 10_000 });
    expect(no.outcomes[0]).toMatchObject({ outcome: 'denied', codeName: 'FLOOR_NOT_PERMITTED', grantedFloors: [] });
    const denied = await t.rig.admin.events({ event_types: ['lock.access_denied'], user_identity_id: guest.userIdentityId });
    expect(denied.map((e) => e.acs_entrance_id)).toContain(t.entrances.elevator.id);
  });

  it('works with read-pull responses and at the minimum ATT MTU (many fragments)', async () => {
    const pulled = await accessNearby({ central, keyHolder: holder, target: { kind: 'named', name: 'Room 301' }, responseMode: 'read', clock: t.clock, scanTimeoutMs: 10_000 });
    expect(pulled.outcomes[0]).toMatchObject({ outcome: 'granted', codeName: 'GRANTED' });
    const before = t.logs.length;
    const small = await accessNearby({ central, keyHolder: holder, target: { kind: 'named', name: 'Gym' }, mtu: 23, clock: t.clock, logger: t.logger, scanTimeoutMs: 10_000 });
    expect(small.outcomes[0]).toMatchObject({ outcome: 'granted', codeName: 'GRANTED' });
    const opened = t.logs.slice(before).map((l) => JSON.parse(l) as { msg: string; mtu?: number; mode?: string }).filter((l) => l.msg === 'channel open');
    expect(opened.map((l) => [l.mtu, l.mode])).toEqual([[23, 'notify']]);
  });

  it('reconnects and finishes when the link drops in the middle of the session', async () => {
    let drops = 0;
    const report = await accessNearby({
      central,
      keyHolder: holder,
      target: { kind: 'named', name: 'Room 301' },
      clock: t.clock,
      scanTimeoutMs: 10_000,
      onPhase: (phase, lockId) => {
        // First connection: the link goes down right after GATT setup (as a supervision timeout would).
        if (phase === 'connected' && drops++ === 0) t.rig.air.disconnect('phone', `lock-${lockId}`);
      },
    });
    expect(drops).toBe(2);
    expect(report.outcomes[0]).toMatchObject({ outcome: 'granted', codeName: 'GRANTED', connections: 2 });
  });

  it('opens the nearest eligible lock by default, and every one (nearest first) with --all', async () => {
    // Stand half a metre from the first lock of the corridor: the others are 6 and 12 m away.
    const byDistance = Object.entries(t.rig.positions).sort(([, a], [, b]) => a.x - b.x);
    const [nearest, at] = byDistance[0]!;
    t.rig.air.move('phone', { x: at.x, y: at.y + 0.5 });
    const best = await accessNearby({ central, keyHolder: holder, target: { kind: 'best' }, clock: t.clock, scanTimeoutMs: 3000 });
    expect(best.eligible).toBe(3);
    expect(best.outcomes.map((o) => [o.lockId, o.outcome])).toEqual([[nearest, 'granted']]);
    const all = await accessNearby({ central, keyHolder: holder, target: { kind: 'all' }, clock: t.clock, scanTimeoutMs: 3000 });
    expect(all.outcomes.map((o) => o.lockId)).toEqual(byDistance.map(([id]) => id));
    expect(all.outcomes.every((o) => o.outcome === 'granted')).toBe(true);
    const elevator = all.outcomes.find((o) => o.entrance.type === 'elevator')!;
    expect(elevator.grantedFloors).toEqual([2, 3]); // no floors asked: every floor the key allows
  });

  it('a phone holding a superseded key reloads from the cloud and retries (refreshed)', async () => {
    // One guest, two phones (max_use_count 2), both loaded.
    const stay = await guestStay(t, 'Eve Guest');
    const twoPhones = await t.rig.admin.call<{ instant_key: { instant_key_url: string } }>('/user_identities/generate_instant_key', {
      user_identity_id: stay.userIdentityId,
      max_use_count: 2,
    });
    const url = twoPhones.instant_key.instant_key_url;
    const phoneA = await KeyHolder.open({ instantKeyUrl: url, keyStore: new MemoryKeyStore(), clock: t.clock });
    const phoneB = await KeyHolder.open({ instantKeyUrl: url, keyStore: new MemoryKeyStore(), clock: t.clock });
    const old = (await phoneB.loadCredentials()).wallet.credentials.find((c) => c.entrance.name === 'Room 301')!;
    // The front desk extends the stay and cuts a new key for the room (an override grant): the
    // cloud reissues, and the door's key sequence rises (PROTOCOL.md §6, docs/CLOUD.md).
    t.clock.advance(60_000);
    await t.rig.admin.call('/access_grants/update', { access_grant_id: stay.grantId, ends_at: new Date(stay.checkout + 86_400_000).toISOString() });
    await t.rig.admin.grantStay(stay.userIdentityId, [t.entrances.room.id], t.clock.now(), stay.checkout + 86_400_000);
    // Phone A loads it and uses it at the door: the lock now refuses every older room key.
    const a = await accessNearby({ central, keyHolder: phoneA, target: { kind: 'named', name: 'Room 301' }, clock: t.clock, scanTimeoutMs: 10_000 });
    expect(a.outcomes[0]).toMatchObject({ outcome: 'granted', refreshed: false });
    // Phone B still holds the old document: SUPERSEDED, reload, granted with the new one.
    const b = await accessNearby({ central, keyHolder: phoneB, target: { kind: 'named', name: 'Room 301' }, clock: t.clock, scanTimeoutMs: 10_000 });
    expect(b.outcomes[0]).toMatchObject({ outcome: 'granted', codeName: 'GRANTED', refreshed: true });
    expect(b.outcomes[0]!.credentialId).not.toBe(old.document.credentialId);
    const denied = await t.rig.admin.events({ event_types: ['lock.access_denied'], user_identity_id: stay.userIdentityId });
    expect(denied.map((e) => e.keyrig_metadata?.result)).toContain('SUPERSEDED');
  });

  it('after checkout the lock itself refuses the key (EXPIRED); the next guest relays the record', async () => {
    t.clock.set(guest.checkout + 60_000);
    const report = await accessNearby({ central, keyHolder: holder, target: { kind: 'named', name: t.entrances.gym.lockId }, clock: t.clock, scanTimeoutMs: 10_000 });
    expect(report.outcomes[0]).toMatchObject({ outcome: 'denied', code: ResultCode.EXPIRED, codeName: 'EXPIRED', lockId: t.entrances.gym.lockId });
    // The client session ended with the stay: the held credentials were used, the upload is refused.
    expect(report.audit).toMatchObject({ error: expect.stringMatching(/expired/) });

    const next = await guestStay(t, 'Dee Guest');
    const nextHolder = await KeyHolder.open({ instantKeyUrl: next.url, keyStore: new MemoryKeyStore(), clock: t.clock });
    const relay = await accessNearby({ central, keyHolder: nextHolder, target: { kind: 'named', name: 'Gym' }, clock: t.clock, scanTimeoutMs: 10_000 });
    expect(relay.outcomes[0]).toMatchObject({ outcome: 'granted' });
    const denied = await t.rig.admin.events({ event_types: ['lock.access_denied'], user_identity_id: guest.userIdentityId });
    const gym = denied.find((e) => e.acs_entrance_id === t.entrances.gym.id);
    expect(gym?.keyrig_metadata?.result).toBe('EXPIRED');
    const unlocked = await t.rig.admin.events({ event_types: ['lock.unlocked'], user_identity_id: next.userIdentityId });
    expect(unlocked.map((e) => e.acs_entrance_id)).toEqual([t.entrances.gym.id]);
  });

  it('reports an entrance the key does not open as not found, without touching the air', async () => {
    const report = await accessNearby({ central, keyHolder: holder, target: { kind: 'named', name: 'Pool' }, clock: t.clock });
    expect(report.outcomes).toEqual([]);
    expect(report.notFound).toMatch(/no credential opens "Pool"/);
  });
});
