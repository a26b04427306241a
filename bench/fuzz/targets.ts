/** The cloud and client fuzz targets of `npm run fuzz` (the lock target is in fuzz.ts). */
import { runClientFuzz } from '@keyrig/client/testing';
import { runCloudFuzz } from '@keyrig/simulator/testing';

export interface TargetReport {
  readonly target: string;
  readonly startedAt: string;
  readonly inputs: number;
  readonly wallMs: number;
  readonly ok: boolean;
  readonly [more: string]: unknown;
}

export interface TargetOptions {
  readonly seed: number;
  readonly inputs?: number;
}

export const targets: Record<'cloud' | 'client', (o: TargetOptions) => Promise<TargetReport>> = {
  /** Hostile HTTP requests, in chunks of 5000 (one fast-check run each, seeds seed, seed+1, …). */
  cloud: async (o) => {
    const startedAt = new Date().toISOString();
    const total = o.inputs ?? 20_000;
    const byStatus: Record<string, number> = {};
    const failures: string[] = [];
    let requests = 0;
    let wallMs = 0;
    let world: Awaited<ReturnType<typeof runCloudFuzz>>['world'] | undefined;
    for (let chunk = 0; requests < total && failures.length === 0; chunk++) {
      const r = await runCloudFuzz({ requests: Math.min(5000, total - requests), seed: o.seed + chunk, ...(world ? { world } : {}) });
      world = r.world;
      requests += r.requests;
      wallMs += r.wallMs;
      failures.push(...r.failures);
      for (const [k, v] of Object.entries(r.byStatus)) byStatus[k] = (byStatus[k] ?? 0) + v;
      process.stderr.write(`cloud: ${requests} requests, ${(wallMs / 1000).toFixed(0)} s, failures ${failures.length}\n`);
    }
    const errorLogs = world ? world.t.logs.filter((l) => (JSON.parse(l) as { level: number }).level >= 50).length : 0;
    await world?.t.close();
    return { target: 'cloud', startedAt, inputs: requests, wallMs, byStatus, errorLogs, failures, ok: failures.length === 0 && errorLogs === 0 };
  },
  /** Access attempts against generated malicious locks. */
  client: async (o) => {
    const startedAt = new Date().toISOString();
    const r = await runClientFuzz({ attempts: o.inputs ?? 20_000, seed: o.seed });
    process.stderr.write(`client: ${r.attempts} attempts, ${(r.wallMs / 1000).toFixed(0)} s, failures ${r.failures.length}\n`);
    return { target: 'client', startedAt, inputs: r.attempts, wallMs: r.wallMs, outcomes: r.outcomes, failures: r.failures, ok: r.failures.length === 0 };
  },
};
