/**
 * Test fixture: a real cloud on a random port (src/testing/testCloud.ts, shared with the cloud
 * fuzz harness), here with the test kit's capturing logger so tests read every line it wrote.
 */
import * as testkit from '@keyrig/testkit';
import type { StartCloudOptions } from '../../src/cloud/index.js';
import { startTestCloud as startWithKit, type TestCloud } from '../../src/testing/testCloud.js';

export { guestWithKey, holderLoads, newDeviceKey, START, type TestCloud } from '../../src/testing/testCloud.js';

/** A cloud on a random port with a fresh SQLite file, a ManualClock at START and captured logs. */
export function startTestCloud(opts: Partial<StartCloudOptions> = {}): Promise<TestCloud> {
  return startWithKit(testkit, opts);
}
