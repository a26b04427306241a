/** The fixture a team uses from its own vitest suite: shipped scenarios and inline stories. */
import { describe, expect, it } from 'vitest';
import { assertScenario, ENTRANCES, ScenarioFailedError, SHIPPED_SUITES, withWorld } from '../src/index.js';
import { testLogger as logger } from './support.js';

const battery = SHIPPED_SUITES.find((s) => s.name === 'battery')!;

describe('scenarios as vitest tests', () => {
  for (const s of battery.scenarios) it(s.title, () => assertScenario(s, { logger }).then(() => undefined), 60_000);

  it(
    'an inline story: the guest opens the gym at 15:00',
    withWorld(
      async (w) => {
        const ada = await w.guest('Ada Guest');
        await ada.stay({ entrances: [ENTRANCES.gym] });
        const phone = await w.phone('ada', ENTRANCES.gym);
        await phone.openKey(await ada.instantKey());
        expect((await phone.unlock(ENTRANCES.gym)).codeName).toBe('GRANTED');
      },
      { logger },
    ),
    60_000,
  );

  it('a failing inline story throws with its timeline', async () => {
    const body = withWorld(async (w) => w.check(false, 'the impossible holds'), { logger, title: 'impossible' });
    const err = await body().then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(ScenarioFailedError);
    expect((err as Error).message).toMatch(/^inline\/impossible failed: the impossible holds\n {2}Test: the impossible holds {2}\[x\]/);
  }, 60_000);
});
