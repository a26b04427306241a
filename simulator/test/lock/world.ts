/**
 * A provider, locks provisioned by it and phones holding credentials it signed: real keys and
 * real signatures (protocol's signing functions), so the lock sees exactly what the cloud makes.
 */
// The provider, phone keys and signed blobs are the test kit's (the same T0: 2026-06-01 10:00 UTC);
// provisionLock is shared with the fuzz harness (src/testing).
export { blocklistBlob, issueKey, makeProvider, timeSyncBlob, type PhoneKey, type Provider } from '@keyrig/testkit';
export { provisionLock } from '../../src/testing/lockWorld.js';
