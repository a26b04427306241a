import { BleError, CloudError, ClientInputError } from '@keyrig/client';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../src/exitCodes.js';
import { Command, CommanderError } from 'commander';
import { failure } from '../src/command/failure.js';
import { addRadioOptions, DEFAULT_AIR, describePhoneRadio, resolvePhoneRadio, type RadioFlags } from '../src/phone/phoneRadio.js';
import { UsageError } from '../src/command/UsageError.js';

/** The radio flags as `keyrig scan` parses them. */
function parse(...args: string[]): RadioFlags {
  const cmd = addRadioOptions(new Command('scan').exitOverride().configureOutput({ writeErr: () => undefined }));
  cmd.parse(args, { from: 'user' });
  return cmd.opts<RadioFlags>();
}

describe('phone radio flags', () => {
  it('defaults to the air server address, or $KEYRIG_AIR', () => {
    expect(resolvePhoneRadio(parse(), {})).toEqual({ kind: 'air', url: DEFAULT_AIR, position: { x: 0, y: 0 } });
    expect(resolvePhoneRadio(parse(), { KEYRIG_AIR: 'unix:/tmp/air.sock' })).toMatchObject({ kind: 'air', url: 'unix:/tmp/air.sock' });
    expect(resolvePhoneRadio(parse('--air', ':7000', '--position', '2.5,-1'), {})).toEqual({ kind: 'air', url: ':7000', position: { x: 2.5, y: -1 } });
    expect(resolvePhoneRadio(parse('--air', ':7000', '--position', '2.5,-1,3'), {})).toEqual({ kind: 'air', url: ':7000', position: { x: 2.5, y: -1, z: 3 } });
  });

  it('reads --hci and --uart', () => {
    expect(resolvePhoneRadio(parse('--hci', '1'), {})).toEqual({ kind: 'hci', deviceId: 1 });
    expect(resolvePhoneRadio(parse('--hci', 'hci0'), {})).toEqual({ kind: 'hci', deviceId: 0 });
    const uart = resolvePhoneRadio(parse('--uart', '/dev/ttyACM0', '--baud', '115200'), {});
    expect(uart).toEqual({ kind: 'uart', port: '/dev/ttyACM0', baudRate: 115200 });
    expect(describePhoneRadio(uart)).toBe('uart /dev/ttyACM0 @ 115200');
  });

  it('refuses contradictions and malformed values with a usage error', () => {
    expect(() => parse('--air', DEFAULT_AIR, '--uart', '/dev/x')).toThrow(/'--air <address>' cannot be used with option '--uart <path>'/);
    expect(() => parse('--hci', 'zero')).toThrow(CommanderError);
    expect(() => parse('--uart', '/dev/x', '--baud', 'fast')).toThrow(/--baud/);
    expect(() => parse('--air', 'http://x')).toThrow(/not an air address/);
    expect(() => parse('--position', 'here')).toThrow(/--position.*wants x,y/);
    // A bad $KEYRIG_AIR is a usage error too.
    expect(failure(catchError(() => resolvePhoneRadio({}, { KEYRIG_AIR: 'http://x' }))).code).toBe(ExitCode.USAGE);
  });
});

describe('exit codes of failures', () => {
  it('maps each kind of error to its documented code', () => {
    expect(failure(new UsageError('x')).code).toBe(ExitCode.USAGE);
    expect(failure(new ClientInputError('bad url')).code).toBe(ExitCode.USAGE);
    expect(failure(new BleError('timeout', 'scan')).code).toBe(ExitCode.NOT_FOUND);
    expect(failure(new BleError('unsupported', 'no adapter')).code).toBe(ExitCode.ERROR);
    expect(failure(new CloudError(401, 'unauthorized', 'nope'))).toEqual({ code: ExitCode.DENIED, message: 'cloud refused the key: nope' });
    expect(failure(new CloudError(403, 'instant_key_expired', 'expired')).code).toBe(ExitCode.DENIED);
    expect(failure(new CloudError(0, 'unreachable', 'down'))).toEqual({ code: ExitCode.ERROR, message: 'cloud: down' });
    expect(failure(new CloudError(500, 'internal', 'oops')).code).toBe(ExitCode.ERROR);
    expect(failure(new Error('boom')).code).toBe(ExitCode.ERROR);
  });
});

function catchError(f: () => unknown): unknown {
  try {
    f();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}
