/**
 * Runs a whole in-process session (air + bleno + noble), tears it down and then simply returns:
 * the lifecycle test checks that the process exits by itself.
 */
import { Air } from '../../../src/air/index.js';
import { discoverLock, findCharacteristics, startLock, startPhone, teardown } from '../fixtures.js';

const air = new Air({ seed: 8, timing: 'floor' });
const lock = await startLock(air.attach({ name: 'lock' }));
const phone = await startPhone(air.attach({ name: 'phone', position: { x: 1, y: 0 } }));
const p = await discoverLock(phone);
await p.connectAsync();
const { value } = await findCharacteristics(p);
await value.writeAsync(Buffer.from('bye'), false);
await p.disconnectAsync();
await teardown(air, phone, lock.bleno);
process.stdout.write('done\n');
