/** The machine a run happened on (docs/BENCHMARKS.md states it with every table). */
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';

export interface Machine {
  readonly nproc: number;
  readonly cpuModel: string;
  readonly node: string;
  readonly platform: string;
  readonly totalMemMiB: number;
  /** 1-minute load average when the run started (another engineer's tests show up here). */
  readonly loadAverage1m: number;
}

export function describeMachine(): Machine {
  let cpuModel = cpus()[0]?.model ?? 'unknown';
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) cpuModel = m[1]!.trim();
  } catch {
    // not Linux: keep os.cpus()
  }
  return {
    nproc: availableParallelism(),
    cpuModel,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    totalMemMiB: Math.round(totalmem() / 2 ** 20),
    loadAverage1m: Math.round(loadavg()[0]! * 100) / 100,
  };
}
