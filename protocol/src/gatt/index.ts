/** GATT definitions of the keyrig service (PROTOCOL.md §2). */
export * from './uuids.js';
export * from './LockType.js';
export * from './features.js';
export * from './lockInfo.js';
export * from './ResponseQueue.js';
export * from './pullFragments.js';
