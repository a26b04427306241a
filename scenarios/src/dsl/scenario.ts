/**
 * A scenario is a story with a title, tags and a body that drives a World. Suites group them.
 * Ids are `<suite>/<slug of title>`: stable, so sharding and retries address the same scenario.
 */
import type { LockSetup } from '../rig/startRig.js';
import type { World } from './World.js';
import type { EntranceName } from './scenarioProperty.js';

export interface ScenarioDefinition {
  readonly title: string;
  readonly tags?: readonly string[];
  /** How the world's locks start (firmware settings, deliberate bugs) for this story. */
  readonly locks?: Partial<Record<EntranceName, LockSetup>>;
  /** Seed of the air (default 1). */
  readonly seed?: number;
  /** Simulation start, ms since the epoch (default SCENARIO_START; emulated worlds only). */
  readonly start?: number;
  /**
   * Runs on device targets too (real or out-of-process locks): uses no air control, no time
   * travel and no lock internals. Default false: emulated only (skipped on devices).
   */
  readonly portable?: boolean;
  readonly run: (world: World) => Promise<void>;
}

export interface Scenario extends ScenarioDefinition {
  readonly id: string;
  readonly suite: string;
  readonly tags: readonly string[];
}

export interface Suite {
  readonly name: string;
  readonly title: string;
  readonly scenarios: readonly Scenario[];
}

/** Lowercase words joined by dashes. */
export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** Defines a suite; every scenario gets the suite's tags and its name as a tag. */
export function defineSuite(name: string, title: string, scenarios: readonly ScenarioDefinition[], tags: readonly string[] = []): Suite {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`suite name "${name}" must be lowercase letters, digits and dashes`);
  const seen = new Set<string>();
  return {
    name,
    title,
    scenarios: scenarios.map((s) => {
      const id = `${name}/${slug(s.title)}`;
      if (seen.has(id)) throw new Error(`duplicate scenario id ${id}`);
      seen.add(id);
      return { ...s, id, suite: name, tags: [...new Set([name, ...tags, ...(s.tags ?? [])])] };
    }),
  };
}
