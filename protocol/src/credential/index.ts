export * from './CredentialDocument.js';
export * from './credentialCodec.js';
export * from './signCredentialDocument.js';
export * from './verifyCredentialDocument.js';
