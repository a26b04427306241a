/**
 * Runs the applicable conformance tests against a target and returns the report as data:
 * `{ total, passed, failed, skipped, results: [{ id, title, status, detail }] }`.
 */
import { KeyrigError, systemClock } from '@keyrig/protocol';
import type { CapabilityStatement } from './capabilities.js';
import { CONFORMANCE_TESTS } from './catalogue.js';
import { protocolSection } from './protocolSections.js';
import { ConformanceContext, ConformanceFailure } from './ConformanceContext.js';
import { isApplicable, type ConformanceTest } from './ConformanceTest.js';
import type { ConformanceTarget } from './targets.js';

export type ConformanceStatus = 'passed' | 'failed' | 'skipped';

export interface ConformanceResult {
  readonly id: string;
  readonly title: string;
  readonly status: ConformanceStatus;
  /** The docs/PROTOCOL.md section the test checks ("PROTOCOL.md §7.5 …"), for catalogue tests. */
  readonly section?: string;
  /** Why it failed or was skipped. */
  readonly detail?: string;
  readonly durationMs: number;
}

export interface ConformanceReport {
  readonly target: string;
  readonly lockType: string;
  readonly total: number;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly results: readonly ConformanceResult[];
  /** Set when a device stopped being heard mid-run: the tests after it were not run (skipped). */
  readonly lost?: string;
}

export interface RunConformanceOptions {
  readonly target: ConformanceTarget;
  readonly capabilities: CapabilityStatement;
  /** Run only these ids (default: every applicable test). */
  readonly only?: readonly string[];
  readonly tests?: readonly ConformanceTest[];
  /** Per-test limit (default 30 s). */
  readonly testTimeoutMs?: number;
  /** After a test fails because the lock was not heard: how long to look for it once more (default 10 s). */
  readonly locateMs?: number;
  readonly onProgress?: (line: string) => void;
}

/** The tests that apply to the target's lock type under the statement (and `only`, when given). */
export function applicableTests(caps: CapabilityStatement, type: ConformanceTarget['lockType'], o: Pick<RunConformanceOptions, 'only' | 'tests'> = {}): ConformanceTest[] {
  const all = o.tests ?? CONFORMANCE_TESTS;
  if (o.only) {
    const unknown = o.only.filter((id) => !all.some((t) => t.id === id));
    if (unknown.length > 0) throw new KeyrigError('config', `unknown conformance test id(s): ${unknown.join(', ')}`);
  }
  return all.filter((t) => isApplicable(t, caps, type) && (!o.only || o.only.includes(t.id)));
}

export async function runConformance(o: RunConformanceOptions): Promise<ConformanceReport> {
  const { target } = o;
  if (!o.capabilities.lock_types.includes(target.lockType)) {
    throw new KeyrigError('config', `the capability statement does not list lock type "${target.lockType}" (it lists ${o.capabilities.lock_types.join(', ')})`);
  }
  const tests = applicableTests(o.capabilities, target.lockType, o);
  const results: ConformanceResult[] = [];
  let lost: string | undefined;
  for (const [i, t] of tests.entries()) {
    const section = protocolSection(t.id);
    if (lost) {
      // The device is gone: one "no lock heard", not a FAIL per remaining test (issue #18).
      results.push({ id: t.id, title: t.title, status: 'skipped', ...(section ? { section } : {}), detail: `not run: ${lost}`, durationMs: 0 });
      continue;
    }
    const started = Date.now();
    const prepared = await target.prepare(t.lockSetup?.behaviour);
    let status: ConformanceStatus = 'passed';
    let detail: string | undefined;
    if ('skip' in prepared) {
      status = 'skipped';
      detail = `${t.lockSetup?.reason ?? 'setup'}: ${prepared.skip}`;
    } else {
      const ctx = new ConformanceContext(prepared.provisioning, target.provider, target.central, target.clock, o.capabilities, (ms) => target.letTimePass(ms));
      try {
        if (target.sharedLock) {
          const reset = await ctx.attempt();
          if (reset.codeName !== 'GRANTED') {
            // Name who refused: the lock, or the phone refusing the lock (issue #18).
            const cause = ctx.cause(reset.codeName);
            throw new ConformanceFailure(`a valid credential did not open the lock before the test: ${cause ?? `the lock answered ${reset.codeName}`}`);
          }
        }
        // Wall time: a test that travels the target's clock must still end.
        await systemClock.timeout(t.run(ctx), o.testTimeoutMs ?? 30_000, t.id);
      } catch (err) {
        status = 'failed';
        detail = err instanceof ConformanceFailure ? err.message : `error: ${(err as Error).message}`;
      } finally {
        await prepared.release();
      }
    }
    if (status === 'failed' && target.locate && /was not heard within/.test(detail ?? '') && !(await target.locate(o.locateMs ?? 10_000))) {
      lost = `the lock was no longer heard after ${t.id} (looked ${(o.locateMs ?? 10_000) / 1000} s more)`;
    }
    results.push({ id: t.id, title: t.title, status, ...(section ? { section } : {}), ...(detail ? { detail } : {}), durationMs: Date.now() - started });
    o.onProgress?.(`[${i + 1}/${tests.length}] ${status === 'passed' ? 'PASS' : status === 'failed' ? 'FAIL' : 'SKIP'} ${t.id} ${t.title}${detail ? ` — ${detail}` : ''}`);
  }
  const count = (s: ConformanceStatus) => results.filter((r) => r.status === s).length;
  return { target: target.description, lockType: target.lockType, total: results.length, passed: count('passed'), failed: count('failed'), skipped: count('skipped'), results, ...(lost ? { lost } : {}) };
}

/** A plain-text pass/fail table. */
export function conformanceTable(r: ConformanceReport): string {
  const idW = Math.max(2, ...r.results.map((x) => x.id.length));
  const lines = [`Conformance: ${r.target}`, '', `${'ID'.padEnd(idW)}  RESULT  TITLE`];
  for (const x of r.results) {
    lines.push(`${x.id.padEnd(idW)}  ${{ passed: 'PASS  ', failed: 'FAIL  ', skipped: 'SKIP  ' }[x.status]}  ${x.title}${x.section ? ` (${x.section})` : ''}`);
    if (x.detail) lines.push(`${' '.repeat(idW)}          ${x.detail}`);
  }
  lines.push('', `${r.passed}/${r.total} passed, ${r.failed} failed, ${r.skipped} skipped`);
  return lines.join('\n') + '\n';
}
