/**
 * Test fixture: a real cloud on a random port with captured logs (src/testing/testCloud.ts,
 * shared with the cloud fuzz harness).
 */
export { guestWithKey, holderLoads, newDeviceKey, START, startTestCloud, type TestCloud } from '../../src/testing/testCloud.js';
export { lockAuditSealer, type LockAuditSealer } from '../../src/testing/lockAuditSealer.js';
