/**
 * Schema migrations, applied in order inside one transaction each; `PRAGMA user_version` records
 * how many ran. Never edit a shipped migration: add a new one. Times are integer milliseconds since
 * the epoch (from the injected clock); JSON columns hold small arrays/objects.
 */
export const migrations: readonly string[] = [
  /* 1: the initial schema */ `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

  CREATE TABLE workspaces (
    workspace_id TEXT PRIMARY KEY, name TEXT NOT NULL, company_name TEXT NOT NULL,
    acs_system_id TEXT NOT NULL, connected_account_id TEXT NOT NULL, created_at INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE api_keys (
    api_key_id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL REFERENCES workspaces,
    token_hash BLOB NOT NULL UNIQUE, name TEXT NOT NULL, created_at INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE entrances (
    acs_entrance_id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL REFERENCES workspaces,
    entrance_key TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL, type TEXT NOT NULL,
    category TEXT, floors_json TEXT, hours_json TEXT, time_zone TEXT NOT NULL, created_at INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE provider_keys (
    kid TEXT PRIMARY KEY, private_jwk TEXT NOT NULL, public_jwk TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active','retired','revoked')), created_at INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE locks (
    lock_id TEXT PRIMARY KEY, acs_entrance_id TEXT NOT NULL REFERENCES entrances, name TEXT NOT NULL,
    private_jwk TEXT NOT NULL, public_jwk TEXT NOT NULL, certificate TEXT, certificate_kid TEXT,
    created_at INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE user_identities (
    user_identity_id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL REFERENCES workspaces,
    user_identity_key TEXT, email_address TEXT, phone_number TEXT, full_name TEXT,
    created_at INTEGER NOT NULL
  ) STRICT;
  CREATE UNIQUE INDEX user_identities_key ON user_identities (workspace_id, user_identity_key)
    WHERE user_identity_key IS NOT NULL;
  CREATE UNIQUE INDEX user_identities_email ON user_identities (workspace_id, email_address)
    WHERE email_address IS NOT NULL;

  CREATE TABLE access_grants (
    access_grant_id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL REFERENCES workspaces,
    user_identity_id TEXT NOT NULL REFERENCES user_identities, access_grant_key TEXT, name TEXT,
    starts_at INTEGER NOT NULL, ends_at INTEGER, floors_json TEXT, created_at INTEGER NOT NULL,
    revision INTEGER NOT NULL DEFAULT 1 -- the key sequence of its documents (PROTOCOL.md §7): bumped on every change
  ) STRICT;
  CREATE UNIQUE INDEX access_grants_key ON access_grants (workspace_id, access_grant_key) WHERE access_grant_key IS NOT NULL;
  CREATE INDEX access_grants_identity ON access_grants (user_identity_id);

  CREATE TABLE access_grant_entrances (
    access_grant_id TEXT NOT NULL REFERENCES access_grants ON DELETE CASCADE,
    acs_entrance_id TEXT NOT NULL REFERENCES entrances,
    PRIMARY KEY (access_grant_id, acs_entrance_id)
  ) STRICT;

  CREATE TABLE access_methods (
    access_method_id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL,
    access_grant_id TEXT NOT NULL REFERENCES access_grants ON DELETE CASCADE,
    mode TEXT NOT NULL, instant_key_max_use_count INTEGER, created_at INTEGER NOT NULL, issued_at INTEGER
  ) STRICT;
  CREATE INDEX access_methods_grant ON access_methods (access_grant_id);

  CREATE TABLE acs_credentials (
    acs_credential_id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL,
    access_method_id TEXT NOT NULL UNIQUE REFERENCES access_methods ON DELETE CASCADE,
    user_identity_id TEXT NOT NULL, created_at INTEGER NOT NULL, issued_at INTEGER
  ) STRICT;

  CREATE TABLE client_sessions (
    client_session_id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL,
    user_identity_id TEXT NOT NULL REFERENCES user_identities, created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL, revoked_at INTEGER
  ) STRICT;

  CREATE TABLE client_session_tokens (
    token_hash BLOB PRIMARY KEY,
    client_session_id TEXT NOT NULL REFERENCES client_sessions ON DELETE CASCADE,
    created_at INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE instant_keys (
    instant_key_id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL,
    user_identity_id TEXT NOT NULL REFERENCES user_identities,
    client_session_id TEXT NOT NULL REFERENCES client_sessions,
    secret_hash BLOB NOT NULL UNIQUE, max_use_count INTEGER NOT NULL,
    customization_json TEXT, customization_profile_id TEXT,
    created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX instant_keys_identity ON instant_keys (user_identity_id);

  CREATE TABLE endpoints (
    endpoint_id TEXT PRIMARY KEY, instant_key_id TEXT NOT NULL,
    client_session_id TEXT NOT NULL, user_identity_id TEXT NOT NULL,
    public_key TEXT NOT NULL, public_key_thumbprint TEXT NOT NULL, user_agent TEXT,
    created_at INTEGER NOT NULL, last_loaded_at INTEGER, removed_at INTEGER,
    UNIQUE (instant_key_id, public_key_thumbprint)
  ) STRICT;
  CREATE INDEX endpoints_identity ON endpoints (user_identity_id);

  -- One row per credential document lineage (endpoint x grant x entrance); a changed grant
  -- supersedes the row (and blocklists it when the new window does not cover the old one).
  CREATE TABLE credential_documents (
    credential_id TEXT PRIMARY KEY, endpoint_id TEXT NOT NULL, access_grant_id TEXT NOT NULL,
    acs_entrance_id TEXT NOT NULL, user_identity_id TEXT NOT NULL,
    not_before INTEGER NOT NULL, not_after INTEGER NOT NULL, floors_json TEXT, key_sequence INTEGER NOT NULL,
    document BLOB, kid TEXT, issued_at INTEGER NOT NULL, superseded_at INTEGER, revoked_at INTEGER, revoked_reason TEXT
  ) STRICT;
  CREATE INDEX credential_documents_endpoint ON credential_documents (endpoint_id);
  CREATE INDEX credential_documents_grant ON credential_documents (access_grant_id);
  CREATE INDEX credential_documents_revoked ON credential_documents (revoked_at, not_after);

  CREATE TABLE events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL UNIQUE, workspace_id TEXT NOT NULL,
    event_type TEXT NOT NULL, occurred_at INTEGER NOT NULL, created_at INTEGER NOT NULL,
    user_identity_id TEXT, acs_entrance_id TEXT, dedupe_key TEXT UNIQUE, body_json TEXT NOT NULL
  ) STRICT;
  CREATE INDEX events_time ON events (occurred_at);

  CREATE TABLE webhooks (
    webhook_id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, url TEXT NOT NULL,
    event_types_json TEXT, secret TEXT NOT NULL, created_at INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE webhook_deliveries (
    delivery_id TEXT PRIMARY KEY, webhook_id TEXT NOT NULL REFERENCES webhooks ON DELETE CASCADE,
    event_seq INTEGER NOT NULL REFERENCES events, attempt INTEGER NOT NULL, next_attempt_at INTEGER,
    status TEXT NOT NULL CHECK (status IN ('pending','delivered','failed')), last_error TEXT,
    delivered_at INTEGER
  ) STRICT;
  CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
  `,
  /* 2: instant keys whose expiry was defaulted follow the identity's grants when they are extended */ `
  ALTER TABLE instant_keys ADD COLUMN follows_grants INTEGER NOT NULL DEFAULT 0;
  `,
  /* 3: hotel key sequences (PROTOCOL.md §6, docs/CLOUD.md "Key sequences"): per guest-room door, not per grant */ `
  -- The door's counter: the highest sequence an override grant took for it.
  ALTER TABLE entrances ADD COLUMN key_sequence INTEGER NOT NULL DEFAULT 0;
  -- override: a new grant bumps each guest-room door's counter; joiner: it shares the current one.
  ALTER TABLE access_grants ADD COLUMN key_mode TEXT NOT NULL DEFAULT 'override' CHECK (key_mode IN ('override', 'joiner'));
  -- The sequence the grant holds for this entrance; NULL where none (common areas, elevators, amenities).
  ALTER TABLE access_grant_entrances ADD COLUMN key_sequence INTEGER;
  -- Existing grants keep the sequence their documents carry (the grant's revision, the old rule) at
  -- guest-room doors, and each door's counter starts at the highest of them. access_grants.revision
  -- no longer sets key sequences.
  UPDATE access_grant_entrances
    SET key_sequence = (SELECT revision FROM access_grants g WHERE g.access_grant_id = access_grant_entrances.access_grant_id)
    WHERE acs_entrance_id IN (SELECT acs_entrance_id FROM entrances WHERE type = 'door' AND (category IS NULL OR category = 'guest'));
  UPDATE entrances
    SET key_sequence = coalesce((SELECT max(key_sequence) FROM access_grant_entrances ge WHERE ge.acs_entrance_id = entrances.acs_entrance_id), 0);
  -- Documents for entrances without a sequence record NULL: rebuild with a nullable key_sequence.
  CREATE TABLE credential_documents_v3 (
    credential_id TEXT PRIMARY KEY, endpoint_id TEXT NOT NULL, access_grant_id TEXT NOT NULL,
    acs_entrance_id TEXT NOT NULL, user_identity_id TEXT NOT NULL,
    not_before INTEGER NOT NULL, not_after INTEGER NOT NULL, floors_json TEXT, key_sequence INTEGER,
    document BLOB, kid TEXT, issued_at INTEGER NOT NULL, superseded_at INTEGER, revoked_at INTEGER, revoked_reason TEXT
  ) STRICT;
  INSERT INTO credential_documents_v3 (credential_id, endpoint_id, access_grant_id, acs_entrance_id, user_identity_id, not_before, not_after, floors_json, key_sequence,
    document, kid, issued_at, superseded_at, revoked_at, revoked_reason)
    SELECT credential_id, endpoint_id, access_grant_id, acs_entrance_id, user_identity_id, not_before, not_after, floors_json, key_sequence,
    document, kid, issued_at, superseded_at, revoked_at, revoked_reason FROM credential_documents;
  DROP TABLE credential_documents;
  ALTER TABLE credential_documents_v3 RENAME TO credential_documents;
  CREATE INDEX credential_documents_endpoint ON credential_documents (endpoint_id);
  CREATE INDEX credential_documents_grant ON credential_documents (access_grant_id);
  CREATE INDEX credential_documents_revoked ON credential_documents (revoked_at, not_after);
  `,
  /* 4: which grants an instant key that follows its grants covers (docs/CLOUD.md "Instant key expiry", #16 C1) */ `
  CREATE TABLE instant_key_grants (
    instant_key_id TEXT NOT NULL REFERENCES instant_keys ON DELETE CASCADE,
    access_grant_id TEXT NOT NULL REFERENCES access_grants ON DELETE CASCADE,
    PRIMARY KEY (instant_key_id, access_grant_id)
  ) STRICT;
  CREATE INDEX instant_key_grants_grant ON instant_key_grants (access_grant_id);
  -- Existing following keys cover the identity's grants created before the key expired.
  INSERT INTO instant_key_grants (instant_key_id, access_grant_id)
    SELECT k.instant_key_id, g.access_grant_id FROM instant_keys k JOIN access_grants g ON g.user_identity_id = k.user_identity_id
    WHERE k.follows_grants = 1 AND g.created_at < k.expires_at;
  `,
  /* 5: Seam wire fidelity (#19): grant fields, the key a grant delivers, instant key secrets encrypted at rest */ `
  -- Echoed on the grant and filtered by access_grants/list (docs/CLOUD.md "Compatibility").
  ALTER TABLE access_grants ADD COLUMN reservation_key TEXT;
  ALTER TABLE access_grants ADD COLUMN customization_profile_id TEXT;
  ALTER TABLE access_grants ADD COLUMN space_ids_json TEXT;
  -- The instant key a mobile_key access method delivered at grant time (NULL: none, or deleted).
  ALTER TABLE access_methods ADD COLUMN instant_key_id TEXT REFERENCES instant_keys ON DELETE SET NULL;
  -- AES-256-GCM of the URL secret under the key file beside the database (docs/SECURITY.md).
  -- Keys created before this migration have none: their URL reads back redacted.
  ALTER TABLE instant_keys ADD COLUMN secret_ciphertext BLOB;
  CREATE INDEX access_grants_reservation_key ON access_grants (reservation_key);
  `,
];
