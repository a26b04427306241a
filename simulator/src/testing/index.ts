/**
 * @keyrig/simulator/testing — the simulator's fuzz harnesses, shared by this package's CI-budget
 * robustness tests (test/robustness) and the long runs of `npm run fuzz` (bench/fuzz,
 * docs/ROBUSTNESS.md): the lock's GATT input path (FuzzLock, runLockFuzz, serveFuzzedLock) and
 * the cloud's HTTP inputs (runCloudFuzz on a test cloud). Test support, not part of the
 * simulator API (`@keyrig/simulator` does not re-export it); callers pass @keyrig/testkit as
 * `kit`, and it imports fast-check from the workspace's devDependencies.
 */
export * from './testKit.js';
export * from './capturingLogger.js';
export * from './lockWorld.js';
export * from './testCloud.js';
export * from './lockFuzzInputs.js';
export * from './FuzzLock.js';
export * from './runLockFuzz.js';
export * from './serveFuzzedLock.js';
export * from './cloudFuzz.js';
export * from './lockAuditSealer.js';
