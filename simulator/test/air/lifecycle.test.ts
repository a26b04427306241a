/**
 * Clean lifecycle: after the hosts stop and the air closes, nothing keeps the process alive —
 * including bleno 0.12.4's endless isDevUp poll (tamed by the virtual socket; see
 * VirtualHciSocket.isDevUp). Also pins the driver seam in @stoprocent/bluetooth-hci-socket.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Air, installVirtualHci, VirtualHciSocket } from '../../src/air/index.js';
import { waitFor } from './fixtures.js';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');

describe('lifecycle and seam', () => {
  it('pins the @stoprocent versions the seam was built against', () => {
    expect((require('@stoprocent/bluetooth-hci-socket/package.json') as { version: string }).version).toBe('2.3.0');
    expect((require('@stoprocent/noble/package.json') as { version: string }).version).toBe('2.8.0');
    expect((require('@stoprocent/bleno/package.json') as { version: string }).version).toBe('0.12.4');
  });

  it('loadDriver("virtual") reaches the virtual socket (the seam has not moved)', () => {
    installVirtualHci();
    const { loadDriver } = require('@stoprocent/bluetooth-hci-socket') as { loadDriver(n: string): unknown };
    expect(loadDriver('virtual')).toBe(VirtualHciSocket);
    // Real drivers are untouched.
    expect(loadDriver('uart')).not.toBe(VirtualHciSocket);
  });

  it('a host pointed at a controller that does not exist reports "unsupported" instead of crashing', async () => {
    const air = new Air();
    air.attach({ name: 'x' }); // installs the seam
    // noble's own types; 'virtual' is keyrig's driver, unknown to them (the seam adds it at run time).
    const noble = (require('@stoprocent/noble') as typeof import('@stoprocent/noble')).withBindings('hci', {
      hciDriver: 'virtual',
      bindParams: { virtual: { id: 'nope' } },
    } as object);
    const state = waitFor<[string]>(noble, 'stateChange'); // a stateChange listener initialises the bindings
    expect((await state)[0]).toBe('unsupported');
    noble.stop();
    await air.close();
  });

  it('a process that ran a session exits by itself after teardown', async () => {
    const proc = spawn(join(repo, 'node_modules/.bin/vite-node'), [join(here, 'child/inProcessLoop.ts')], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        proc.kill();
        reject(new Error(`process still alive 20 s after the session; stdout: ${out}`));
      }, 20_000);
      proc.once('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(out).toContain('done');
    expect(code).toBe(0);
  });
});
