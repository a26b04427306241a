/**
 * @keyrig/client — the phone side of keyrig. `core/` is platform-free (the cloud over fetch,
 * credentials, matching, the protocol session over a `Central`); `noble/` is the Node edge
 * (the noble central and the keystore file). See docs/CLIENT.md.
 */
export * from './core/logger.js';
export * from './core/errors.js';
export * from './core/central.js';
export * from './core/nearby.js';
export * from './core/chooseDocument.js';
export * from './core/keyStore.js';
export * from './core/LockChannel.js';
// The key-holder routes' response types, declared once with their schemas in @keyrig/api.
export type {
  AuditUploadJson,
  ClientSessionJson,
  CredentialBundleJson,
  CredentialJson,
  EndpointJson,
  InstantKeyPreviewJson,
  ProviderKeyJson,
} from '@keyrig/api';
export * from './core/cloud/KeyHolderApi.js';
export * from './core/wallet.js';
export * from './core/KeyHolder.js';
export * from './core/accessLock.js';
export * from './core/accessNearby.js';
export * from './noble/NobleCentral.js';
export * from './noble/FileKeyStore.js';
export * from './core/BlobCourier.js';
