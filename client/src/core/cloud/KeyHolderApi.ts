/**
 * HTTP calls of a key holder to the access cloud (Seam-style: `POST /<route>` with JSON, bearer
 * client-session token, errors as `{ error: { type, message } }`). Uses the global `fetch`, so it
 * runs in Node and in browsers. Secrets (the instant key URL, the token) never reach the logger.
 * Every response is parsed with its route's schema from @keyrig/api (the cloud answers with the
 * same schemas) before use: a 200 of the wrong shape is a CloudError (`invalid_response`) naming
 * the route and the field, not a TypeError. The schemas are zod/mini, small enough for the web app.
 */
import { CloudError, ClientInputError } from '../errors.js';
import { silentLogger, type Logger } from '../logger.js';
import {
  auditUploadResponse,
  credentialsLoadResponse,
  keyPageGetResponse,
  type KeyPageJson,
  describeIssues,
  endpointsRegisterResponse,
  instantKeysOpenResponse,
  type AuditUploadJson,
  type ClientSessionJson,
  type CredentialBundleJson,
  type EndpointJson,
  type InstantKeyPreviewJson,
} from '@keyrig/api';

/** A response schema as the client uses it (zod/mini schemas have safeParse). */
interface ResponseSchema<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

/** The path segment before an instant key's secret (docs/CLOUD.md). */
export const INSTANT_KEY_PATH = '/ik/';

/** An instant key URL taken apart: the cloud's API base and a loggable form. */
export interface ParsedInstantKeyUrl {
  readonly url: string;
  /** Where the API routes live: everything before `/ik/`. */
  readonly apiBaseUrl: string;
  /** The URL with its secret replaced, safe for logs and output. */
  readonly redacted: string;
}

/** Parses an instant key URL; throws ClientInputError saying what is wrong. */
export function parseInstantKeyUrl(input: string): ParsedInstantKeyUrl {
  let u: URL;
  try {
    u = new URL(input.trim());
  } catch {
    throw new ClientInputError('not an instant key URL: expected something like http://host:port/ik/<secret>');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new ClientInputError(`an instant key URL is http(s), got ${u.protocol}`);
  }
  const i = u.pathname.lastIndexOf(INSTANT_KEY_PATH);
  const secret = i >= 0 ? u.pathname.slice(i + INSTANT_KEY_PATH.length) : '';
  if (i < 0 || !/^[A-Za-z0-9_-]{16,}$/.test(secret)) {
    throw new ClientInputError(`not an instant key URL: the path must end in ${INSTANT_KEY_PATH}<secret>`);
  }
  const base = `${u.origin}${u.pathname.slice(0, i)}`;
  return { url: u.href, apiBaseUrl: base, redacted: `${base}${INSTANT_KEY_PATH}…` };
}

/** Where the cloud is and how long to wait for it. */
export interface KeyHolderApiOptions {
  readonly apiBaseUrl: string;
  readonly logger?: Logger;
  /** Per-request deadline (default 10 s). */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

/** The key-holder routes over fetch; holds the client session token once opened. */
export class KeyHolderApi {
  readonly #base: string;
  readonly #logger: Logger;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;
  #token: string | undefined;

  constructor(options: KeyHolderApiOptions) {
    this.#base = options.apiBaseUrl.replace(/\/+$/, '');
    this.#logger = (options.logger ?? silentLogger).child({ component: 'cloud-client' });
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  get apiBaseUrl(): string {
    return this.#base;
  }

  /** Exchanges the instant key URL for a client session (the URL itself is the credential). */
  async openInstantKey(instantKeyUrl: string): Promise<{ clientSession: ClientSessionJson; preview: InstantKeyPreviewJson }> {
    const r = await this.#post('/instant_keys/open', { instant_key_url: instantKeyUrl }, instantKeysOpenResponse, false);
    this.#token = r.client_session.token;
    return { clientSession: r.client_session, preview: r.instant_key_preview };
  }

  /** Uses a client session token obtained earlier. */
  useClientSessionToken(token: string): void {
    this.#token = token;
  }

  /** Registers the endpoint public key (65-byte point, base64url); the same key again is free. */
  async registerEndpoint(publicKey: string, userAgent: string): Promise<EndpointJson> {
    return (await this.#post('/phone/endpoints/register', { public_key: publicKey, user_agent: userAgent }, endpointsRegisterResponse)).endpoint;
  }

  async loadCredentials(endpointId: string): Promise<CredentialBundleJson> {
    return (await this.#post('/phone/credentials/load', { endpoint_id: endpointId }, credentialsLoadResponse)).credential_bundle;
  }

  /** The hotel, the guest and the page's colours for this key (POST /phone/key_page/get). */
  async loadKeyPage(): Promise<KeyPageJson> {
    return (await this.#post('/phone/key_page/get', {}, keyPageGetResponse)).key_page;
  }

  /** Uploads audit records (base64url, PROTOCOL.md §10) fetched from locks. */
  async uploadAudit(records: readonly { lock_id: string; record: string }[]): Promise<AuditUploadJson> {
    return (await this.#post('/phone/audit/upload', { records }, auditUploadResponse)).audit_upload;
  }

  /** POSTs `body` to `route` and parses the answer with the route's response schema. */
  async #post<T>(route: string, body: unknown, schema: ResponseSchema<T>, authenticated = true): Promise<T> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (authenticated) {
      if (this.#token === undefined) throw new CloudError(401, 'unauthorized', `${route}: open the instant key first`);
      headers.authorization = `Bearer ${this.#token}`;
    }
    this.#logger.debug({ route }, 'request');
    let res: Response;
    try {
      res = await this.#fetch(`${this.#base}${route}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (cause) {
      const what = cause instanceof Error && cause.name === 'TimeoutError' ? `timed out after ${this.#timeoutMs} ms` : String((cause as Error)?.message ?? cause);
      throw new CloudError(0, 'unreachable', `cloud ${this.#base} unreachable (${route}): ${what}`, { cause });
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text === '' ? {} : JSON.parse(text);
    } catch {
      throw new CloudError(res.status, 'invalid_response', `${route}: the cloud answered HTTP ${res.status} with non-JSON`);
    }
    const requestId = res.headers.get('seam-request-id') ?? undefined;
    if (!res.ok) {
      // Seam's error shape, read defensively: a proxy's or a broken cloud's body may be anything.
      const err = fieldOf(json, 'error');
      const type = stringOrUndefined(fieldOf(err, 'type')) ?? 'http_error';
      const message = stringOrUndefined(fieldOf(err, 'message')) ?? `HTTP ${res.status}`;
      this.#logger.debug({ route, status: res.status, type, requestId }, 'request failed');
      throw new CloudError(res.status, type, `${route}: ${message}`);
    }
    this.#logger.debug({ route, status: res.status, requestId }, 'response');
    const parsed = schema.safeParse(json);
    // zod's messages name the expected and received types, never a value (a response may carry secrets).
    if (!parsed.success) throw new CloudError(res.status, 'invalid_response', `${route}: invalid response: ${describeIssues(parsed.error.issues)}`);
    return parsed.data;
  }
}

/** `v[key]` when `v` is an object, else undefined. */
function fieldOf(v: unknown, key: string): unknown {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined;
}

function stringOrUndefined(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
