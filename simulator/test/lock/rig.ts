/**
 * A test rig: one provider, one lock of a type on a fresh virtual air, and phones that find it by
 * id and connect with noble. Everything real: bleno, noble, the air, signatures, sessions.
 */
import { ManualClock, toBase64Url, type CredentialDocumentFields, type ProviderKeys } from '@keyrig/protocol';
import { Air } from '../../src/air/index.js';
import type { LockProvisioning } from '../../src/property/provisioning.js';
import { startLock, type RunningLock, type StartLockOptions } from '../../src/lock/startLock.js';
import { silentLogger, T0 } from './fixtures.js';
import { connectPhone, findLock, startNoble, type BlePhone, type Noble } from './blePhone.js';
import { blocklistBlob, issueKey, makeProvider, provisionLock, type PhoneKey, type Provider } from './world.js';

export interface Rig {
  readonly air: Air;
  readonly clock: ManualClock;
  readonly provider: Provider;
  readonly provisioning: LockProvisioning;
  lock: RunningLock;
  /** A credential for this lock (overrides applied). */
  key(overrides?: Partial<CredentialDocumentFields>): Promise<PhoneKey>;
  /** A new phone (own controller on the air) connected to the lock, handshake started. */
  phone(key?: PhoneKey, options?: Omit<Parameters<typeof connectPhone>[0], 'peripheral' | 'key' | 'providerKeys' | 'clock' | 'lockId'> & { providerKeys?: ProviderKeys }): Promise<BlePhone>;
  /** Stops the lock and starts it again with the same options (and state). */
  restart(more?: Partial<StartLockOptions>): Promise<void>;
  close(): Promise<void>;
}

export type RigOptions = Partial<Omit<StartLockOptions, 'provisioning' | 'clock' | 'logger' | 'air'>> & {
  readonly provisioning?: Partial<LockProvisioning>;
  /** The provisioning file carries this blocklist, signed by the rig's provider (PROTOCOL.md §9). */
  readonly provisionedBlocklist?: { readonly version: number; readonly revoked: readonly string[] };
};

let phoneNo = 0;

export async function startRig(type: 'door' | 'elevator' | 'amenity', options: RigOptions = {}): Promise<Rig> {
  const clock = new ManualClock(T0);
  const provider = await makeProvider();
  const pb = options.provisionedBlocklist;
  const carried = pb ? { blocklist_version: pb.version, blocklist: toBase64Url(await blocklistBlob(provider, pb.version, pb.revoked)) } : {};
  const provisioning = await provisionLock(provider, type, { ...carried, ...options.provisioning });
  const air = new Air({ seed: 7 });
  const { provisioning: _p, provisionedBlocklist: _b, ...lockOptions } = options;
  const base: StartLockOptions = { ...lockOptions, provisioning, air, clock, logger: silentLogger };
  const nobles: Noble[] = [];
  const phones: BlePhone[] = [];
  const rig: Rig = {
    air,
    clock,
    provider,
    provisioning,
    lock: await startLock(base),
    key: (overrides = {}) => issueKey(provider, [provisioning.lock_id], overrides),
    phone: async (key, phoneOptions = {}) => {
      const noble = await startNoble(air, `phone-${++phoneNo}`);
      nobles.push(noble);
      const { peripheral } = await findLock(noble, provisioning.lock_id);
      const phone = await connectPhone({
        providerKeys: provider.keys,
        ...phoneOptions,
        peripheral,
        key: key ?? (await rig.key()),
        clock,
        lockId: provisioning.lock_id,
      });
      phones.push(phone);
      return phone;
    },
    restart: async (more = {}) => {
      await rig.lock.close();
      rig.lock = await startLock({ ...base, ...more });
    },
    close: async () => {
      for (const p of phones) await p.disconnect().catch(() => undefined);
      for (const n of nobles) n.stop();
      await within(rig.lock.close(), 5000);
      await within(air.close(), 5000);
    },
  };
  return rig;
}

function within(p: Promise<unknown>, ms: number): Promise<unknown> {
  return Promise.race([p.catch(() => undefined), new Promise((r) => setTimeout(r, ms))]);
}
