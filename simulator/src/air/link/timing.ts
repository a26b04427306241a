/**
 * BLE timing profiles for the modeled mode (numbers: docs/AIR.md "Timing model" and
 * /work/shared/notes/access-protocol-facts.md "BLE timing").
 */
import { KeyrigError } from '@keyrig/protocol';

export interface TimingProfile {
  readonly name: string;
  /** Advertising interval the air uses instead of the host's; undefined = the host's (§7.8.5). */
  readonly advertisingIntervalMs: number | undefined;
  /** Connection interval the central's controller picks (Vol 6 Part B §4.5.1), 7.5 ms – 4 s. */
  readonly connectionIntervalMs: number;
  /** ATT MTU a central of this kind asks for (a hint for the client; the air does not rewrite ATT). */
  readonly attMtu: number;
  /** Whether a central of this kind runs full GATT discovery on every connection (no cache). */
  readonly fullGattDiscovery: boolean;
  /** Modeled host stack time per packet a host sends. */
  readonly hostProcessingMs: number;
  /** Modeled controller time from a command to its Command Complete/Status. */
  readonly commandLatencyMs: number;
}

export const TIMING_PROFILES = {
  floor: {
    name: 'floor',
    advertisingIntervalMs: 20,
    connectionIntervalMs: 7.5,
    attMtu: 247,
    fullGattDiscovery: false,
    hostProcessingMs: 0.05,
    commandLatencyMs: 0.05,
  },
  'ios-like': {
    name: 'ios-like',
    advertisingIntervalMs: undefined,
    connectionIntervalMs: 30,
    attMtu: 185,
    fullGattDiscovery: false,
    hostProcessingMs: 0.5,
    commandLatencyMs: 0.2,
  },
  'android-like': {
    name: 'android-like',
    advertisingIntervalMs: undefined,
    connectionIntervalMs: 45,
    attMtu: 517,
    fullGattDiscovery: true,
    hostProcessingMs: 1,
    commandLatencyMs: 0.5,
  },
} as const satisfies Record<string, TimingProfile>;

export type TimingProfileName = keyof typeof TIMING_PROFILES;

/** 'fast' delivers as soon as possible; otherwise a profile name or a custom profile. */
export type TimingMode = 'fast' | TimingProfileName | TimingProfile;

/** Returns the profile of a modeled mode, or undefined for 'fast'. */
export function resolveTiming(mode: TimingMode): TimingProfile | undefined {
  if (mode === 'fast') return undefined;
  if (typeof mode === 'string') {
    const p = (TIMING_PROFILES as Record<string, TimingProfile>)[mode];
    if (!p) throw new KeyrigError('config', `unknown timing "${mode}" (use fast, ${Object.keys(TIMING_PROFILES).join(', ')})`);
    return p;
  }
  if (!(mode.connectionIntervalMs >= 7.5 && mode.connectionIntervalMs <= 4000)) {
    throw new KeyrigError('config', `connection interval ${mode.connectionIntervalMs} ms is outside 7.5 ms – 4 s`);
  }
  return mode;
}

/** Advertising random delay per event: 0–10 ms (Vol 6 Part B §4.4.2.2.1). */
export const ADV_DELAY_MAX_MS = 10;

/**
 * Air time of one LE 1M PDU plus the inter-frame space, in ms:
 * preamble 1 + access address 4 + header 2 + payload + CRC 3 octets at 1 µs/bit (Vol 6 Part B §2.1),
 * T_IFS 150 µs (§4.1.1).
 */
export function pduAirtimeMs(payloadOctets: number): number {
  return ((1 + 4 + 2 + payloadOctets + 3) * 8 + 150) / 1000;
}

/** First connection event at or after t (anchor + k·interval). */
export function nextConnectionEvent(anchor: number, intervalMs: number, t: number): number {
  if (t <= anchor) return anchor;
  const k = Math.ceil((t - anchor) / intervalMs - 1e-9);
  return anchor + k * intervalMs;
}
