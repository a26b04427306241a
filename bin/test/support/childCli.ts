/**
 * The real `keyrig` binary as a child process (node bin/keyrig.js): what a user or a CI job runs.
 * `keyrigChild(args)` starts it; `waitFor` resolves once stderr or stdout matched; `exited`
 * resolves to { code, signal, stdout, stderr } when it ends.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

export const KEYRIG_JS = join(import.meta.dirname, '..', '..', 'keyrig.js');

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface KeyrigChild {
  readonly child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves when stdout+stderr match `re` (rejects if the process ends first). */
  waitFor(re: RegExp, stream?: 'stdout' | 'stderr'): Promise<string>;
  readonly exited: Promise<ChildResult>;
}

export function keyrigChild(args: readonly string[], o: { cwd?: string; env?: NodeJS.ProcessEnv; bin?: string } = {}): KeyrigChild {
  const child = spawn(process.execPath, [o.bin ?? KEYRIG_JS, ...args], {
    cwd: o.cwd ?? process.cwd(),
    // No inherited level or format: the defaults are what is tested.
    env: { ...process.env, KEYRIG_LOG_LEVEL: '', KEYRIG_LOG_FORMAT: '', KEYRIG_API_KEY: '', ...o.env },
  });
  let out = '';
  let err = '';
  const waiters: (() => void)[] = [];
  const poke = () => waiters.forEach((w) => w());
  child.stdout.on('data', (d: Buffer) => ((out += d.toString()), poke()));
  child.stderr.on('data', (d: Buffer) => ((err += d.toString()), poke()));
  const exited = new Promise<ChildResult>((resolve) => child.once('close', (code, signal) => resolve({ code, signal, stdout: out, stderr: err })));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor: (re, stream) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const text = stream === 'stdout' ? out : stream === 'stderr' ? err : `${out}${err}`;
          const m = re.exec(text);
          if (m) resolve(m[0]);
        };
        waiters.push(check);
        check();
        void exited.then((r) => reject(new Error(`keyrig ${args.join(' ')} ended (code ${r.code}) before ${re}: ${r.stderr.slice(-800)}`)));
      }),
  };
}

/** Runs `keyrig args` to its end. */
export function keyrig(args: readonly string[], o: { cwd?: string; env?: NodeJS.ProcessEnv; bin?: string } = {}): Promise<ChildResult> {
  return keyrigChild(args, o).exited;
}
