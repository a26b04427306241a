/** Every conformance test, in run order. */
import type { ConformanceTest } from './ConformanceTest.js';
import { accessTests } from './tests/accessTests.js';
import { auditTests } from './tests/auditTests.js';
import { authTests } from './tests/authTests.js';
import { blobTests } from './tests/blobTests.js';
import { gattTests } from './tests/gattTests.js';

export const CONFORMANCE_TESTS: readonly ConformanceTest[] = [...gattTests, ...authTests, ...auditTests, ...accessTests, ...blobTests];
