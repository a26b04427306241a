export * from './types.js';
export * from './constants.js';
export * from './LockChecks.js';
export * from './LockSession.js';
export * from './PhoneSession.js';
