/**
 * What one unlock costs in WebCrypto: the subtle calls an in-memory unlock makes (counted by
 * wrapping globalThis.crypto.subtle for one run) and the CPU cost of each kind of P-256 call,
 * in "verify equivalents" (one ECDSA P-256 verify = 1), all measured in the same process.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';

/** Which side ('phone' or 'lock') a WebCrypto call is made for, when a run labels its sides. */
export const cryptoSide = new AsyncLocalStorage<string>();

type SubtleMethod = 'sign' | 'verify' | 'deriveBits' | 'deriveKey' | 'generateKey' | 'importKey' | 'exportKey' | 'encrypt' | 'decrypt' | 'digest';
const METHODS: SubtleMethod[] = ['sign', 'verify', 'deriveBits', 'deriveKey', 'generateKey', 'importKey', 'exportKey', 'encrypt', 'decrypt', 'digest'];

/** Runs `fn` once with every subtle call counted by "method/algorithm". */
export async function countSubtleCalls(fn: () => Promise<void>): Promise<Record<string, number>> {
  const subtle = globalThis.crypto.subtle as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  const saved = new Map<string, (...a: unknown[]) => Promise<unknown>>();
  const counts: Record<string, number> = {};
  for (const m of METHODS) {
    const original = subtle[m]!;
    saved.set(m, original);
    subtle[m] = function (this: unknown, ...args: unknown[]) {
      const alg = m === 'importKey' || m === 'exportKey' ? `${String(args[0])}:${algName(args[m === 'importKey' ? 2 : 1])}` : algName(args[0]);
      const side = cryptoSide.getStore();
      const k = `${side ? `${side}:` : ''}${m}/${alg}`;
      counts[k] = (counts[k] ?? 0) + 1;
      return original.apply(this ?? globalThis.crypto.subtle, args);
    };
  }
  try {
    await fn();
  } finally {
    for (const [m, f] of saved) subtle[m] = f;
  }
  return counts;
}

function algName(a: unknown): string {
  if (typeof a === 'string') return a;
  if (a && typeof a === 'object') {
    const o = a as { name?: string; algorithm?: { name?: string } };
    return o.name ?? o.algorithm?.name ?? '?';
  }
  return '?';
}

/** CPU-seconds per call of the P-256 operations, 16 in flight, `ms` each. */
export async function measureP256Costs(ms: number): Promise<Record<string, number>> {
  const s = globalThis.crypto.subtle;
  const ecdsa = { name: 'ECDSA', namedCurve: 'P-256' } as const;
  const ecdh = { name: 'ECDH', namedCurve: 'P-256' } as const;
  const sig = { name: 'ECDSA', hash: 'SHA-256' } as const;
  const pair = (await s.generateKey(ecdsa, true, ['sign', 'verify'])) as CryptoKeyPair;
  const dh = (await s.generateKey(ecdh, true, ['deriveBits'])) as CryptoKeyPair;
  const dh2 = (await s.generateKey(ecdh, true, ['deriveBits'])) as CryptoKeyPair;
  const raw = await s.exportKey('raw', pair.publicKey);
  const data = new Uint8Array(200).fill(3);
  const signature = await s.sign(sig, pair.privateKey, data);
  const ops: Record<string, () => Promise<unknown>> = {
    verify: () => s.verify(sig, pair.publicKey, signature, data),
    sign: () => s.sign(sig, pair.privateKey, data),
    ecdh: () => s.deriveBits({ name: 'ECDH', public: dh2.publicKey }, dh.privateKey, 256),
    generateKey: () => s.generateKey(ecdh, false, ['deriveBits']),
    importRawPublic: () => s.importKey('raw', raw, ecdsa, true, ['verify']),
  };
  const out: Record<string, number> = {};
  for (const [name, op] of Object.entries(ops)) {
    let count = 0;
    const cpu0 = process.cpuUsage();
    const end = performance.now() + ms;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (performance.now() < end) {
          await op();
          count++;
        }
      }),
    );
    const cpu = process.cpuUsage(cpu0);
    out[name] = (cpu.user + cpu.system) / 1e6 / count;
  }
  return out;
}
