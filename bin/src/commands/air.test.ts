/**
 * `keyrig air serve`: listens, answers a raw H4 client, stops on abort.
 */
import { connect } from 'node:net';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseAirUrl } from '@keyrig/simulator';
import { cli } from '../../test/support/cliIo.js';
import { runAirServe } from './air.js';

describe('keyrig air serve', () => {
  it('serves H4 over TCP until stopped', async () => {
    const out = new PassThrough();
    let printed = '';
    out.on('data', (d: Buffer) => (printed += d.toString()));
    const ac = new AbortController();
    const done = runAirServe({ port: 0, json: true, logLevel: 'silent' }, ac.signal, { stdout: out, stderr: new PassThrough() });
    for (let i = 0; i < 200 && !printed.includes('\n'); i++) await new Promise((r) => setTimeout(r, 10));
    const info = JSON.parse(printed) as { url: string; timing: string };
    expect(info.timing).toBe('fast');
    const target = parseAirUrl(info.url);
    const sock = connect(target.port!, target.host!);
    const reply = await new Promise<Buffer>((resolve, reject) => {
      sock.once('error', reject);
      sock.once('data', resolve);
      // Hello line naming the controller, then HCI_Reset as H4.
      sock.write(Buffer.concat([Buffer.from('{"name":"probe"}\n'), Buffer.from('01030c00', 'hex')]));
    });
    expect(reply.toString('hex')).toBe('040e0401030c00');
    sock.destroy();
    ac.abort();
    expect(await done).toBe(0);
  });

  it('rejects bad options with the usage exit code', async () => {
    const timing = await cli(['air', 'serve', '--timing', 'warp']);
    expect(timing.code).toBe(2);
    expect(timing.stderr).toMatch(/--timing.*warp.*invalid/);
    const pty = await cli(['air', 'serve', '--pty', 'nopath']);
    expect(pty.code).toBe(2);
    expect(pty.stderr).toMatch(/--pty.*NAME=PATH/);
  });
});
