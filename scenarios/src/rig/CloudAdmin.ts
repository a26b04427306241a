/**
 * The property manager's calls to the access cloud, as scenarios, the demo and the tests make
 * them: Seam-style `POST /<route>` with the workspace API key (docs/CLOUD.md). The key is never
 * logged. One error type (CloudCallError) and one timeout for every call.
 */
import { KeyrigError } from '@keyrig/protocol';

/** An `acs_entrance` as scenarios and the demo read it. */
export interface CloudEntrance {
  readonly acs_entrance_id: string;
  readonly display_name: string;
  readonly keyrig_metadata: { readonly entrance_key: string; readonly type: string; readonly lock_ids: readonly string[]; readonly floors: readonly number[] | null };
}

/** An event as scenarios, the demo and the tests read it. */
export interface CloudEvent {
  readonly event_id: string;
  readonly event_type: string;
  readonly occurred_at: string;
  readonly acs_entrance_id?: string;
  readonly user_identity_id?: string;
  readonly access_grant_id?: string;
  readonly is_via_bluetooth?: boolean;
  readonly keyrig_metadata?: { readonly lock_id?: string; readonly result?: string; readonly floors?: readonly number[] };
}

/**
 * How long one admin call may take. The larger of the two former policies (demo 10 s, scenarios
 * 15 s): a loaded CI machine answers slowly, and a hung cloud still fails the call.
 */
export const CLOUD_CALL_TIMEOUT_MS = 15_000;

/**
 * A failed cloud call: a refused answer (HTTP status and Seam error type; code 'state'), or no
 * answer at all (status 0; type and code 'timeout', or type 'network' with code 'io').
 */
export class CloudCallError extends KeyrigError {
  constructor(
    readonly route: string,
    readonly status: number,
    readonly type: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(status !== 0 ? 'state' : type === 'timeout' ? 'timeout' : 'io', `${route}: HTTP ${status} ${type}: ${message}`, options);
  }
}

/** Seam-style admin calls with the workspace API key. */
export class CloudAdmin {
  readonly #apiKey: string;

  constructor(
    readonly url: string,
    apiKey: string,
  ) {
    this.#apiKey = apiKey;
  }

  /** One API call; throws CloudCallError on a non-2xx answer, a timeout or a network failure. */
  async call<T = Record<string, unknown>>(route: string, body: unknown = {}): Promise<T> {
    let res: Response;
    let text: string;
    try {
      res = await fetch(`${this.url}${route}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.#apiKey}` },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(CLOUD_CALL_TIMEOUT_MS),
      });
      text = await res.text();
    } catch (err) {
      const timedOut = (err as Error).name === 'TimeoutError';
      throw new CloudCallError(route, 0, timedOut ? 'timeout' : 'network', timedOut ? `no answer within ${CLOUD_CALL_TIMEOUT_MS} ms` : (err as Error).message, { cause: err });
    }
    const json = (text ? JSON.parse(text) : {}) as T & { error?: { type: string; message: string } };
    if (!res.ok) throw new CloudCallError(route, res.status, json.error?.type ?? 'unknown', json.error?.message ?? text);
    return json;
  }

  async entrances(): Promise<CloudEntrance[]> {
    return (await this.call<{ acs_entrances: CloudEntrance[] }>('/acs/entrances/list')).acs_entrances;
  }

  /** Creates a user identity; returns its id. */
  async createGuest(fullName: string, email: string): Promise<string> {
    const r = await this.call<{ user_identity: { user_identity_id: string } }>('/user_identities/create', { full_name: fullName, email_address: email });
    return r.user_identity.user_identity_id;
  }

  /** A stay: mobile-key access to the entrances from `startsAt` to `endsAt`; returns the grant id. */
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

  async events(filter: { event_types?: string[]; user_identity_id?: string; acs_entrance_id?: string } = {}): Promise<CloudEvent[]> {
    return (await this.call<{ events: CloudEvent[] }>('/events/list', filter)).events;
  }
}
