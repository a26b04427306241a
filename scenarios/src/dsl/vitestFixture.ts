/**
 * Scenarios inside a team's own test runner (vitest, jest, node:test): no dependency on any of
 * them — a body that throws on failure, with the story's timeline in the message.
 *
 *   it('Ada opens her room', withWorld(async (w) => { ... }, { logger }), 60_000);
 *   for (const s of guestStay.scenarios) it(s.title, () => assertScenario(s, { logger }), 60_000);
 */
import type { Logger } from 'pino';
import { KeyrigError } from '@keyrig/protocol';
import type { Scenario, ScenarioDefinition } from './scenario.js';
import { runScenario, type ScenarioAttempt } from './runScenario.js';
import type { World } from './World.js';

export interface FixtureOptions {
  readonly logger: Logger;
  readonly seed?: number;
  readonly locks?: ScenarioDefinition['locks'];
  readonly timeoutMs?: number;
}

/** Thrown when a scenario did not pass; the message ends with its timeline. */
export class ScenarioFailedError extends KeyrigError {
  constructor(
    readonly scenarioId: string,
    readonly attempt: ScenarioAttempt,
  ) {
    const story = attempt.timeline.map((e) => `  ${e.actor}${e.to ? ` -> ${e.to}` : ''}: ${e.text}${e.ok === false ? '  [x]' : ''}`).join('\n');
    super('state', `${scenarioId} ${attempt.status}: ${attempt.message ?? ''}\n${story}`);
  }
}

/** Runs a scenario in a fresh World; resolves when it passed, throws ScenarioFailedError otherwise. */
export async function assertScenario(scenario: Scenario, o: FixtureOptions): Promise<ScenarioAttempt> {
  const attempt = await runScenario(scenario, { logger: o.logger, ...(o.seed !== undefined ? { seed: o.seed } : {}), ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}) });
  if (attempt.status !== 'passed') throw new ScenarioFailedError(scenario.id, attempt);
  return attempt;
}

/** A test body that runs `body` in a fresh World (cloud, air, locks) and tears it down. */
export function withWorld(body: (world: World) => Promise<void>, o: FixtureOptions & { readonly title?: string }): () => Promise<void> {
  const title = o.title ?? 'inline scenario';
  return async () => {
    await assertScenario({ id: `inline/${title}`, suite: 'inline', title, tags: [], run: body, ...(o.locks ? { locks: o.locks } : {}) }, o);
  };
}
