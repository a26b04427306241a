/**
 * @keyrig/client/testing — the client core's fuzz harness, shared by this package's CI-budget
 * robustness tests (test/robustness) and the long runs of `npm run fuzz` (bench/fuzz,
 * docs/ROBUSTNESS.md): malicious locks behind a `Central`, and the fuzz loop that faces
 * `attemptAccess` with them. Test support, not part of the client API (`@keyrig/client` does not
 * re-export it); it imports fast-check from the workspace's devDependencies.
 */
export * from './HostileLock.js';
export * from './clientFuzz.js';
