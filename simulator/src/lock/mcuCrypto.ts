/**
 * The lock MCU's public-key crypto time (docs/LOCK.md "MCU crypto time"). A real lock computes
 * before it can answer; on a modeled air the simulated lock charges that time to its controller's
 * simulated clock (`attachment.holdUntil`, docs/AIR.md), so floor-timing runs are not optimistic.
 * In fast mode, and on radios without a simulated clock the lock can hold (air server, HCI
 * socket, UART), nothing is charged.
 */
import { KeyrigError, MessageType } from '@keyrig/protocol';

/** Time of one P-256 operation on the lock's MCU, ms. */
export interface McuCryptoProfile {
  /** ECDSA signature verification. */
  readonly verifyMs: number;
  /** ECDH shared secret. */
  readonly ecdhMs: number;
  /** ECDSA signature. */
  readonly signMs: number;
  /** Ephemeral key pair generation. */
  readonly keygenMs: number;
}

/**
 * nRF52840 (Cortex-M4F, 64 MHz, optimised assembly): verify ≈ 15 ms and ECDH ≈ 14 ms
 * (/work/shared/notes/access-protocol-facts.md). Key generation and signing are assumptions:
 * one scalar multiplication each, like ECDH, so ≈ 14 ms.
 */
export const NRF52840_CRYPTO: McuCryptoProfile = { verifyMs: 15, ecdhMs: 14, signMs: 14, keygenMs: 14 };

/** Named MCU profiles ('none': charge nothing, the BLE-only timing). */
export const MCU_NAMES = ['nrf52840', 'none'] as const;
export type McuName = (typeof MCU_NAMES)[number];
/** `startLock({ mcu })`: a named profile or explicit figures. Default 'nrf52840'. */
export type McuOption = McuName | McuCryptoProfile;

/** The profile to charge, or undefined for 'none'. Throws KeyrigError('config') on bad input. */
export function resolveMcu(option: McuOption = 'nrf52840'): McuCryptoProfile | undefined {
  if (option === 'none') return undefined;
  if (option === 'nrf52840') return NRF52840_CRYPTO;
  if (typeof option !== 'object' || option === null) {
    throw new KeyrigError('config', `mcu must be one of ${MCU_NAMES.join(', ')} or { verifyMs, ecdhMs, signMs, keygenMs }, got ${String(option)}`);
  }
  for (const k of ['verifyMs', 'ecdhMs', 'signMs', 'keygenMs'] as const) {
    const v = option[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new KeyrigError('config', `mcu.${k} must be a number of ms ≥ 0, got ${String(v)}`);
  }
  return { verifyMs: option.verifyMs, ecdhMs: option.ecdhMs, signMs: option.signMs, keygenMs: option.keygenMs };
}

/** P-256 operations the lock did to answer one message. */
export interface CryptoWork {
  readonly keygen: number;
  readonly sign: number;
  readonly ecdh: number;
  readonly verify: number;
}

const NO_WORK: CryptoWork = { keygen: 0, sign: 0, ecdh: 0, verify: 0 };

/**
 * What protocol's LockSession computed before `reply` to `request` (PROTOCOL.md §7):
 * - HELLO answered by LOCK_AUTH: an ephemeral key pair and the LOCK_AUTH signature.
 * - PHONE_AUTH (answered by SESSION_READY or ERROR): the ECDH first; once the credential is
 *   accepted, the document's provider signature and the endpoint signature (2 verifies); one
 *   provider-signature verify per blob (blocklist, time sync) handed to the firmware.
 *   A signature that fails is not counted (the check that refused is not known here).
 * - COMMAND answered by AUDIT_RECORDS: per sealed record (PROTOCOL.md §10.1) an ephemeral key
 *   pair, an ECDH and the lock signature.
 * Everything else (AES-GCM, HKDF and SHA-256 on COMMAND/RESULT, refusals of HELLO) is not
 * public-key work and is not charged.
 */
export function cryptoWorkFor(request: number, reply: number, done: { readonly credentialVerified: boolean; readonly blobsVerified: number; readonly auditSealed?: number }): CryptoWork {
  if (request === MessageType.COMMAND && reply === MessageType.AUDIT_RECORDS) {
    const n = done.auditSealed ?? 0;
    return { keygen: n, sign: n, ecdh: n, verify: 0 };
  }
  if (request === MessageType.HELLO && reply === MessageType.LOCK_AUTH) return { ...NO_WORK, keygen: 1, sign: 1 };
  if (request === MessageType.PHONE_AUTH && (reply === MessageType.SESSION_READY || reply === MessageType.ERROR)) {
    return { ...NO_WORK, ecdh: 1, verify: (done.credentialVerified ? 2 : 0) + done.blobsVerified };
  }
  return NO_WORK;
}

/** Time the profile needs for the work, ms. */
export function cryptoMs(p: McuCryptoProfile, w: CryptoWork): number {
  return w.keygen * p.keygenMs + w.sign * p.signMs + w.ecdh * p.ecdhMs + w.verify * p.verifyMs;
}

/** The lock controller's simulated clock, as charging needs it (a modeled in-process air). */
export interface McuCharging {
  readonly profile: McuCryptoProfile;
  /** The controller's simulated time now (`attachment.simTime()`), ms. */
  now(): number;
  /** Holds the controller's clock until at least t (`attachment.holdUntil(t)`). */
  holdUntil(t: number): void;
}
