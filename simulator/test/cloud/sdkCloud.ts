/**
 * Test fixture for the Seam-fidelity tests: a real cloud on a random port (testCloud.ts) and the
 * official @seamapi/http SDK pointed at it, with the seeded entrances' ids by entrance key
 * ("room-101") and by display name ("Room 101").
 */
import { SeamHttp } from '@seamapi/http/connect';
import { startTestCloud, type TestCloud } from './testCloud.js';

export interface SdkCloud {
  readonly t: TestCloud;
  readonly seam: SeamHttp;
  /** Entrance ids by `keyrig_metadata.entrance_key` and by `display_name`. */
  readonly ids: Record<string, string>;
}

export async function startSdkCloud(): Promise<SdkCloud> {
  const t = await startTestCloud();
  const seam = new SeamHttp({ apiKey: t.cloud.apiKey, endpoint: t.cloud.url });
  const entrances = (await t.call('/acs/entrances/list')).body.acs_entrances as { acs_entrance_id: string; display_name: string; keyrig_metadata: { entrance_key: string } }[];
  const ids: Record<string, string> = {};
  for (const e of entrances) {
    ids[e.keyrig_metadata.entrance_key] = e.acs_entrance_id;
    ids[e.display_name] = e.acs_entrance_id;
  }
  return { t, seam, ids };
}
