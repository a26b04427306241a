/** Every route of the access cloud, one file each (docs/CLOUD.md, "Routes"). */
import type { RouteDefinition } from '../http/defineRoute.js';
import workspacesGet from './workspaces/get.js';
import workspacesList from './workspaces/list.js';
import acsEntrancesGet from './acs/entrances/get.js';
import acsEntrancesList from './acs/entrances/list.js';
import acsCredentialsGet from './acs/credentials/get.js';
import acsCredentialsList from './acs/credentials/list.js';
import acsCredentialsDelete from './acs/credentials/delete.js';
import userIdentitiesCreate from './user_identities/create.js';
import userIdentitiesGet from './user_identities/get.js';
import userIdentitiesList from './user_identities/list.js';
import userIdentitiesUpdate from './user_identities/update.js';
import userIdentitiesDelete from './user_identities/delete.js';
import generateInstantKey from './user_identities/generate_instant_key.js';
import accessGrantsCreate from './access_grants/create.js';
import accessGrantsGet from './access_grants/get.js';
import accessGrantsList from './access_grants/list.js';
import accessGrantsUpdate from './access_grants/update.js';
import accessGrantsDelete from './access_grants/delete.js';
import accessMethodsGet from './access_methods/get.js';
import accessMethodsList from './access_methods/list.js';
import accessMethodsDelete from './access_methods/delete.js';
import instantKeysGet from './instant_keys/get.js';
import instantKeysList from './instant_keys/list.js';
import instantKeysDelete from './instant_keys/delete.js';
import instantKeysOpen from './instant_keys/open.js';
import clientSessionsGet from './client_sessions/get.js';
import clientSessionsList from './client_sessions/list.js';
import clientSessionsRevoke from './client_sessions/revoke.js';
import eventsList from './events/list.js';
import eventsGet from './events/get.js';
import webhooksCreate from './webhooks/create.js';
import webhooksGet from './webhooks/get.js';
import webhooksList from './webhooks/list.js';
import webhooksDelete from './webhooks/delete.js';
import phoneEndpointsRegister from './phone/endpoints_register.js';
import phoneEndpointsList from './phone/endpoints_list.js';
import phoneEndpointsRemove from './phone/endpoints_remove.js';
import phoneCredentialsLoad from './phone/credentials_load.js';
import phoneAuditUpload from './phone/audit_upload.js';
import phoneKeyPageGet from './phone/key_page.js';
import customizationProfilesCreate from './workspaces/customization_profiles/create.js';
import customizationProfilesGet from './workspaces/customization_profiles/get.js';
import customizationProfilesList from './workspaces/customization_profiles/list.js';
import customizationProfilesUpdate from './workspaces/customization_profiles/update.js';
import { locksProvisioning, providerKeysList, providerKeysRotate } from './keyrig/provider_keys.js';
import { phonesDeactivate, phonesList } from './keyrig/phones.js';
import { clockAdvance, clockGet, clockSet } from './_keyrig/clock.js';
import { outageEnd, outageStart, webhooksDeliver } from './_keyrig/outage.js';
import spacesCreate from './spaces/create.js';
import spacesGet from './spaces/get.js';
import spacesList from './spaces/list.js';
import spacesUpdate from './spaces/update.js';
import spacesDelete from './spaces/delete.js';
import spacesGetRelated from './spaces/get_related.js';
import spacesAddAcsEntrances from './spaces/add_acs_entrances.js';
import spacesRemoveAcsEntrances from './spaces/remove_acs_entrances.js';
import accessGrantsRequestAccessMethods from './access_grants/request_access_methods.js';
import clientSessionsCreate from './client_sessions/create.js';
import clientSessionsGetOrCreate from './client_sessions/get_or_create.js';
import clientSessionsDelete from './client_sessions/delete.js';
import userIdentitiesListAccessibleEntrances from './user_identities/list_accessible_entrances.js';
import seamInstantKeyPreviewGet from './seam/instant_key/v1/preview/get.js';
import acsEntrancesUnlock from './acs/entrances/unlock.js';

export const apiRoutes: RouteDefinition[] = [
  workspacesGet, workspacesList,
  acsEntrancesGet, acsEntrancesList, acsCredentialsGet, acsCredentialsList, acsCredentialsDelete,
  userIdentitiesCreate, userIdentitiesGet, userIdentitiesList, userIdentitiesUpdate, userIdentitiesDelete, generateInstantKey,
  accessGrantsCreate, accessGrantsGet, accessGrantsList, accessGrantsUpdate, accessGrantsDelete,
  accessMethodsGet, accessMethodsList, accessMethodsDelete,
  instantKeysGet, instantKeysList, instantKeysDelete,
  clientSessionsGet, clientSessionsList, clientSessionsRevoke,
  eventsList, eventsGet,
  webhooksCreate, webhooksGet, webhooksList, webhooksDelete,
  phonesList, phonesDeactivate,
  providerKeysList, providerKeysRotate, locksProvisioning,
  spacesCreate, spacesGet, spacesList, spacesUpdate, spacesDelete, spacesGetRelated, spacesAddAcsEntrances, spacesRemoveAcsEntrances,
  accessGrantsRequestAccessMethods, clientSessionsCreate, clientSessionsGetOrCreate, clientSessionsDelete,
  userIdentitiesListAccessibleEntrances, acsEntrancesUnlock,
  customizationProfilesCreate, customizationProfilesGet, customizationProfilesList, customizationProfilesUpdate,
];

/** The key holder's routes: the instant key URL opens a session, the session reaches only these. */
export const keyHolderRoutes: RouteDefinition[] = [
  instantKeysOpen, phoneEndpointsRegister, phoneEndpointsList, phoneEndpointsRemove, phoneCredentialsLoad, phoneAuditUpload, phoneKeyPageGet,
  seamInstantKeyPreviewGet,
];

/** Test control, under /_keyrig/, registered only when enabled. */
export const controlRoutes: RouteDefinition[] = [clockGet, clockAdvance, clockSet, outageStart, outageEnd, webhooksDeliver];
