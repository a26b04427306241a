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

  it('--fault controller-reset:probe@0.2 resets that controller 0.2 s after it joins: Hardware Error, then a NOP credit', async () => {
    const out = new PassThrough();
    let printed = '';
    out.on('data', (d: Buffer) => (printed += d.toString()));
    const ac = new AbortController();
    const done = runAirServe({ port: 0, json: true, logLevel: 'silent', fault: [{ profile: 'controller-reset', name: 'probe', afterMs: 200 }] }, ac.signal, { stdout: out, stderr: new PassThrough() });
    for (let i = 0; i < 200 && !printed.includes('\n'); i++) await new Promise((r) => setTimeout(r, 10));
    const target = parseAirUrl((JSON.parse(printed) as { url: string }).url);
    const sock = connect(target.port!, target.host!);
    let got = '';
    sock.on('data', (d: Buffer) => (got += d.toString('hex')));
    sock.write(Buffer.concat([Buffer.from('{"name":"probe"}\n'), Buffer.from('01030c00', 'hex')]));
    // Reset's Command Complete, then (hand-built, Vol 4 Part E §7.7.16 / §7.7.14) 04 10 01 00 and 04 0e 03 01 0000.
    for (let i = 0; i < 300 && got.length < 2 * (7 + 4 + 6); i++) await new Promise((r) => setTimeout(r, 10));
    expect(got).toBe('040e0401030c00' + '04100100' + '040e03010000');
    sock.destroy();
    ac.abort();
    expect(await done).toBe(0);
  });

  it('rejects bad options with the usage exit code', async () => {
    const fault = await cli(['air', 'serve', '--fault', 'melt:lock-1']);
    expect(fault.code).toBe(2);
    expect(fault.stderr).toMatch(/--fault.*PROFILE:NAME\[@SECONDS\].*adapter-loss, controller-reset/);
    const timing = await cli(['air', 'serve', '--timing', 'warp']);
    expect(timing.code).toBe(2);
    expect(timing.stderr).toMatch(/--timing.*warp.*invalid/);
    const pty = await cli(['air', 'serve', '--pty', 'nopath']);
    expect(pty.code).toBe(2);
    expect(pty.stderr).toMatch(/--pty.*NAME=PATH/);
  });
});
