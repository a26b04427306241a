import { generateSigningKeyPair, signTimeSync } from '@keyrig/protocol';
import { describe, expect, it } from 'vitest';
import { BlobCourier } from './BlobCourier.js';

const T = Date.UTC(2026, 5, 1, 13, 0, 0);
const LOCK_A = '6b657972-0000-4000-8000-00000000000a';
const LOCK_B = '6b657972-0000-4000-8000-00000000000b';

async function timeSync(time: number): Promise<Uint8Array> {
  const { privateKey } = await generateSigningKeyPair(false);
  return signTimeSync({ time }, { keyId: 'prov-1', privateKey });
}

describe('BlobCourier (§9)', () => {
  it('carries a fresh time sync to each lock once', async () => {
    const courier = new BlobCourier();
    const ts = await timeSync(T);
    expect(courier.timeSyncFor(LOCK_A, ts, T + 60_000)).toBe(ts);
    courier.delivered(LOCK_A, ts);
    expect(courier.timeSyncFor(LOCK_A, ts, T + 60_000)).toBeUndefined();
    expect(courier.timeSyncFor(LOCK_B, ts, T + 60_000)).toBe(ts);
    const newer = await timeSync(T + 120_000);
    expect(courier.timeSyncFor(LOCK_A, newer, T + 130_000)).toBe(newer);
  });

  it('never carries a stale time sync (it would turn a fresh lock back in time)', async () => {
    const courier = new BlobCourier(15 * 60_000);
    const ts = await timeSync(T);
    expect(courier.timeSyncFor(LOCK_A, ts, T + 15 * 60_000)).toBe(ts);
    expect(courier.timeSyncFor(LOCK_A, ts, T + 15 * 60_000 + 1)).toBeUndefined();
    expect(courier.timeSyncFor(LOCK_A, ts, T + 2 * 86_400_000)).toBeUndefined();
    expect(courier.timeSyncFor(LOCK_A, Uint8Array.of(1, 2, 3), T)).toBeUndefined();
  });
});
