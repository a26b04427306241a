/**
 * Test world: a provider, locks of each type with certificates, a phone endpoint with a
 * credential, and a pair of sessions connected through real FramedChannels at a chosen MTU.
 */
import type { LockTimeZone } from '../src/access/accessTypes.js';
import { signBlocklist, signTimeSync } from '../src/blobs/signBlobs.js';
import { signLockCertificate } from '../src/certificate/signLockCertificate.js';
import { ManualClock } from '../src/clock.js';
import type { CredentialDocumentFields } from '../src/credential/CredentialDocument.js';
import { signCredentialDocument } from '../src/credential/signCredentialDocument.js';
import { decodeCredentialDocument } from '../src/credential/verifyCredentialDocument.js';
import { exportPublicKeyRaw, generateSigningKeyPair } from '../src/crypto/keys.js';
import { FramedChannel } from '../src/framing/FramedChannel.js';
import { LockType, type LockTypeValue } from '../src/gatt/LockType.js';
import { LockSession } from '../src/session/LockSession.js';
import { PhoneSession } from '../src/session/PhoneSession.js';
import type { LockSessionOptions, PhoneSessionOptions, SessionEnd } from '../src/session/types.js';
import { makeProvider as makeTestProvider, type Provider } from '@keyrig/testkit';
import { TestFirmware } from './TestFirmware.js';

export const T0 = Date.UTC(2026, 0, 7, 12, 0); // a Wednesday, noon UTC
export const LOCK_IDS: Record<'door' | 'elevator' | 'amenity', string> = {
  door: '0d000000-0000-4000-8000-000000000001',
  elevator: '0e000000-0000-4000-8000-000000000002',
  amenity: '0a000000-0000-4000-8000-000000000003',
};

export type { Provider };

/** The test kit's provider under the key id these tests pin. */
export function makeProvider(keyId = 'provider-2026'): Promise<Provider> {
  return makeTestProvider(keyId);
}

export interface TestLock {
  readonly lockId: string;
  readonly lockType: LockTypeValue;
  readonly privateKey: CryptoKey;
  readonly certificate: Uint8Array;
}

export async function makeLock(provider: Provider, kind: keyof typeof LOCK_IDS, certSigner = provider.signer): Promise<TestLock> {
  const kp = await generateSigningKeyPair(false);
  const lockType = LockType[kind];
  const certificate = await signLockCertificate(
    { lockId: LOCK_IDS[kind], lockPublicKey: await exportPublicKeyRaw(kp.publicKey), lockType, securityRevision: 1, notBefore: T0 - 86_400_000, notAfter: T0 + 365 * 86_400_000 },
    certSigner,
  );
  return { lockId: LOCK_IDS[kind], lockType, privateKey: kp.privateKey, certificate };
}

export async function makeCredential(
  provider: Provider,
  endpointKey: CryptoKeyPair,
  patch: Partial<CredentialDocumentFields> = {},
): Promise<{ bytes: Uint8Array; document: ReturnType<typeof decodeCredentialDocument> }> {
  const fields: CredentialDocumentFields = {
    credentialId: 'c0000000-0000-4000-8000-00000000000c',
    userIdentityId: 'user-42',
    accessGrantId: 'grant-7',
    endpointPublicKey: await exportPublicKeyRaw(endpointKey.publicKey),
    entrances: Object.values(LOCK_IDS),
    floors: [2, 5, 9],
    notBefore: T0 - 3_600_000,
    notAfter: T0 + 86_400_000,
    schedule: [],
    keySequences: { [LOCK_IDS.door]: 1 },
    issuedAt: T0 - 3_600_000,
    ...patch,
  };
  const bytes = await signCredentialDocument(fields, provider.signer);
  return { bytes, document: decodeCredentialDocument(bytes) };
}

export { signBlocklist, signTimeSync };

/** Intercepts a message (return undefined to drop it). */
export type Tap = (message: Uint8Array) => Uint8Array | undefined;
/** Intercepts a fragment on the phone->lock link. */
export type FragmentTap = (fragment: Uint8Array, index: number) => Uint8Array;

export interface PairOptions {
  readonly mtu?: number;
  readonly kind?: keyof typeof LOCK_IDS;
  readonly timeZone?: LockTimeZone;
  readonly antiPassbackMs?: number;
  readonly lock?: Partial<LockSessionOptions>;
  readonly phone?: Partial<PhoneSessionOptions>;
  readonly credential?: Partial<CredentialDocumentFields>;
  readonly toLock?: Tap;
  readonly toPhone?: Tap;
  readonly fragmentToLock?: FragmentTap;
  readonly provider?: Provider;
  readonly testLock?: TestLock;
  readonly clock?: ManualClock;
}

/** A lock session and a phone session joined by two FramedChannels. */
export async function makePair(o: PairOptions = {}) {
  const clock = o.clock ?? new ManualClock(T0);
  const provider = o.provider ?? (await makeProvider());
  const kind = o.kind ?? 'door';
  const lock = o.testLock ?? (await makeLock(provider, kind));
  const endpointKey = await generateSigningKeyPair(false);
  const credential = await makeCredential(provider, endpointKey, o.credential);
  const firmware = new TestFirmware({ lockId: lock.lockId, lockType: lock.lockType, timeZone: o.timeZone ?? 'UTC', antiPassbackMs: o.antiPassbackMs }, clock);
  const pending = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    const q = p.catch(() => undefined).finally(() => pending.delete(q));
    pending.add(q);
  };
  const mtu = o.mtu ?? 185;
  const sentToLock: Uint8Array[] = [];
  const sentToPhone: Uint8Array[] = [];
  let fragmentIndex = 0;
  const ends: { lock?: SessionEnd; phone?: SessionEnd } = {};

  // eslint-disable-next-line prefer-const
  let lockSession: LockSession;
  // eslint-disable-next-line prefer-const
  let phoneSession: PhoneSession;
  const lockChannel: FramedChannel = new FramedChannel({
    mtu,
    clock,
    sendFragment: (f) => phoneChannel.receive(f),
    onMessage: (m) => track(lockSession.receive(m)),
    onError: (e) => track(lockSession.fragmentError(e.message)),
  });
  const phoneChannel: FramedChannel = new FramedChannel({
    mtu,
    clock,
    sendFragment: (f) => lockChannel.receive(o.fragmentToLock ? o.fragmentToLock(f, fragmentIndex++) : f),
    onMessage: (m) => track(phoneSession.receive(m)),
    onError: (e) => track(phoneSession.fragmentError(e.message)),
  });
  lockSession = new LockSession({
    clock,
    lockId: lock.lockId,
    certificate: lock.certificate,
    lockPrivateKey: lock.privateKey,
    providerKeys: provider.keys,
    firmware,
    send: (m) => {
      sentToPhone.push(m);
      const out = o.toPhone ? o.toPhone(m) : m;
      if (out !== undefined) track(lockChannel.send(out));
    },
    onEnd: (e) => (ends.lock = e),
    ...o.lock,
  });
  phoneSession = new PhoneSession({
    clock,
    credential,
    endpointKey,
    providerKeys: provider.keys,
    expectedLockId: lock.lockId,
    send: (m) => {
      sentToLock.push(m);
      const out = o.toLock ? o.toLock(m) : m;
      if (out !== undefined) track(phoneChannel.send(out));
    },
    onEnd: (e) => (ends.phone = e),
    ...o.phone,
  });
  /** Waits until every message in flight was handled. */
  async function settle(): Promise<void> {
    // One macrotask first, so sends queued in microtasks (e.g. start()'s HELLO) are tracked.
    do {
      await new Promise((r) => setTimeout(r, 0));
      await Promise.all([...pending]);
    } while (pending.size > 0);
  }
  return { clock, provider, lock, firmware, credential, endpointKey, lockSession, phoneSession, lockChannel, phoneChannel, sentToLock, sentToPhone, ends, settle };
}
