/**
 * The key-holder routes of the access cloud as the client reads them (docs/CLOUD.md,
 * "Key-holder flow"). Only the fields the client uses are typed; the rest pass through.
 */

/** `client_session` of /instant_keys/open. */
export interface ClientSessionJson {
  readonly client_session_id: string;
  /** `seam_cst…`: a bearer secret. Never log it. */
  readonly token: string;
  readonly user_identity_id: string;
  readonly expires_at: string;
}

/** `instant_key_preview` of /instant_keys/open: what the key opens. */
export interface InstantKeyPreviewJson {
  readonly instant_key_id: string;
  readonly key_status: 'ready' | 'expired' | 'used';
  readonly use_count: number;
  readonly max_use_count: number;
  readonly expires_at: string;
  readonly access: readonly {
    readonly name: string;
    readonly acs_entrance_id: string;
    readonly type: string;
    readonly hours?: string;
    readonly floors?: readonly number[] | null;
    readonly available: boolean;
    readonly starts_at: string;
    readonly ends_at: string | null;
  }[];
}

/** `endpoint` of /phone/endpoints/register. */
export interface EndpointJson {
  readonly endpoint_id: string;
  readonly instant_key_id: string;
  readonly user_identity_id: string;
}

/** One entry of `credential_bundle.credentials`. */
export interface CredentialJson {
  readonly credential_id: string;
  readonly access_grant_id: string;
  readonly acs_entrance_id: string;
  readonly entrance_name: string;
  readonly entrance_type: string;
  readonly lock_ids: readonly string[];
  readonly floors: readonly number[];
  readonly hours_description?: string;
  readonly time_zone?: string;
  readonly starts_at: string;
  readonly ends_at: string;
  readonly issued_at: string;
  /** The provider-signed credential document (PROTOCOL.md §6), base64url. */
  readonly document: string;
}

/** A provider verification key (PROTOCOL.md §5). */
export interface ProviderKeyJson {
  readonly kid: string;
  readonly alg: 'ES256';
  readonly public_jwk: JsonWebKey;
  readonly status: string;
}

/** `credential_bundle` of /phone/credentials/load. */
export interface CredentialBundleJson {
  readonly endpoint_id: string;
  readonly user_identity_id: string;
  readonly issued_at: string;
  readonly credentials: readonly CredentialJson[];
  readonly blocklist: { readonly version: number; readonly revoked_credential_ids: readonly string[]; readonly signed: string };
  readonly time_sync: { readonly time: string; readonly signed: string };
  readonly provider_keys: readonly ProviderKeyJson[];
}

/** `audit_upload` of /phone/audit/upload. */
export interface AuditUploadJson {
  readonly received: number;
  readonly recorded: number;
}
