/**
 * The property manager's side of the cloud, as the demo and the tests drive it: plain Seam-style
 * HTTP calls with the workspace API key (the same routes the official SDK uses).
 */

/** An `acs_entrance` as the demo reads it. */
export interface AdminEntrance {
  readonly acs_entrance_id: string;
  readonly display_name: string;
  readonly keyrig_metadata: { readonly entrance_key: string; readonly type: string; readonly lock_ids: readonly string[]; readonly floors: readonly number[] | null };
}

/** An event as the demo and the tests read it. */
export interface AdminEvent {
  readonly event_id: string;
  readonly event_type: string;
  readonly occurred_at: string;
  readonly acs_entrance_id?: string;
  readonly user_identity_id?: string;
  readonly is_via_bluetooth?: boolean;
  readonly keyrig_metadata?: { readonly lock_id?: string; readonly result?: string; readonly floors?: readonly number[] };
}

/** Seam-style admin calls with the workspace API key. */
export class AdminApi {
  constructor(
    readonly url: string,
    private readonly apiKey: string,
  ) {}

  async call<T>(route: string, body: unknown = {}): Promise<T> {
    const res = await fetch(`${this.url}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.apiKey}` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const json = (await res.json()) as T & { error?: { type: string; message: string } };
    if (!res.ok) throw new Error(`${route}: HTTP ${res.status} ${json.error?.type ?? ''}: ${json.error?.message ?? ''}`);
    return json;
  }

  async entrances(): Promise<AdminEntrance[]> {
    return (await this.call<{ acs_entrances: AdminEntrance[] }>('/acs/entrances/list')).acs_entrances;
  }

  async createGuest(fullName: string, email: string): Promise<string> {
    const r = await this.call<{ user_identity: { user_identity_id: string } }>('/user_identities/create', { full_name: fullName, email_address: email });
    return r.user_identity.user_identity_id;
  }

  /** A stay: mobile-key access to the entrances from `startsAt` to `endsAt`. */
  async grantStay(userIdentityId: string, entranceIds: readonly string[], startsAt: number, endsAt: number, floors?: readonly number[]): Promise<string> {
    const r = await this.call<{ access_grant: { access_grant_id: string } }>('/access_grants/create', {
      user_identity_id: userIdentityId,
      acs_entrance_ids: entranceIds,
      starts_at: new Date(startsAt).toISOString(),
      ends_at: new Date(endsAt).toISOString(),
      requested_access_methods: [{ mode: 'mobile_key' }],
      ...(floors ? { floors } : {}),
    });
    return r.access_grant.access_grant_id;
  }

  /** Returns the instant key URL (a secret: never log it). */
  async issueInstantKey(userIdentityId: string): Promise<string> {
    const r = await this.call<{ instant_key: { instant_key_url: string } }>('/user_identities/generate_instant_key', { user_identity_id: userIdentityId });
    return r.instant_key.instant_key_url;
  }

  async events(filter: { event_types?: string[]; user_identity_id?: string } = {}): Promise<AdminEvent[]> {
    return (await this.call<{ events: AdminEvent[] }>('/events/list', filter)).events;
  }
}
