/** The keyrig access cloud (docs/CLOUD.md). */
export { startCloud, CLOUD_LOG_REDACT_PATHS, type Cloud, type StartCloudOptions } from './startCloud.js';
export { ControllableClock } from './control/ControllableClock.js';
export { verifyWebhookSignature, webhookSignature } from './webhooks/signWebhook.js';
export { WEBHOOK_RETRY_DELAYS_MS } from './webhooks/WebhookDispatcher.js';
export { openCloudDatabase, type CloudDatabase } from './db/openCloudDatabase.js';
export type { Rng, WorkspaceIds } from './context.js';
export type { InstantKeyPageHandler } from './http/instantKeyPage.js';
export { provisionOffline, type ProvisionOfflineOptions } from './provisionOffline.js';
export { webAppPage } from './http/webAppPage.js';
export { createApiKey, listApiKeys, revokeApiKey, workspaceIdOf, STARTUP_KEY_NAMES, type ApiKeyInfo } from './auth/apiKeys.js';
export { openLocalCloud, OperatorCallError, type LocalCloud, type OpenLocalCloudOptions } from './localOperator.js';
