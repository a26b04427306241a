/**
 * Starts the keyrig access cloud in-process: SQLite (WAL), the Seam-compatible HTTP API on
 * fastify, the key-holder routes, webhooks and (optionally) the /_keyrig control routes.
 *
 *   const cloud = await startCloud({ dbPath, logger, clock, port: 0 });
 *   const seam = new SeamHttp({ apiKey: cloud.apiKey, endpoint: cloud.url });
 *   ...
 *   await cloud.close();
 */
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { KeyrigError, systemClock, type Clock } from '@keyrig/protocol';
import { systemRng, type CloudContext, type Rng, type WorkspaceIds } from './context.js';
import { openCloudDatabase } from './db/openCloudDatabase.js';
import { apiKeyProblem, mintApiKey } from './auth/tokens.js';
import { installStartupApiKey } from './auth/apiKeys.js';
import { ProviderKeyring } from './keys/ProviderKeyring.js';
import { InstantKeySecrets } from './keys/InstantKeySecrets.js';
import { buildProvisioningFile } from './keys/provisionLocks.js';
import { ControllableClock, type CloudControl } from './control/ControllableClock.js';
import { WebhookDispatcher } from './webhooks/WebhookDispatcher.js';
import { genRequestId, installHttpBehaviour } from './http/installHttpBehaviour.js';
import { FailedAttemptLimiter } from './auth/FailedAttemptLimiter.js';
import { registerInstantKeyPage, type InstantKeyPageHandler } from './http/instantKeyPage.js';
import { registerRoute } from './http/defineRoute.js';
import { AUTHENTICATED_BODY_LIMIT } from './http/jsonBodyLimits.js';
import { registerOpenApiDocument } from './http/openApiDocument.js';
import { apiRoutes, controlRoutes, keyHolderRoutes } from './routes/index.js';
import { ensureWorkspace, seedProperty } from './seedProperty.js';
import { demoHotelProperty } from '../property/demoHotel.js';
import type { PropertyFile } from '../property/propertyFile.js';
import type { ProviderVerificationKey, ProvisioningFile } from '../property/provisioning.js';

export interface StartCloudOptions {
  /** SQLite file (created if missing), or ':memory:'. */
  dbPath: string;
  /** A logger from the caller (the cloud makes a redacting child of it; it never creates one). */
  logger: Logger;
  /** Default: the system clock. */
  clock?: Clock;
  /** Randomness for ids and secrets. Default: node:crypto. Seed it only in tests. */
  rng?: Rng;
  /** 0 (default) = a random free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Entrances and locks to seed. Default: the demo hotel. */
  property?: PropertyFile;
  /** A workspace API key to accept (`seam_…`); when omitted a new one is minted and returned. */
  apiKey?: string;
  /**
   * Keep the startup keys of earlier starts valid (default false: starting with a different
   * `apiKey`, or minting one, revokes them; keys made with `keyrig cloud api-keys create` stay).
   */
  keepOldApiKeys?: boolean;
  /** Base of instant key URLs. Default: the listening URL. */
  publicUrl?: string;
  /** Enables /_keyrig/* (clock travel, outages). Default false. */
  controlRoutes?: boolean;
  /** SQLite synchronous mode: 'FULL' (default) or 'NORMAL'. See docs/CLOUD.md, "Durability". */
  synchronous?: 'FULL' | 'NORMAL';
  /** Real-time poll interval of the webhook dispatcher (default 100 ms). */
  webhookPollMs?: number;
  /** Serves GET /ik/<secret> (the web app). Default: a minimal status page. */
  instantKeyPage?: InstantKeyPageHandler;
  /**
   * Brake on guessing instant key URLs (open and GET /ik/<secret>): a token bucket of failed
   * attempts per client address (default burst 200, refill 60 per minute). docs/CLOUD.md.
   */
  keyOpenLimit?: { burst?: number; refillPerMinute?: number };
  /**
   * Check every 200 body against its route's response schema (@keyrig/api) and answer 500 naming
   * the mismatch. Default false (a parse per response); the cloud's tests turn it on.
   */
  validateResponses?: boolean;
}

export interface Cloud {
  /** Base URL, e.g. http://127.0.0.1:43123 (SeamHttp's `endpoint`). */
  readonly url: string;
  readonly port: number;
  /** The API key to use (the one given, or the one minted at start). Shown once; stored hashed. */
  readonly apiKey: string;
  readonly workspace: WorkspaceIds;
  /** The cloud's clock (a ControllableClock when control routes are on). */
  readonly clock: Clock;
  /** Provisioning for every lock (contains lock private keys). */
  provisioning(): Promise<ProvisioningFile>;
  /** Provider verification keys (active and retired). */
  providerKeys(): ProviderVerificationKey[];
  /** Rotates the provider signing key; returns the new key id. */
  rotateProviderKey(): Promise<string>;
  /** Sends due webhook deliveries now (tests; the dispatcher also polls). */
  deliverWebhooks(): Promise<void>;
  /** The fastify instance (for inject() in tests). */
  readonly app: FastifyInstance;
  close(): Promise<void>;
}

/** Paths pino must never print. Tokens live in headers and a few response/request fields. */
export const CLOUD_LOG_REDACT_PATHS = [
  'req.headers.authorization', 'req.headers["client-session-token"]', 'headers.authorization', 'headers["client-session-token"]',
  'authorization', 'token', 'apiKey', 'api_key', 'secret', 'instant_key_url', '*.token', '*.apiKey', '*.api_key', '*.secret', '*.instant_key_url',
  '*.private_jwk', 'private_jwk',
];

export async function startCloud(opts: StartCloudOptions): Promise<Cloud> {
  const logger = opts.logger.child({ component: 'cloud' }, { redact: { paths: CLOUD_LOG_REDACT_PATHS, censor: '[redacted]' } });
  const property = opts.property ?? demoHotelProperty();
  const control: CloudControl | null = opts.controlRoutes ? { clock: new ControllableClock(opts.clock ?? systemClock), outage: null, deliverWebhooks: async () => {} } : null;
  const clock: Clock = control?.clock ?? opts.clock ?? systemClock;
  const rng = opts.rng ?? systemRng;
  const db = openCloudDatabase({ path: opts.dbPath, logger, ...(opts.synchronous ? { synchronous: opts.synchronous } : {}) });
  let app: FastifyInstance | undefined;
  let dispatcher: WebhookDispatcher | undefined;
  try {
    const workspace = ensureWorkspace(db, property, clock.now());
    const keyring = new ProviderKeyring(db, clock, rng, logger);
    await keyring.init();
    let publicUrl = opts.publicUrl ?? '';
    const ctx: CloudContext = {
      db, clock, rng, logger, workspace, keyring, control,
      publicUrl: () => publicUrl,
      keyOpenLimiter: new FailedAttemptLimiter({ clock, ...opts.keyOpenLimit }),
      instantKeySecrets: InstantKeySecrets.forDatabase(db, opts.dbPath, rng, logger),
      onEventsRecorded: () => setImmediate(() => void dispatcher?.tick()),
    };
    await seedProperty(ctx, property);

    let apiKey = opts.apiKey;
    if (apiKey !== undefined) {
      const problem = apiKeyProblem(apiKey);
      if (problem) throw new KeyrigError('config', `--api-key / KEYRIG_API_KEY: ${problem}`);
    } else {
      apiKey = mintApiKey(rng);
    }
    const revoked = installStartupApiKey(db, { workspaceId: workspace.workspace_id, apiKey, configured: opts.apiKey !== undefined, keepOld: opts.keepOldApiKeys ?? false, clock, rng });
    if (revoked > 0) logger.info({ revoked }, 'earlier startup API keys revoked (keepOldApiKeys keeps them)');

    dispatcher = new WebhookDispatcher(ctx, opts.webhookPollMs ?? 100);
    if (control) control.deliverWebhooks = () => dispatcher!.tick();

    const server: FastifyInstance = Fastify({
      loggerInstance: logger as FastifyBaseLogger,
      // Our own access log (installHttpBehaviour) strips secrets from URLs; fastify's is off.
      logController: new LogController({ disableRequestLogging: true }),
      genReqId: genRequestId,
      bodyLimit: AUTHENTICATED_BODY_LIMIT,
    });
    app = server;
    installHttpBehaviour(server, ctx);
    const routeOptions = { validateResponses: opts.validateResponses ?? false };
    for (const r of [...apiRoutes, ...keyHolderRoutes, ...(control ? controlRoutes : [])]) registerRoute(server, ctx, r, routeOptions);
    registerOpenApiDocument(server, ctx);
    registerInstantKeyPage(server, ctx, opts.instantKeyPage);
    server.get('/health', async () => ({ ok: true }));

    const address = await server.listen({ port: opts.port ?? 0, host: opts.host ?? '127.0.0.1' });
    const port = (server.server.address() as { port: number }).port;
    const url = address.replace('[::1]', 'localhost');
    if (!opts.publicUrl) publicUrl = url;
    dispatcher.start();
    logger.info({ url, workspaceId: workspace.workspace_id, controlRoutes: Boolean(control) }, 'access cloud listening');

    const theApp = server;
    const theDispatcher = dispatcher;
    let closed = false;
    return {
      url, port, apiKey, workspace, clock, app: theApp,
      provisioning: () => buildProvisioningFile(ctx),
      providerKeys: () => keyring.verificationKeys(),
      rotateProviderKey: () => keyring.rotate(),
      deliverWebhooks: () => theDispatcher.tick(),
      close: async () => {
        if (closed) return;
        closed = true;
        await theDispatcher.stop();
        await theApp.close();
        db.close();
      },
    };
  } catch (err) {
    await dispatcher?.stop();
    await app?.close();
    db.close();
    throw err;
  }
}
