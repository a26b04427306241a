/**
 * A bleno lock in its own process, for the cross-process tests. Reads KEYRIG_CHILD (JSON):
 * { mode: 'remote', url, name } joins an air server with the virtual driver;
 * { mode: 'uart', port } uses bleno's own 'uart' driver on a pty.
 * stdout: "ready <address>", "write <hex>"; stdin: "notify <text>", "stop".
 * After "stop" it must exit on its own (nothing may keep the event loop alive).
 */
import { createInterface } from 'node:readline';
import { installUartFlowControl, remoteAirBindings } from '../../../src/air/index.js';
import { startLock } from '../fixtures.js';

const config = JSON.parse(process.env.KEYRIG_CHILD ?? '{}') as { mode: 'remote' | 'uart'; url?: string; name?: string; port?: string };
const bindings =
  config.mode === 'remote'
    ? remoteAirBindings({ url: config.url!, name: config.name ?? 'lock', position: { x: 0, y: 0 } })
    : (installUartFlowControl(), { hciDriver: 'uart', bindParams: { uart: { port: config.port!, baudRate: 1_000_000 } } });

const lock = await startLock({ bindings });
const origPush = lock.writes.push.bind(lock.writes);
lock.writes.push = (...items: Buffer[]) => {
  for (const w of items) process.stdout.write(`write ${w.toString('hex')}\n`);
  return origPush(...items);
};
lock.bleno.on('addressChange', () => {});
process.stdout.write(`ready\n`);

const rl = createInterface({ input: process.stdin });
rl.on('line', (line) => {
  if (line.startsWith('notify ')) lock.notify(Buffer.from(line.slice(7)));
  if (line === 'stop') {
    lock.bleno.stop();
    rl.close();
    process.stdin.destroy(); // our own stdin pipe is the only other handle
    process.stdout.write('stopped\n');
    // With bleno's own UART driver nothing of keyrig runs here to tame bleno's endless isDevUp
    // poll, so this process exits explicitly, as any bleno program must (docs/AIR.md).
    if (config.mode === 'uart') setImmediate(() => process.exit(0));
  }
});
