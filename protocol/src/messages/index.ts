export * from './CommandOp.js';
export * from './MessageType.js';
export * from './handshakeMessages.js';
export * from './sessionPayloads.js';
export * from './encryptedEnvelope.js';
