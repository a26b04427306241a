/**
 * Fault injection options, per link or global. A link is the pair of controllers, in either order.
 */
import { KeyrigError } from '@keyrig/protocol';

export interface Faults {
  /**
   * Probability that one LL transmission is lost (0–1). On a connection the link layer retransmits
   * at the next connection event (Vol 6 Part B §4.5.9), so a loss shows as latency, and a run of
   * losses longer than the supervision timeout drops the link (reason 0x08). An advertising event
   * that is lost is simply not heard.
   */
  readonly dropRate?: number;
  /** Extra latency per delivery, ms: wall-clock in both modes, and simulated time in modeled mode. */
  readonly delayMs?: number;
  /**
   * Probability that a PDU arrives with one bit flipped in its L2CAP payload — an error that slipped
   * past the CRC, or a buggy peer. (Errors the CRC catches are losses: use dropRate.)
   */
  readonly corruptRate?: number;
  /** Nothing gets through: connections end by supervision timeout, nothing is heard. */
  readonly blackout?: boolean;
}

export function validateFaults(f: Faults): Faults {
  for (const key of ['dropRate', 'corruptRate'] as const) {
    const v = f[key];
    if (v !== undefined && !(v >= 0 && v <= 1)) throw new KeyrigError('config', `${key} must be within 0..1, got ${v}`);
  }
  if (f.delayMs !== undefined && !(f.delayMs >= 0 && Number.isFinite(f.delayMs))) {
    throw new KeyrigError('config', `delayMs must be a non-negative number, got ${f.delayMs}`);
  }
  return { ...f };
}

/** Global faults combined with a link's own: the worse of each. */
export function combineFaults(global: Faults, link: Faults | undefined): Faults {
  if (!link) return global;
  return {
    dropRate: Math.max(global.dropRate ?? 0, link.dropRate ?? 0),
    corruptRate: Math.max(global.corruptRate ?? 0, link.corruptRate ?? 0),
    delayMs: (global.delayMs ?? 0) + (link.delayMs ?? 0),
    blackout: Boolean(global.blackout || link.blackout),
  };
}

export const linkKey = (a: string, b: string): string => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);
