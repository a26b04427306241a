/**
 * A lock under load in its own process, for the SIGKILL test: real firmware persisting to
 * `<stateDir>` (FileStateStore), phones connected in memory through LockConnection, each bringing
 * a newer blocklist and a credential with a higher key sequence, then unlocking. After each
 * GRANTED it prints `ack {json}` — the phone saw the answer, so the lock had committed it.
 * Usage: vite-node lockUnderLoad.ts <stateDir>   (writes <stateDir>/provisioning.json first)
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ManualClock } from '@keyrig/protocol';
import { LockFirmware } from '../../../src/lock/LockFirmware.js';
import { loadLockKeys } from '../../../src/lock/session/lockKeys.js';
import { FileStateStore } from '../../../src/lock/stateStore.js';
import { silentLogger, T0 } from '../../lock/fixtures.js';
import { connectMemoryPhone } from '../../lock/memoryPhone.js';
import { blocklistBlob, issueKey, makeProvider, provisionLock } from '../../lock/world.js';

const stateDir = process.argv[2]!;
const provider = await makeProvider();
const provisioning = await provisionLock(provider, 'door');
writeFileSync(join(stateDir, 'provisioning.json'), JSON.stringify(provisioning));
const clock = new ManualClock(T0);
const firmware = new LockFirmware({ provisioning, clock, logger: silentLogger, store: new FileStateStore(stateDir, provisioning.lock_id), behaviour: { relockAfterMs: 1 } });
const keys = await loadLockKeys(provisioning);
process.stdout.write('ready\n');

for (let i = 1; ; i++) {
  const key = await issueKey(provider, [provisioning.lock_id], { accessGrantId: 'grant-under-load', keySequences: { [provisioning.lock_id]: i } });
  const m = connectMemoryPhone({ firmware, keys, key, providerKeys: provider.keys, clock, blocklist: await blocklistBlob(provider, i, []) });
  const hs = await m.handshake;
  if (!hs.ok) throw new Error(`handshake refused: ${hs.codeName}`);
  const r = await m.phone.unlock();
  if (r.codeName !== 'GRANTED') throw new Error(`unlock refused: ${r.codeName}`);
  process.stdout.write(`ack ${JSON.stringify({ auditSequence: r.auditSequence, blocklistVersion: i, keySequence: i, credentialId: key.credential.document.credentialId })}\n`);
  m.connection.close();
  clock.advance(10);
}
