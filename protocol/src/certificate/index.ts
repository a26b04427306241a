export * from './LockCertificate.js';
export * from './lockCertificateCodec.js';
export * from './signLockCertificate.js';
