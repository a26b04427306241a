/**
 * Received power from positions: log-distance path loss with log-normal shadowing,
 * PL(d) = PL(d0) + 10·n·log10(d/d0) + X_σ (d0 = 1 m). At 2.4 GHz free space PL(1 m) ≈ 40 dB.
 */

export interface Position {
  readonly x: number;
  readonly y: number;
  readonly z?: number;
}

export interface PathLossModel {
  /** Loss at 1 m, dB. Default 40. */
  readonly referenceLossDb: number;
  /** Path-loss exponent n: 2 free space, 2.7–3.5 indoors. Default 2.2. */
  readonly exponent: number;
  /** Shadowing standard deviation σ, dB, drawn per sample from the seeded RNG. Default 2. */
  readonly shadowingDb: number;
  /** Receiver sensitivity, dBm: below it (mean, without shadowing) the peer is out of range. Default -95. */
  readonly sensitivityDbm: number;
}

export const DEFAULT_PATH_LOSS: PathLossModel = {
  referenceLossDb: 40,
  exponent: 2.2,
  shadowingDb: 2,
  sensitivityDbm: -95,
};

export function distance(a: Position, b: Position): number {
  const dz = (a.z ?? 0) - (b.z ?? 0);
  return Math.hypot(a.x - b.x, a.y - b.y, dz);
}

/** Mean received power, dBm (no shadowing). Distances under 10 cm count as 10 cm. */
export function meanRssi(model: PathLossModel, txPowerDbm: number, d: number): number {
  return txPowerDbm - (model.referenceLossDb + 10 * model.exponent * Math.log10(Math.max(d, 0.1)));
}

/** A reported RSSI: mean plus shadowing, rounded and clamped to the HCI range -127..20 dBm (§7.5.4). */
export function sampleRssi(mean: number, model: PathLossModel, standardNormal: number): number {
  return Math.max(-127, Math.min(20, Math.round(mean + model.shadowingDb * standardNormal)));
}
