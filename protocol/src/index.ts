/**
 * @keyrig/protocol — the keyrig credential protocol: GATT definitions, advertisement, framing,
 * messages, credential documents, handshake and crypto. Uint8Array + globalThis.crypto.subtle only.
 * Spec: docs/PROTOCOL.md.
 */
export * from './errors.js';
export * from './clock.js';
export * from './bytes.js';
export * from './resultCodes.js';
export * from './tlv.js';
export * from './gatt/index.js';
export * from './crypto/index.js';
export * from './advertisement/index.js';
export * from './certificate/index.js';
export * from './credential/index.js';
export * from './blobs/index.js';
export * from './audit/index.js';
export * from './calendar/index.js';
export * from './access/index.js';
export * from './messages/index.js';
export * from './session/index.js';
export * from './framing/index.js';
