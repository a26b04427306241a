/**
 * Every route of the access cloud, once: path, who may call it, request and response schema. The
 * cloud registers its handlers against these entries (simulator/src/cloud/routes/), and the
 * OpenAPI document is generated from them (openApi.ts), so neither can drift from the schemas.
 */
import type { $ZodType } from 'zod/v4/core';
import { noParams } from './requests/params.js';
import * as rq from './requests/acs.js';
import * as ui from './requests/userIdentities.js';
import * as ag from './requests/accessGrants.js';
import * as ik from './requests/instantKeys.js';
import * as ev from './requests/events.js';
import * as kh from './requests/keyHolder.js';
import * as kr from './requests/keyrig.js';
import * as cp from './requests/customizationProfiles.js';
import { emptyResponse } from './common.js';
import * as acs from './acs.js';
import * as uiR from './userIdentities.js';
import * as agR from './accessGrants.js';
import * as ikR from './instantKeys.js';
import * as evR from './events.js';
import * as khR from './keyHolder.js';
import * as krR from './keyrig.js';
import * as sp from './requests/spaces.js';
import * as cs from './requests/clientSessions.js';
import * as ea from './requests/entranceAccess.js';
import * as spR from './spaces.js';
import * as eaR from './entranceAccess.js';
import * as kpR from './keyPage.js';

/** Who calls a route: a workspace API key, a key holder's client session token, or anyone. */
export type CallerKind = 'api_key' | 'client_session';

/** One route of the API. `response` is the body without `ok: true`, which every 200 adds. */
export interface ApiRoute<I extends $ZodType = $ZodType, O extends $ZodType = $ZodType> {
  readonly path: string;
  readonly auth: readonly CallerKind[] | 'public';
  readonly input: I;
  readonly response: O;
  /** The OpenAPI tag: Seam-compatible, key holder, keyrig or control. */
  readonly tag: ApiTag;
  readonly summary: string;
}

export type ApiTag = 'seam' | 'key_holder' | 'keyrig' | 'control';

const API_KEY = ['api_key'] as const;
const HOLDER = ['client_session'] as const;

function route<I extends $ZodType, O extends $ZodType>(
  path: string,
  auth: readonly CallerKind[] | 'public',
  input: I,
  response: O,
  summary: string,
  tag: ApiTag = 'seam',
): ApiRoute<I, O> {
  return { path, auth, input, response, tag, summary };
}

/** The API, by route. Names are the path in camelCase. */
export const cloudApi = {
  workspacesGet: route('/workspaces/get', API_KEY, noParams, acs.workspacesGetResponse, 'The workspace the API key belongs to'),
  workspacesList: route('/workspaces/list', API_KEY, noParams, acs.workspacesListResponse, 'The one workspace of this cloud'),
  acsEntrancesGet: route('/acs/entrances/get', API_KEY, rq.acsEntrancesGetInput, acs.acsEntrancesGetResponse, 'An entrance'),
  acsEntrancesList: route('/acs/entrances/list', API_KEY, rq.acsEntrancesListInput, acs.acsEntrancesListResponse, "The property's entrances"),
  acsCredentialsGet: route('/acs/credentials/get', API_KEY, rq.acsCredentialsGetInput, acs.acsCredentialsGetResponse, 'A mobile-key credential'),
  acsCredentialsList: route('/acs/credentials/list', API_KEY, rq.acsCredentialsListInput, acs.acsCredentialsListResponse, 'Mobile-key credentials'),
  acsCredentialsDelete: route('/acs/credentials/delete', API_KEY, rq.acsCredentialsDeleteInput, emptyResponse, 'Revokes a mobile key'),
  userIdentitiesCreate: route('/user_identities/create', API_KEY, ui.userIdentitiesCreateInput, uiR.userIdentitiesGetResponse, 'Creates a user identity'),
  userIdentitiesGet: route('/user_identities/get', API_KEY, ui.userIdentitiesGetInput, uiR.userIdentitiesGetResponse, 'A user identity, by id or key'),
  userIdentitiesList: route('/user_identities/list', API_KEY, ui.userIdentitiesListInput, uiR.userIdentitiesListResponse, 'User identities, paginated'),
  userIdentitiesUpdate: route('/user_identities/update', API_KEY, ui.userIdentitiesUpdateInput, emptyResponse, "Sets a user identity's fields"),
  userIdentitiesDelete: route('/user_identities/delete', API_KEY, ui.userIdentitiesDeleteInput, emptyResponse, 'Deletes a user identity and revokes its access'),
  generateInstantKey: route('/user_identities/generate_instant_key', API_KEY, ui.generateInstantKeyInput, ikR.instantKeysGetResponse, 'A link that sets up mobile keys'),
  accessGrantsCreate: route('/access_grants/create', API_KEY, ag.accessGrantsCreateInput, agR.accessGrantsGetResponse, 'Grants access to entrances'),
  accessGrantsGet: route('/access_grants/get', API_KEY, ag.accessGrantsGetInput, agR.accessGrantsGetResponse, 'An access grant'),
  accessGrantsList: route('/access_grants/list', API_KEY, ag.accessGrantsListInput, agR.accessGrantsListResponse, 'Access grants'),
  accessGrantsUpdate: route('/access_grants/update', API_KEY, ag.accessGrantsUpdateInput, emptyResponse, "Changes a grant's window or entrances"),
  accessGrantsDelete: route('/access_grants/delete', API_KEY, ag.accessGrantsDeleteInput, emptyResponse, 'Revokes an access grant'),
  accessMethodsGet: route('/access_methods/get', API_KEY, ag.accessMethodsGetInput, agR.accessMethodsGetResponse, 'An access method'),
  accessMethodsList: route('/access_methods/list', API_KEY, ag.accessMethodsListInput, agR.accessMethodsListResponse, "A grant's access methods"),
  accessMethodsDelete: route('/access_methods/delete', API_KEY, ag.accessMethodsDeleteInput, emptyResponse, "Revokes a grant's mobile keys"),
  instantKeysGet: route('/instant_keys/get', API_KEY, ik.instantKeysGetInput, ikR.instantKeysGetResponse, 'An instant key, by id or URL'),
  instantKeysList: route('/instant_keys/list', API_KEY, ik.instantKeysListInput, ikR.instantKeysListResponse, 'Instant keys'),
  instantKeysDelete: route('/instant_keys/delete', API_KEY, ik.instantKeysDeleteInput, emptyResponse, 'Deletes an instant key'),
  clientSessionsGet: route('/client_sessions/get', ['api_key', 'client_session'], ik.clientSessionsGetInput, ikR.clientSessionsGetResponse, 'A client session'),
  clientSessionsList: route('/client_sessions/list', API_KEY, ik.clientSessionsListInput, ikR.clientSessionsListResponse, 'Client sessions'),
  clientSessionsRevoke: route('/client_sessions/revoke', API_KEY, ik.clientSessionsRevokeInput, emptyResponse, 'Revokes a client session'),
  eventsList: route('/events/list', API_KEY, ev.eventsListInput, evR.eventsListResponse, 'Events, newest first'),
  eventsGet: route('/events/get', API_KEY, ev.eventsGetInput, evR.eventsGetResponse, 'An event'),
  webhooksCreate: route('/webhooks/create', API_KEY, ev.webhooksCreateInput, evR.webhooksGetResponse, 'Creates a webhook'),
  webhooksGet: route('/webhooks/get', API_KEY, ev.webhooksGetInput, evR.webhooksGetResponse, 'A webhook'),
  webhooksList: route('/webhooks/list', API_KEY, noParams, evR.webhooksListResponse, 'Webhooks'),
  webhooksDelete: route('/webhooks/delete', API_KEY, ev.webhooksDeleteInput, emptyResponse, 'Deletes a webhook'),
  phonesList: route('/phones/list', API_KEY, kr.phonesListInput, krR.phonesListResponse, "Key holders' devices", 'keyrig'),
  phonesDeactivate: route('/phones/deactivate', API_KEY, kr.phonesDeactivateInput, emptyResponse, "Removes a key holder's device", 'keyrig'),
  providerKeysList: route('/keyrig/provider_keys/list', API_KEY, noParams, krR.providerKeysListResponse, 'Provider verification keys', 'keyrig'),
  providerKeysRotate: route('/keyrig/provider_keys/rotate', API_KEY, noParams, krR.providerKeysRotateResponse, 'Rotates the provider signing key', 'keyrig'),
  locksProvisioning: route('/keyrig/locks/provisioning', API_KEY, noParams, krR.locksProvisioningResponse, "Every lock's provisioning (secret)", 'keyrig'),
  instantKeysOpen: route('/instant_keys/open', 'public', kh.instantKeysOpenInput, khR.instantKeysOpenResponse, 'Opens an instant key: a client session', 'key_holder'),
  phoneEndpointsRegister: route('/phone/endpoints/register', HOLDER, kh.endpointsRegisterInput, khR.endpointsRegisterResponse, "Registers the device's public key", 'key_holder'),
  phoneEndpointsList: route('/phone/endpoints/list', HOLDER, noParams, khR.endpointsListResponse, "The holder's devices", 'key_holder'),
  phoneEndpointsRemove: route('/phone/endpoints/remove', HOLDER, kh.endpointsRemoveInput, emptyResponse, 'Removes a device', 'key_holder'),
  phoneCredentialsLoad: route('/phone/credentials/load', HOLDER, kh.credentialsLoadInput, khR.credentialsLoadResponse, "The device's credential bundle", 'key_holder'),
  phoneAuditUpload: route('/phone/audit/upload', HOLDER, kh.auditUploadInput, khR.auditUploadResponse, 'Uploads audit records fetched from locks', 'key_holder'),
  clockGet: route('/_keyrig/clock/get', API_KEY, noParams, krR.clockResponse, "The cloud's clock", 'control'),
  clockAdvance: route('/_keyrig/clock/advance', API_KEY, kr.clockAdvanceInput, krR.clockResponse, "Advances the cloud's clock", 'control'),
  clockSet: route('/_keyrig/clock/set', API_KEY, kr.clockSetInput, krR.clockResponse, "Sets the cloud's clock", 'control'),
  outageStart: route('/_keyrig/outage/start', API_KEY, kr.outageStartInput, krR.outageResponse, 'Every other route answers 503', 'control'),
  outageEnd: route('/_keyrig/outage/end', API_KEY, noParams, krR.outageResponse, 'Ends the simulated outage', 'control'),
  webhooksDeliver: route('/_keyrig/webhooks/deliver', API_KEY, noParams, emptyResponse, 'Delivers due webhooks now', 'control'),
  // Issue #19, second wave: spaces, client sessions, accessible entrances, preview, remote unlock.
  spacesCreate: route('/spaces/create', API_KEY, sp.spacesCreateInput, spR.spacesGetResponse, 'Creates a space (a group of entrances)'),
  spacesGet: route('/spaces/get', API_KEY, sp.spacesGetInput, spR.spacesGetResponse, 'A space, by id or key'),
  spacesList: route('/spaces/list', API_KEY, sp.spacesListInput, spR.spacesListResponse, 'Spaces, paginated'),
  spacesUpdate: route('/spaces/update', API_KEY, sp.spacesUpdateInput, spR.spacesGetResponse, "Renames a space or replaces its entrances"),
  spacesDelete: route('/spaces/delete', API_KEY, sp.spacesDeleteInput, emptyResponse, 'Deletes a space (its entrances stay)'),
  spacesGetRelated: route('/spaces/get_related', API_KEY, sp.spacesGetRelatedInput, spR.spacesGetRelatedResponse, 'Spaces with their entrances'),
  spacesAddAcsEntrances: route('/spaces/add_acs_entrances', API_KEY, sp.spacesAddAcsEntrancesInput, emptyResponse, 'Adds entrances to a space'),
  spacesRemoveAcsEntrances: route('/spaces/remove_acs_entrances', API_KEY, sp.spacesRemoveAcsEntrancesInput, emptyResponse, 'Removes entrances from a space'),
  accessGrantsRequestAccessMethods: route('/access_grants/request_access_methods', API_KEY, ea.requestAccessMethodsInput, agR.accessGrantsGetResponse, 'Adds mobile-key access methods to a grant'),
  clientSessionsCreate: route('/client_sessions/create', API_KEY, cs.clientSessionsCreateInput, ikR.clientSessionsGetResponse, "Creates a client session for a user identity (token shown once)"),
  clientSessionsGetOrCreate: route('/client_sessions/get_or_create', API_KEY, cs.clientSessionsGetOrCreateInput, ikR.clientSessionsGetResponse, "The identity's live session with a fresh token, or a new one"),
  clientSessionsDelete: route('/client_sessions/delete', API_KEY, cs.clientSessionsDeleteInput, emptyResponse, 'Deletes a client session (revoked, then gone)'),
  userIdentitiesListAccessibleEntrances: route('/user_identities/list_accessible_entrances', API_KEY, ea.listAccessibleEntrancesInput, acs.acsEntrancesAccessibleResponse, 'Entrances an identity can reach through its grants'),
  seamInstantKeyPreviewGet: route('/seam/instant_key/v1/preview/get', 'public', ea.seamInstantKeyPreviewInput, eaR.seamInstantKeyPreviewResponse, "Seam's preview of an instant key (the URL is the credential)"),
  acsEntrancesUnlock: route('/acs/entrances/unlock', API_KEY, ea.acsEntrancesUnlockInput, eaR.acsEntrancesUnlockResponse, 'Remote unlock: a failed action attempt (BLE-only locks)'),
  customizationProfilesCreate: route('/workspaces/customization_profiles/create', API_KEY, cp.customizationProfilesCreateInput, kpR.customizationProfilesGetResponse, 'Creates a customization profile'),
  customizationProfilesGet: route('/workspaces/customization_profiles/get', API_KEY, cp.customizationProfilesGetInput, kpR.customizationProfilesGetResponse, 'A customization profile'),
  customizationProfilesList: route('/workspaces/customization_profiles/list', API_KEY, cp.customizationProfilesListInput, kpR.customizationProfilesListResponse, 'Customization profiles'),
  customizationProfilesUpdate: route('/workspaces/customization_profiles/update', API_KEY, cp.customizationProfilesUpdateInput, emptyResponse, 'Changes a customization profile'),
  phoneKeyPageGet: route('/phone/key_page/get', HOLDER, noParams, kpR.keyPageGetResponse, "The hotel, the guest and the page's look", 'key_holder'),
} as const;

export type CloudApi = typeof cloudApi;
