export * from './blobTypes.js';
export * from './blobCodec.js';
export * from './signBlobs.js';
export * from './blobFreshness.js';
