import type { LockTypeValue } from '../gatt/LockType.js';

/** A lock certificate's signed content (PROTOCOL.md §5). */
export interface LockCertificate {
  /** The lock id (lowercase UUID), the same as in the advertisement. */
  readonly lockId: string;
  /** 65-byte P-256 point of the lock's own ECDSA key (it signs LOCK_AUTH). */
  readonly lockPublicKey: Uint8Array;
  readonly lockType: LockTypeValue;
  /** Firmware security revision (u8), as advertised. */
  readonly securityRevision: number;
  readonly notBefore: number;
  readonly notAfter: number;
  /** Id of the provider key that signed it. */
  readonly keyId: string;
}

/** Fields the provider fills in; the key id comes from the signing key. */
export type LockCertificateFields = Omit<LockCertificate, 'keyId'>;

/** A certificate whose signature verified, with the lock key ready for ECDSA verify. */
export interface VerifiedLockCertificate {
  readonly certificate: LockCertificate;
  readonly bytes: Uint8Array;
  readonly lockKey: CryptoKey;
}
