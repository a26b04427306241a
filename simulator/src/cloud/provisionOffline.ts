/**
 * Lock provisioning without starting the HTTP server (`keyrig cloud provision`): opens the cloud
 * database, seeds the property (creating lock keys and the first provider key if needed) and
 * returns the provisioning file.
 */
import type { Logger } from 'pino';
import { systemClock, type Clock } from '@keyrig/protocol';
import { systemRng, type CloudContext, type Rng } from './context.js';
import { InstantKeySecrets } from './keys/InstantKeySecrets.js';
import { openCloudDatabase } from './db/openCloudDatabase.js';
import { ProviderKeyring } from './keys/ProviderKeyring.js';
import { buildProvisioningFile } from './keys/provisionLocks.js';
import { ensureWorkspace, seedProperty } from './seedProperty.js';
import { demoHotelProperty } from '../property/demoHotel.js';
import type { PropertyFile } from '../property/propertyFile.js';
import type { ProvisioningFile } from '../property/provisioning.js';
import { FailedAttemptLimiter } from './auth/FailedAttemptLimiter.js';

export interface ProvisionOfflineOptions {
  dbPath: string;
  logger: Logger;
  property?: PropertyFile;
  clock?: Clock;
  rng?: Rng;
}

export async function provisionOffline(opts: ProvisionOfflineOptions): Promise<ProvisioningFile> {
  const logger = opts.logger.child({ component: 'cloud' });
  const clock = opts.clock ?? systemClock;
  const rng = opts.rng ?? systemRng;
  const property = opts.property ?? demoHotelProperty();
  const db = openCloudDatabase({ path: opts.dbPath, logger });
  try {
    const workspace = ensureWorkspace(db, property, clock.now());
    const keyring = new ProviderKeyring(db, clock, rng, logger);
    await keyring.init();
    const ctx: CloudContext = { db, clock, rng, logger, workspace, keyring, control: null, publicUrl: () => '', keyOpenLimiter: new FailedAttemptLimiter({ clock }), instantKeySecrets: InstantKeySecrets.unavailable(rng), onEventsRecorded: () => {} };
    await seedProperty(ctx, property);
    return await buildProvisioningFile(ctx);
  } finally {
    db.close();
  }
}
