/**
 * Runs one scenario in a fresh World and returns its result as data (never throws for a failed
 * story). Usable from any test framework: `expect((await runScenario(s, o)).status).toBe('passed')`.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '@keyrig/protocol';
import type { Logger } from 'pino';
import { slug, type Scenario } from './scenario.js';
import { ENTRANCES } from './scenarioProperty.js';
import type { TimelineEvent } from './Timeline.js';
import { closeWithin } from '../rig/startRig.js';
import { World, type DeviceWorld } from './World.js';
import { ScenarioCheckError } from './worldErrors.js';

export interface ScenarioRunOptions {
  readonly logger: Logger;
  /** Overrides the scenario's air seed. */
  readonly seed?: number;
  /** Give up on the scenario after this long (default 90 s). */
  readonly timeoutMs?: number;
  /** Keep btsnoop captures of failed runs (default true). */
  readonly captureOnFailure?: boolean;
  /** Run against locks outside the World (see WorldOptions.device); non-portable scenarios are skipped. */
  readonly device?: DeviceWorld;
  /** Ends the scenario early (Ctrl-C): it ends as an error "interrupted", its World closed. */
  readonly signal?: AbortSignal;
}

/** The per-scenario deadline when none is given (`keyrig run --timeout`). */
export const DEFAULT_SCENARIO_TIMEOUT_MS = 90_000;

/** A btsnoop capture of one controller (attached to failed runs). */
export interface Capture {
  /** File name: a lock's by its entrance (`room-101.btsnoop`), a phone's by its name (`phone-ada.btsnoop`). */
  readonly name: string;
  /** The controller on the air (`lock-<lock id>`, `phone-<name>`). */
  readonly controller: string;
  /** The entrance of a lock's capture. */
  readonly entrance?: string;
  readonly bytes: Uint8Array;
}

export interface ScenarioAttempt {
  readonly status: 'passed' | 'failed' | 'error' | 'skipped';
  readonly durationMs: number;
  /** Failure message (a failed check: 'failed'; anything else thrown: 'error'). */
  readonly message?: string;
  readonly stack?: string;
  readonly timeline: readonly TimelineEvent[];
  readonly participants: readonly string[];
  readonly captures: readonly Capture[];
}

export async function runScenario(scenario: Scenario, o: ScenarioRunOptions): Promise<ScenarioAttempt> {
  if (o.device && !scenario.portable) {
    return { status: 'skipped', durationMs: 0, message: 'needs the emulated target (air control, time travel or lock internals)', timeline: [], participants: [], captures: [] };
  }
  const started = Date.now();
  const captureDir = mkdtempSync(join(tmpdir(), 'keyrig-capture-'));
  const logger = o.logger.child({ scenario: scenario.id });
  let world: World | undefined;
  let entrances = new Map<string, string>();
  let status: ScenarioAttempt['status'] = 'passed';
  let error: Error | undefined;
  try {
    world = await World.start({
      logger,
      seed: o.seed ?? scenario.seed ?? 1,
      captureDir,
      ...(scenario.locks ? { locks: scenario.locks } : {}),
      ...(scenario.start !== undefined ? { start: scenario.start } : {}),
      ...(o.device ? { device: o.device } : {}),
    });
    const w = world;
    entrances = lockControllers(w);
    const timeoutMs = o.timeoutMs ?? DEFAULT_SCENARIO_TIMEOUT_MS;
    // Wall time: a scenario travels its own clock, the deadline must still fire. Both the deadline
    // and Ctrl-C end the wait; neither leaves a timer holding the process afterwards.
    const stop = new AbortController();
    try {
      const run = systemClock.timeout(Promise.race([scenario.run(w), rejectOnAbort(stop.signal, 'stopped')]), timeoutMs, 'scenario', { onTimeout: () => stop.abort() });
      await (o.signal ? Promise.race([run, rejectOnAbort(o.signal, 'interrupted')]) : run);
    } finally {
      stop.abort();
    }
  } catch (err) {
    error = err as Error;
    status = err instanceof ScenarioCheckError ? 'failed' : 'error';
  }
  // Close first: the air flushes its btsnoop files on close.
  if (world) await closeWithin(world.close(), 15_000, 'world close');
  const captures = status !== 'passed' && o.captureOnFailure !== false ? readCaptures(captureDir, entrances) : [];
  rmSync(captureDir, { recursive: true, force: true });
  return {
    status,
    durationMs: Date.now() - started,
    ...(error ? { message: error.message, ...(error.stack ? { stack: error.stack } : {}) } : {}),
    timeline: world ? [...world.timeline.events] : [],
    participants: world ? world.timeline.participants() : [],
    captures,
  };
}

function rejectOnAbort(signal: AbortSignal, why: string): Promise<never> {
  return new Promise((_, reject) => {
    const fail = () => reject(new Error(why));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}

/** Controller name -> entrance, for the world's locks (their controllers are `lock-<lock id>`). */
function lockControllers(w: World): Map<string, string> {
  const out = new Map<string, string>();
  for (const entrance of Object.values(ENTRANCES)) {
    try {
      out.set(`lock-${w.lockId(entrance)}`, entrance);
    } catch {
      // a world without this entrance's lock
    }
  }
  return out;
}

function readCaptures(dir: string, entrances: ReadonlyMap<string, string>): Capture[] {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.btsnoop'))
      .sort()
      .map((f) => {
        // <controller>.btsnoop, or <controller>-2.btsnoop … for a controller that attached again.
        const m = /^(.*?)(-\d+)?\.btsnoop$/.exec(f)!;
        const controller = entrances.has(f.slice(0, -8)) ? f.slice(0, -8) : m[1]!;
        const again = controller === f.slice(0, -8) ? '' : (m[2] ?? '');
        const entrance = entrances.get(controller);
        const name = entrance ? `${slug(entrance)}${again}.btsnoop` : f;
        return { name, controller, ...(entrance ? { entrance } : {}), bytes: new Uint8Array(readFileSync(join(dir, f))) };
      });
  } catch {
    return [];
  }
}
