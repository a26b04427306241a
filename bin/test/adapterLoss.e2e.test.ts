/**
 * `keyrig scan` whose controller vanishes mid-scan (issue #18): the phone joins an air server with
 * --air, the server removes its controller (a pulled dongle, a UART gone). The README's exit codes:
 * 70 "any other error", with one line on stderr naming the adapter loss — not a scan that runs on
 * (its --timeout here is ten minutes) or hangs in stop-scan.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Air, AirServer } from '@keyrig/simulator';
import { cli } from './support/cliIo.js';

const air = new Air({ seed: 18 });
const server = new AirServer(air);
let url: string;

beforeAll(async () => {
  url = await server.listen({ port: 0 });
});
afterAll(async () => {
  await server.close();
  await air.close();
});

describe('keyrig scan when the adapter goes away', () => {
  it('exits 70 with one line naming the adapter loss', async () => {
    const phone = `keyrig-phone-${process.pid}`;
    const pull = setInterval(() => {
      if (air.controllers.some((c) => c.name === phone)) {
        clearInterval(pull);
        setTimeout(() => air.removeController(phone), 300);
      }
    }, 50);
    try {
      const r = await cli(['scan', '--air', url, '--timeout', '600000', '--quiet']);
      expect(r.code).toBe(70);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^keyrig scan: .*adapter lost/);
    } finally {
      clearInterval(pull);
    }
  }, 60_000);
});
