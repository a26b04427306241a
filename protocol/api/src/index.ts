/**
 * @keyrig/api: the access cloud's HTTP API as zod schemas, shared by the cloud (it parses requests
 * and declares responses with them), its clients (they parse responses with them) and tests, and
 * the OpenAPI document generated from them. Pure: runs in Node and in the browser.
 *
 * Response schemas (zod/mini) are split by resource family; request schemas (classic zod, cloud
 * only) live under requests/. The package has no side effects, so a bundle keeps only what it uses.
 */
export * from './common.js';
export * from './acs.js';
export * from './userIdentities.js';
export * from './accessGrants.js';
export * from './instantKeys.js';
export * from './events.js';
export * from './keyHolder.js';
export * from './keyrig.js';
export * from './spaces.js';
export * from './entranceAccess.js';
export * from './keyPage.js';
export * from './requests/params.js';
export * from './requests/acs.js';
export * from './requests/userIdentities.js';
export * from './requests/accessGrants.js';
export * from './requests/instantKeys.js';
export * from './requests/events.js';
export * from './requests/keyHolder.js';
export * from './requests/keyrig.js';
export * from './requests/spaces.js';
export * from './requests/clientSessions.js';
export * from './requests/entranceAccess.js';
export * from './requests/customizationProfiles.js';
export * from './routes.js';
export * from './openApi.js';
export * from './describeIssues.js';
export * from './checkResponse.js';
