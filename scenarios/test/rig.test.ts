/**
 * The one rig (src/rig): its admin client fails with one error type, and its air keeps radio time
 * apart from the scenario clock, so travelling days does not move air time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyrigError } from '@keyrig/protocol';
import { CloudAdmin, CloudCallError, DAY, HOUR, World } from '../src/index.js';
import { testLogger } from './support.js';

describe('the rig', () => {
  let w: World;
  beforeAll(async () => {
    w = await World.start({ logger: testLogger });
  });
  afterAll(async () => {
    await w?.close();
  });

  it('a refused admin call throws CloudCallError (a KeyrigError) with the status and Seam error type', async () => {
    const err = await w.admin.call('/access_grants/get', { access_grant_id: 'no-such-grant' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CloudCallError);
    expect(err).toBeInstanceOf(KeyrigError);
    expect((err as CloudCallError).status).toBeGreaterThanOrEqual(400);
    expect((err as CloudCallError).message).toMatch(/^\/access_grants\/get: HTTP 4\d\d /);
  });

  it('an admin call to a cloud that is gone throws CloudCallError with status 0', async () => {
    const err = await new CloudAdmin('http://127.0.0.1:9', 'k').call('/acs/entrances/list').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CloudCallError);
    expect(err).toMatchObject({ status: 0, type: 'network', code: 'io' });
  });

  it('travelling in scenario time does not move the air: a phone scanning after a day of travel has seconds of air time', async () => {
    w.travel(DAY, 'a day passes');
    const phone = await w.phone('radio-time');
    await phone.nearby(1500);
    expect(w.air.simTimeOf('phone-radio-time')).toBeLessThan(HOUR);
  });
});
