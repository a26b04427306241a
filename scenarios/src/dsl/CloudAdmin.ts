/**
 * The property manager's calls to the access cloud, as scenarios make them: Seam-style
 * `POST /<route>` with the workspace API key (docs/CLOUD.md). The key is never logged.
 */
import { KeyrigError } from '@keyrig/protocol';

export interface CloudEntrance {
  readonly acs_entrance_id: string;
  readonly display_name: string;
  readonly keyrig_metadata: { readonly entrance_key: string; readonly type: string; readonly lock_ids: readonly string[]; readonly floors: readonly number[] | null };
}

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

/** A refused cloud call: HTTP status and Seam error type. */
export class CloudCallError extends KeyrigError {
  constructor(
    readonly route: string,
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super('state', `${route}: HTTP ${status} ${type}: ${message}`);
  }
}

export class CloudAdmin {
  readonly #apiKey: string;

  constructor(
    readonly url: string,
    apiKey: string,
  ) {
    this.#apiKey = apiKey;
  }

  /** One API call; throws CloudCallError on a non-2xx answer. */
  async call<T = Record<string, unknown>>(route: string, body: unknown = {}): Promise<T> {
    const res = await fetch(`${this.url}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.#apiKey}` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    const json = (text ? JSON.parse(text) : {}) as T & { error?: { type: string; message: string } };
    if (!res.ok) throw new CloudCallError(route, res.status, json.error?.type ?? 'unknown', json.error?.message ?? text);
    return json;
  }

  async entrances(): Promise<CloudEntrance[]> {
    return (await this.call<{ acs_entrances: CloudEntrance[] }>('/acs/entrances/list')).acs_entrances;
  }

  async events(filter: { event_types?: string[]; user_identity_id?: string; acs_entrance_id?: string } = {}): Promise<CloudEvent[]> {
    return (await this.call<{ events: CloudEvent[] }>('/events/list', filter)).events;
  }
}
