/**
 * The hand-written half of CLOUD.md's route table. `DIFFERENCES`: for a Seam route keyrig serves,
 * how it deliberately differs from Seam. `NOT_SERVED`: for a Seam route (exact path) or a family
 * (a prefix ending in `/`) keyrig does not serve, why; the exact path wins, then the longest
 * prefix. routeTable.test.ts refuses stale notes: a difference for a route keyrig does not serve,
 * or a reason for one it now serves.
 */
export const DIFFERENCES: Record<string, string> = {
  '/workspaces/get': 'one workspace per cloud, seeded at start',
  '/workspaces/list': 'one workspace per cloud, seeded at start',
  '/acs/entrances/list': 'adds `keyrig_metadata` (entrance type, floors, hours, time zone, lock ids, key sequence); `type` filter is keyrig\'s',
  '/acs/entrances/get': 'adds `keyrig_metadata`',
  '/acs/credentials/list': 'mobile-key credentials only (one per grant × phone); `keyrig_metadata`',
  '/acs/credentials/delete': 'revokes like `access_methods/delete` (blocklist, PROTOCOL.md §9)',
  '/user_identities/generate_instant_key': '`max_use_count` defaults to the largest `instant_key_max_use_count` of the identity\'s current grants; `customization` applied to the key page',
  '/user_identities/delete': 'deletes its grants and instant keys (everything revoked)',
  '/access_grants/create': 'creates the instant key (`instant_key_url`); only `mode: "mobile_key"` (others 400); keyrig adds `floors`, `keyrig_key_mode`; offline locks: every door granted at once',
  '/access_grants/update': '`floors` cannot be changed; a changed window blocklists the old documents',
  '/access_grants/get': 'adds `keyrig_metadata` (floors, key mode, key sequences)',
  '/access_grants/list': 'adds `keyrig_metadata`; no `client_session_token` (session tokens are stored hashed)',
  '/instant_keys/list': 'keys made before migration 5 read back `…/ik/redacted` (only their hash exists)',
  '/access_methods/delete': 'revokes: the credential goes on the signed blocklist',
  '/instant_keys/get': 'also by `instant_key_url`; keys made before migration 5 read back `…/ik/redacted`',
  '/events/list': 'newest first; `limit` default 500; keyrig adds `user_identity_id` to events',
  '/webhooks/create': 'Standard-Webhooks/Svix signatures, Seam\'s retry schedule on the injected clock',
  '/phones/list': 'keyrig\'s endpoint shape plus `device_id`, not Seam\'s `phone`',
  '/phones/deactivate': '`device_id` is an endpoint id; its documents are blocklisted',
  '/client_sessions/get': 'with a session token: its own session',
  '/client_sessions/create': 'one user identity per session; token shown once (stored hashed); such a session registers no phone',
  '/client_sessions/get_or_create': 'returns a freshly minted token (only hashes are stored)',
  '/client_sessions/delete': 'revokes first (blocklist), deletes the instant key behind it',
  '/access_grants/request_access_methods': 'mobile keys only; a grant that has ended: 400',
  '/user_identities/list_accessible_entrances': 'entrances of grants that have not ended (current and future)',
  '/acs/entrances/unlock': 'always a failed action attempt `cannot_unlock_remotely`: offline BLE locks',
  '/spaces/create': 'no devices: `device_ids` must be empty',
  '/spaces/get_related': 'only spaces and entrances in the batch',
  '/workspaces/customization_profiles/create': 'keyrig takes `logo_url` (https: or data:image/) instead of `upload_images`',
  '/workspaces/customization_profiles/update': 'keyrig takes `logo_url` (https: or data:image/) instead of `upload_images`',
};

export const NOT_SERVED: Record<string, string> = {
  '/access_grants/unmanaged/': 'nothing is unmanaged: every resource is made through this API',
  '/access_methods/unmanaged/': 'nothing is unmanaged',
  '/user_identities/unmanaged/': 'nothing is unmanaged',
  '/acs/credentials/unmanaged/': 'nothing is unmanaged',
  '/acs/users/unmanaged/': 'nothing is unmanaged',
  '/acs/access_groups/unmanaged/': 'nothing is unmanaged',
  '/access_grants/get_related': 'not implemented',
  '/access_methods/assign_card': 'no cards: mobile keys only',
  '/access_methods/encode': 'no cards: mobile keys only',
  '/access_methods/unlock_door': 'offline locks: the cloud cannot reach a door',
  '/acs/access_groups/': 'no access groups: grants name entrances',
  '/acs/users/': 'no ACS users: keys go to user identities',
  '/acs/encoders/': 'no cards or encoders',
  '/acs/credential_pools/': 'no cards',
  '/acs/credential_provisioning_automations/': 'no cards',
  '/acs/systems/': 'one ACS system per workspace (`acs_system_id` on every entrance); no systems routes',
  '/acs/credentials/': 'credentials are made by access grants, one per phone',
  '/acs/entrances/grant_access': 'use `access_grants/create`',
  '/acs/entrances/list_credentials_with_access': 'not implemented',
  '/client_sessions/': 'not implemented: sessions are opened by an instant key or `client_sessions/create`',
  '/spaces/': 'spaces group entrances: a property has no devices or connected accounts',
  '/workspaces/customization_profiles/': 'not implemented: `logo_url` on create/update instead of uploaded images',
  '/workspaces/': 'one workspace per cloud, seeded at start',
  '/connect_webviews/': 'nothing to connect: the cloud is the access system',
  '/user_identities/': 'no ACS users, devices or enrollment automations: keys go to the identity',
  '/phones/': 'phones register themselves through an instant key (`/phone/endpoints/register`)',
  '/webhooks/update': 'not implemented: delete and create',
};

/** The key of NOT_SERVED that explains a route: its exact path, else the longest family prefix. */
export function notServedKey(path: string): string | undefined {
  if (NOT_SERVED[path] !== undefined) return path;
  let best: string | undefined;
  for (const key of Object.keys(NOT_SERVED)) {
    if (key.endsWith('/') && path.startsWith(key) && (!best || key.length > best.length)) best = key;
  }
  return best;
}

/** The table's note for a route: its difference when served, else why not. */
export function noteFor(path: string, served: boolean): string | undefined {
  if (served) return DIFFERENCES[path];
  const key = notServedKey(path);
  return key === undefined ? undefined : NOT_SERVED[key];
}
