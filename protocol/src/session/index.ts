export * from './types.js';
export * from './constants.js';
export * from './keySchedule.js';
export * from './LockSession.js';
export * from './PhoneSession.js';
