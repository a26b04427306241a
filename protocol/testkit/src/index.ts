/**
 * @keyrig/testkit — the one test kit (docs/ARCHITECTURE.md): builders of signed protocol material
 * and a polling helper. Tests of every package and the benchmarks import it; no package's src/
 * does. It sits at protocol's level, imports only @keyrig/protocol and (lazily) vitest, and like
 * protocol uses no Node API (the capturing logger is @keyrig/simulator/testing's).
 */
export * from './makeProvider.js';
export * from './issueKey.js';
export * from './signedBlobs.js';
export * from './waitUntil.js';
