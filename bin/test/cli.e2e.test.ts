/**
 * `keyrig scan` and `keyrig unlock` as a user runs them against `keyrig air serve`: the rig's air
 * is served over TCP, the command's phone joins it with --air, the instant key comes from the
 * cloud over HTTP. Checks the JSON output and the documented exit codes.
 */
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AirServer } from '@keyrig/simulator';
import { runScan } from '../src/commands/scan.js';
import { runUnlock } from '../src/commands/unlock.js';
import { ExitCode } from '../src/exitCodes.js';
import type { CommandIo } from '../src/command/CommandIo.js';
import { cli } from './support/cliIo.js';
import { guestStay, startTestRig, type TestRig } from './support/testRig.js';

let t: TestRig;
let server: AirServer;
let air: string;
let guest: Awaited<ReturnType<typeof guestStay>>;

function capture(t: TestRig): CommandIo & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += String(d)));
  stderr.on('data', (d) => (err += String(d)));
  return { stdout, stderr, logger: () => t.logger, out: () => out, err: () => err };
}

beforeAll(async () => {
  t = await startTestRig();
  server = new AirServer(t.rig.air);
  air = await server.listen({ port: 0 });
  guest = await guestStay(t);
});

afterAll(async () => {
  await server?.close();
  await t?.close();
});

describe('keyrig scan', () => {
  it('lists the three locks as JSON, exit 0', async () => {
    const io = capture(t);
    const code = await runScan({ air, json: true, timeout: 3000 }, io);
    expect(code).toBe(ExitCode.OK);
    const out = JSON.parse(io.out()) as { radio: string; locks: { lockId: string; type: string; rssi: number }[] };
    expect(out.radio).toBe(`air ${air}`);
    expect(out.locks.map((l) => l.lockId).sort()).toEqual([t.entrances.room.lockId, t.entrances.elevator.lockId, t.entrances.gym.lockId].sort());
    expect(io.err()).toMatch(/keyrig: scanning for 3\.0 s/);
  });

  it('--key marks the locks an instant key opens (nothing is unlocked)', async () => {
    const gymOnly = await t.rig.admin.createGuest('Gym Member', `gym.${Date.now()}@example.com`);
    await t.rig.admin.grantStay(gymOnly, [t.entrances.gym.id], t.clock.now(), t.clock.now() + 86_400_000);
    const url = await t.rig.admin.issueInstantKey(gymOnly);
    const io = capture(t);
    expect(await runScan({ air, key: url, keystore: join(t.dir, 'scan-keystore.json'), json: true, timeout: 3000 }, io)).toBe(ExitCode.OK);
    const locks = (JSON.parse(io.out()) as { locks: { lockId: string; eligible: boolean; entrance: string | null }[] }).locks;
    expect(locks.filter((l) => l.eligible).map((l) => [l.lockId, l.entrance])).toEqual([[t.entrances.gym.lockId, 'Gym']]);
    expect(locks).toHaveLength(3);
    const before = (await t.rig.admin.events({ event_types: ['lock.unlocked'], user_identity_id: gymOnly })).length;
    expect(before).toBe(0);
  });

  it('exit 4 when nothing is strong enough, 2 on bad flags, 70 when no air listens', async () => {
    expect(await runScan({ air, timeout: 500, minRssi: 0, quiet: true }, capture(t))).toBe(ExitCode.NOT_FOUND);
    const bad = await cli(['scan', '--air', air, '--hci', '0']);
    expect(bad.code).toBe(ExitCode.USAGE);
    expect(bad.stderr).toMatch(/option '--air <address>' cannot be used with option '--hci <n>'/);
    const none = capture(t);
    expect(await runScan({ air: 'tcp://127.0.0.1:9', quiet: true }, none)).toBe(ExitCode.ERROR);
    expect(none.err()).toMatch(/no air server at tcp:\/\/127\.0\.0\.1:9/);
  });
});

describe('keyrig unlock', () => {
  const keystore = () => join(t.dir, 'cli-keystore.json');

  it('unlocks the named entrance: exit 0 and the outcome as JSON', async () => {
    const io = capture(t);
    const code = await runUnlock(guest.url, { air, lock: 'Room 301', json: true, keystore: keystore(), timeout: 5000 }, io);
    expect(io.err()).not.toContain(guest.url.split('/ik/')[1]!);
    expect(code).toBe(ExitCode.OK);
    const out = JSON.parse(io.out());
    expect(out.instantKey).toMatch(/\/ik\/…$/);
    expect(out.outcomes).toEqual([
      expect.objectContaining({ entrance: 'Room 301', type: 'door', action: 'unlock', outcome: 'granted', code: 0, codeName: 'GRANTED', lockId: t.entrances.room.lockId }),
    ]);
    expect(out.audit).toMatchObject({ recorded: 1 });
    expect(io.err()).toMatch(/keyrig: unlocking Room 301/);
  });

  it('exit 1 on a denial (a floor outside the stay), with the code in the output', async () => {
    const io = capture(t);
    const code = await runUnlock(guest.url, { air, floor: [5], keystore: keystore(), timeout: 3000 }, io);
    expect(code).toBe(ExitCode.DENIED);
    expect(io.out()).toMatch(/Elevator \(elevator\): floors -: DENIED FLOOR_NOT_PERMITTED — None of the requested floors/);
  });

  it('--cloud reaches the API when the link names another host', async () => {
    const elsewhere = guest.url.replace(/^http:\/\/[^/]+/, 'https://keys.hotel.invalid');
    const io = capture(t);
    const code = await runUnlock(elsewhere, { air, lock: 'Gym', cloud: t.rig.cloud.url, keystore: keystore(), quiet: true, timeout: 5000 }, io);
    expect(io.err()).toBe('');
    expect(code).toBe(ExitCode.OK);
    expect(io.out()).toMatch(/Gym \(amenity\): unlock: GRANTED/);
  });

  it('exit 4 when the lock asked for is not in range; 2 for a bad URL or flags', async () => {
    expect(await runUnlock(guest.url, { air, lock: 'Pool', keystore: keystore(), quiet: true }, capture(t))).toBe(ExitCode.NOT_FOUND);
    const badUrl = capture(t);
    expect(await runUnlock('http://example/keys/1', { air, keystore: keystore() }, badUrl)).toBe(ExitCode.USAGE);
    expect(badUrl.err()).toMatch(/not an instant key URL/);
    expect((await cli(['unlock', guest.url, '--air', air, '--lock', 'x', '--all'])).code).toBe(ExitCode.USAGE);
    const unknown = capture(t);
    expect(await runUnlock(`${t.rig.cloud.url}/ik/${'A'.repeat(43)}`, { air, keystore: keystore() }, unknown)).toBe(ExitCode.DENIED);
    expect(unknown.err()).toMatch(/cloud refused the key: .*not valid/);
    const floor = await cli(['unlock', guest.url, '--air', air, '--floor', 'ground']);
    expect(floor.code).toBe(ExitCode.USAGE);
    expect(floor.stderr).toMatch(/--floor.*'ground' is invalid\. wants an integer from -20 to 300/);
  });
});
