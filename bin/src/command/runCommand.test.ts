/**
 * The one exit-code wrapper: a body's exit code passes through; a throw becomes one line naming
 * the command and the code README "Exit codes" gives it; cleanups run last, newest first, on
 * every path. And no command sidesteps it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BleError } from '@keyrig/client';
import { KeyrigError } from '@keyrig/protocol';
import { captureIo, cli } from '../../test/support/cliIo.js';
import { ExitCode } from '../exitCodes.js';
import { runCommand } from './runCommand.js';
import { UsageError } from './UsageError.js';

describe('runCommand', () => {
  it("passes the body's exit code through and runs cleanups newest first", async () => {
    const c = captureIo();
    const order: string[] = [];
    const code = await runCommand('x', c.io, async (onExit) => {
      onExit(() => order.push('radio'));
      onExit(async () => order.push('air'));
      return ExitCode.NOT_FOUND;
    });
    expect(code).toBe(ExitCode.NOT_FOUND);
    expect(order).toEqual(['air', 'radio']);
    expect(c.stderr()).toBe('');
  });

  it('turns a throw into one stderr line and its documented code, after the cleanups', async () => {
    for (const [err, code] of [
      [new UsageError('--x wants y'), ExitCode.USAGE],
      [new KeyrigError('config', 'bad property file'), ExitCode.USAGE],
      [new BleError('timeout', 'no answer'), ExitCode.NOT_FOUND],
      [new Error('disk full'), ExitCode.ERROR],
    ] as const) {
      const c = captureIo();
      let cleaned = false;
      expect(
        await runCommand('lock run', c.io, async (onExit) => {
          onExit(() => (cleaned = true));
          throw err;
        }),
      ).toBe(code);
      expect(cleaned).toBe(true);
      expect(c.stderr()).toBe(`keyrig lock run: ${err.message}\n`);
    }
  });

  it('reports a failing cleanup without changing the exit code', async () => {
    const c = captureIo();
    const code = await runCommand('air serve', c.io, async (onExit) => {
      onExit(() => {
        throw new Error('socket busy');
      });
      return ExitCode.OK;
    });
    expect(code).toBe(ExitCode.OK);
    expect(c.stderr()).toBe('keyrig air serve: while shutting down: socket busy\n');
  });
});

describe('every command goes through it', () => {
  it('no command file sets process.exitCode or writes to process.stderr itself', () => {
    const dir = join(import.meta.dirname, '..', 'commands');
    const offenders = readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .filter((f) => /process\.exitCode\s*=|process\.stderr\.write/.test(readFileSync(join(dir, f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('bad flag values are usage errors (exit 2) on every command, with the flag named', async () => {
    for (const args of [
      ['cloud', 'serve', '--db', ':memory:', '--port', 'abc'],
      ['cloud', 'serve', '--db', ':memory:', '--port', '99999'],
      ['cloud', 'serve', '--db', ':memory:', '--synchronous', 'OFF'],
      ['cloud', 'provision', '--db', ':memory:', '--out', 'x.json', '--log-level', 'loud'],
      ['air', 'serve', '--seed', '1.5'],
      ['lock', 'run', '--fault-rate', '2'],
      ['lock', 'run', '--max-mtu', '600'],
      ['scan', '--timeout', '50'],
      ['unlock', 'http://127.0.0.1/ik/x', '--mtu', '22'],
      ['unlock', 'http://127.0.0.1/ik/x', '--cloud', 'ftp://x'],
      ['demo', '--seed', '-1'],
      ['run', '--seed', 'x'],
      ['validate', '--lock-type', 'gate'],
      ['bench', '--only', 'speed'],
    ]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(ExitCode.USAGE);
      expect(r.stderr, args.join(' ')).toMatch(new RegExp(`option '${args.find((a, i) => a.startsWith('--') && i === args.length - 2)}`));
    }
  });
});
