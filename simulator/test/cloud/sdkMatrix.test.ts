/**
 * The official-SDK compatibility matrix (issue #19; docs/CLOUD.md, "SDK compatibility matrix").
 * The same property-manager flow (fixtures/sdkFlow.mjs: entrances → identity → grant with a
 * mobile key → `instant_key_url` from the grant → open → extend → reissue → share with
 * `max_use_count` → revoke → events) runs with every official SDK a user gets, each in a child
 * process under its Node version, against a real cloud (this process, Node 20) over real HTTP
 * through a recording proxy. Every response each SDK received is validated against
 * @seamapi/types: the route's OpenAPI response schema and the zod schema of every resource.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { START, startTestCloud, type TestCloud } from './testCloud.js';
import { startRecordingProxy, type Exchange, type RecordingProxy } from './sdkMatrix/recordingProxy.js';
import { seamMismatches } from './sdkMatrix/seamResponseCheck.js';
import { nodeBinary } from './sdkMatrix/nodeBinaries.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const FLOW = join(import.meta.dirname, 'fixtures', 'sdkFlow.mjs');

interface SdkRow {
  label: string;
  node: number;
  /** What the child imports (a pinned devDependency or its alias) and the client class's export. */
  module: string;
  export: string;
  /** package.json files (under node_modules) and the versions they must have: the pins. */
  pins: [string, string][];
}

// `npm install seam` picks the newest version whose `engines` match the running Node:
// Node 20 → seam 1.160.0 (engines node >=20.9.0), which pins @seamapi/http 1.102.0; Node 22 and
// 24 → seam 1.245.0, whose `Seam` is `SeamHttp` of its pinned @seamapi/http 2.32.0 (the package
// also installs @seamapi/cli: 362 packages, 745 MB, so we import that exact @seamapi/http).
export const SDK_ROWS: SdkRow[] = [
  { label: 'seam 1.160.0 on Node 20', node: 20, module: 'seam-node20', export: 'Seam', pins: [['seam-node20', '1.160.0'], ['seam-node20/node_modules/@seamapi/http', '1.102.0']] },
  { label: 'seam 1.245.0 (@seamapi/http 2.32.0) on Node 22', node: 22, module: '@seamapi/http', export: 'SeamHttp', pins: [['@seamapi/http', '2.32.0']] },
  { label: 'seam 1.245.0 (@seamapi/http 2.32.0) on Node 24', node: 24, module: '@seamapi/http', export: 'SeamHttp', pins: [['@seamapi/http', '2.32.0']] },
  { label: '@seamapi/http 1.121.0 on Node 22', node: 22, module: 'seamapi-http-1', export: 'SeamHttp', pins: [['seamapi-http-1', '1.121.0']] },
  { label: '@seamapi/http 2.32.0 on Node 20', node: 20, module: '@seamapi/http', export: 'SeamHttp', pins: [['@seamapi/http', '2.32.0']] },
];

/** The flow's steps, in order (as fixtures/sdkFlow.mjs names them). */
export const STEPS = [
  'list entrances (no parameters)',
  'create user identity',
  'access grant with a mobile key',
  'instant_key_url from the grant',
  'open the key',
  'extend the grant',
  'reissue an instant key',
  'share with max_use_count 2',
  'revoke',
  'events show the lifecycle',
];

interface StepResult { name: string; ok: boolean; skipped?: boolean; error?: string }
interface RowRun { node?: string; steps: StepResult[]; exchanges: Exchange[]; failure?: string }

function runChild(bin: string, args: object): Promise<{ stdout: string; stderr: string; error: Error | null }> {
  return new Promise((resolve) => {
    execFile(bin, [FLOW, JSON.stringify(args)], { cwd: ROOT, timeout: 90_000, maxBuffer: 8 << 20 }, (error, stdout, stderr) => resolve({ error, stdout, stderr }));
  });
}

async function runRow(row: SdkRow): Promise<RowRun> {
  let bin: string;
  try {
    bin = nodeBinary(row.node, ROOT);
  } catch (err) {
    return { steps: [], exchanges: [], failure: (err as Error).message };
  }
  let t: TestCloud | undefined;
  let proxy: RecordingProxy | undefined;
  try {
    t = await startTestCloud();
    proxy = await startRecordingProxy(t.cloud.url);
    const args = { module: row.module, export: row.export, endpoint: proxy.url, apiKey: t.cloud.apiKey, now: new Date(START).toISOString() };
    const { stdout, stderr, error } = await runChild(bin, args);
    const line = stdout.trim().split('\n').pop() ?? '';
    if (error || !line.startsWith('{')) return { steps: [], exchanges: proxy.exchanges, failure: `the flow exited: ${error?.message ?? ''}\n${stderr.slice(-2000)}` };
    const out = JSON.parse(line) as { node: string; steps: StepResult[] };
    return { node: out.node, steps: out.steps, exchanges: proxy.exchanges };
  } finally {
    await proxy?.close();
    await t?.close();
  }
}

function redact(s: string): string {
  return s.replace(/\/ik\/[^/\s"]+/g, '/ik/<secret>');
}

/** Every @seamapi/types mismatch in what the SDK received during one step. */
function mismatchesOf(run: RowRun, step: string): string[] {
  return run.exchanges
    .filter((x) => x.step === step)
    .flatMap((x) => seamMismatches(x).map((m) => `${x.method} ${redact(x.path)} ${x.status}: ${m}`));
}

/** One cell of the matrix: the flow's own checks and the schema checks together. */
function verdict(run: RowRun, step: string): { status: 'pass' | 'FAIL' | 'skip'; why?: string } {
  const result = run.steps.find((s) => s.name === step);
  if (!result) return { status: 'FAIL', why: 'did not run' };
  if (result.skipped) return { status: 'skip', why: result.error };
  const bad = mismatchesOf(run, step);
  const why = [result.ok ? '' : redact(result.error ?? ''), ...bad.slice(0, 3), bad.length > 3 ? `… ${bad.length - 3} more` : ''].filter(Boolean).join('; ');
  return result.ok && bad.length === 0 ? { status: 'pass' } : { status: 'FAIL', why };
}

const runs = new Map<string, RowRun>();

describe('official Seam SDK compatibility matrix', () => {
  beforeAll(async () => {
    const results = await Promise.all(SDK_ROWS.map(async (row) => [row.label, await runRow(row)] as const));
    for (const [label, run] of results) runs.set(label, run);
  }, 150_000);

  afterAll(() => {
    // The matrix, readable in the test output (docs/CLOUD.md keeps the last one).
    const lines = SDK_ROWS.map((row) => {
      const run = runs.get(row.label);
      if (!run || run.failure) return `${row.label}: NOT RUN — ${run?.failure?.split('\n')[0] ?? '?'}`;
      const cells = STEPS.map((step) => {
        const v = verdict(run, step);
        return `${v.status} ${step}${v.why ? ` (${v.why})` : ''}`;
      });
      return `${row.label} [${run.node}]:\n  ${cells.join('\n  ')}`;
    });
    console.log(`SDK matrix:\n${lines.join('\n')}`);
  });

  for (const row of SDK_ROWS) {
    describe(row.label, () => {
      it('uses the pinned SDK versions', () => {
        for (const [pkg, version] of row.pins) {
          const json = JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string };
          expect(`${pkg}@${json.version}`).toBe(`${pkg}@${version}`);
        }
      });

      it('ran the flow under the right Node', () => {
        const run = runs.get(row.label)!;
        expect(run.failure, run.failure).toBeUndefined();
        expect(run.node).toMatch(new RegExp(`^v${row.node}\\.`));
        expect(run.steps.map((s) => s.name)).toEqual(STEPS);
      });

      for (const step of STEPS) {
        it(step, () => {
          const run = runs.get(row.label)!;
          expect(run.failure, run.failure).toBeUndefined();
          const result = run.steps.find((s) => s.name === step);
          expect(result, `step "${step}" did not run`).toBeDefined();
          expect(result!.ok, redact(result!.error ?? '')).toBe(true);
          expect(run.exchanges.filter((x) => x.step === step).length).toBeGreaterThan(0);
          expect(mismatchesOf(run, step)).toEqual([]);
        });
      }
    });
  }

  it('the response check can fail (a list without its pagination envelope, a bad instant key, a bare error)', () => {
    const base: Exchange = { step: 's', method: 'POST', path: '/access_grants/list', query: '', requestContentType: 'application/json', requestBody: '{}', status: 200, responseBody: { access_grants: [], ok: true }, responseContentType: 'application/json' };
    expect(seamMismatches(base)).toEqual(['OpenAPI /access_grants/list: body.pagination: required but missing']);
    const key = { ...base, path: '/instant_keys/get', responseBody: { instant_key: { instant_key_id: 'x' }, ok: true } };
    expect(seamMismatches(key).some((m) => m.startsWith('zod instant_key: instant_key.'))).toBe(true);
    expect(seamMismatches({ ...base, status: 415, responseBody: { message: 'Unsupported Media Type' } })).toEqual(["error body is not Seam's { error: { type, message } }"]);
  });
});
