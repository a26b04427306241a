/**
 * @keyrig/testkit — the one test kit (docs/ARCHITECTURE.md): builders of signed protocol material,
 * a capturing logger and a polling helper. Tests of every package and the benchmarks import it;
 * no package's src/ does. It sits at protocol's level and imports only @keyrig/protocol, pino and
 * vitest.
 */
export * from './makeProvider.js';
export * from './issueKey.js';
export * from './signedBlobs.js';
export * from './capturingLogger.js';
export * from './waitUntil.js';
