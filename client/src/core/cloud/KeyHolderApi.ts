/**
 * HTTP calls of a key holder to the access cloud (Seam-style: `POST /<route>` with JSON, bearer
 * client-session token, errors as `{ error: { type, message } }`). Uses the global `fetch`, so it
 * runs in Node and in browsers. Secrets (the instant key URL, the token) never reach the logger.
 * Every response is checked before use: a 200 of the wrong shape is a CloudError, not a TypeError.
 */
import { CloudError, ClientInputError } from '../errors.js';
import { silentLogger, type Logger } from '../logger.js';
import type {
  AuditUploadJson,
  ClientSessionJson,
  CredentialBundleJson,
  EndpointJson,
  InstantKeyPreviewJson,
} from './keyHolderTypes.js';

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
    const r = await this.#post('/instant_keys/open', { instant_key_url: instantKeyUrl }, readOpen, false);
    this.#token = r.client_session.token;
    return { clientSession: r.client_session, preview: r.instant_key_preview };
  }

  /** Uses a client session token obtained earlier. */
  useClientSessionToken(token: string): void {
    this.#token = token;
  }

  /** Registers the endpoint public key (65-byte point, base64url); the same key again is free. */
  async registerEndpoint(publicKey: string, userAgent: string): Promise<EndpointJson> {
    return this.#post('/phone/endpoints/register', { public_key: publicKey, user_agent: userAgent }, readEndpoint);
  }

  async loadCredentials(endpointId: string): Promise<CredentialBundleJson> {
    return this.#post('/phone/credentials/load', { endpoint_id: endpointId }, readCredentialBundle);
  }

  /** Uploads audit records (base64url, PROTOCOL.md §10) fetched from locks. */
  async uploadAudit(records: readonly { lock_id: string; record: string }[]): Promise<AuditUploadJson> {
    return this.#post('/phone/audit/upload', { records }, readAuditUpload);
  }

  /** POSTs `body` to `route`; `read` checks the answer's shape and returns what the caller uses. */
  async #post<T>(route: string, body: unknown, read: (s: ResponseShape, json: unknown) => T, authenticated = true): Promise<T> {
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
    return read(new ResponseShape(route, res.status), json);
  }
}

/**
 * Reads a response body field by field: a field of the wrong type is a CloudError
 * (`invalid_response`) naming the route and the field. Hand-written on purpose: the core runs in
 * the browser bundle and takes no schema library. Only the field's type is quoted, never its
 * value (a response may carry secrets).
 */
class ResponseShape {
  constructor(
    readonly route: string,
    readonly status: number,
  ) {}

  fail(path: string, expected: string, got: unknown): never {
    throw new CloudError(this.status, 'invalid_response', `${this.route}: invalid response: ${path} is not ${expected} (got ${typeName(got)})`);
  }

  object(v: unknown, path: string): Record<string, unknown> {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(path, 'an object', v);
    return v as Record<string, unknown>;
  }

  string(v: unknown, path: string): string {
    if (typeof v !== 'string') this.fail(path, 'a string', v);
    return v;
  }

  /** An ISO date-time the client computes with (Date.parse). */
  date(v: unknown, path: string): string {
    if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) this.fail(path, 'a date-time string', v);
    return v;
  }

  /** Bytes the client decodes (fromBase64Url): only base64url characters, a possible length. */
  base64url(v: unknown, path: string): string {
    if (typeof v !== 'string' || !/^[A-Za-z0-9_-]*$/.test(v) || v.length % 4 === 1) this.fail(path, 'a base64url string', v);
    return v;
  }

  number(v: unknown, path: string): number {
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(path, 'a number', v);
    return v;
  }

  boolean(v: unknown, path: string): boolean {
    if (typeof v !== 'boolean') this.fail(path, 'a boolean', v);
    return v;
  }

  array<T>(v: unknown, path: string, item: (x: unknown, path: string) => T): T[] {
    if (!Array.isArray(v)) this.fail(path, 'an array', v);
    return v.map((x, i) => item(x, `${path}[${i}]`));
  }

  optional<T>(v: unknown, path: string, read: (x: unknown, path: string) => T): T | undefined {
    return v === undefined ? undefined : read(v, path);
  }
}

/** `v[key]` when `v` is an object, else undefined. */
function fieldOf(v: unknown, key: string): unknown {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined;
}

function stringOrUndefined(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}

/** `{ client_session, instant_key_preview }` of /instant_keys/open. */
function readOpen(s: ResponseShape, body: unknown): { client_session: ClientSessionJson; instant_key_preview: InstantKeyPreviewJson } {
  const b = s.object(body, 'the body');
  const cs = s.object(b.client_session, 'client_session');
  s.string(cs.client_session_id, 'client_session.client_session_id');
  s.string(cs.token, 'client_session.token');
  s.string(cs.user_identity_id, 'client_session.user_identity_id');
  s.date(cs.expires_at, 'client_session.expires_at');
  const p = s.object(b.instant_key_preview, 'instant_key_preview');
  s.string(p.instant_key_id, 'instant_key_preview.instant_key_id');
  s.string(p.key_status, 'instant_key_preview.key_status');
  s.number(p.use_count, 'instant_key_preview.use_count');
  s.number(p.max_use_count, 'instant_key_preview.max_use_count');
  s.date(p.expires_at, 'instant_key_preview.expires_at');
  s.array(p.access, 'instant_key_preview.access', (x, at) => {
    const a = s.object(x, at);
    s.string(a.name, `${at}.name`);
    s.string(a.acs_entrance_id, `${at}.acs_entrance_id`);
    s.string(a.type, `${at}.type`);
    s.optional(a.hours, `${at}.hours`, (v, f) => s.string(v, f));
    if (a.floors !== null) s.optional(a.floors, `${at}.floors`, (v, f) => s.array(v, f, (n, g) => s.number(n, g)));
    s.boolean(a.available, `${at}.available`);
    s.date(a.starts_at, `${at}.starts_at`);
    if (a.ends_at !== null) s.date(a.ends_at, `${at}.ends_at`);
  });
  return b as { client_session: ClientSessionJson; instant_key_preview: InstantKeyPreviewJson };
}

/** `{ endpoint }` of /phone/endpoints/register. */
function readEndpoint(s: ResponseShape, body: unknown): EndpointJson {
  const e = s.object(s.object(body, 'the body').endpoint, 'endpoint');
  s.string(e.endpoint_id, 'endpoint.endpoint_id');
  s.string(e.instant_key_id, 'endpoint.instant_key_id');
  s.string(e.user_identity_id, 'endpoint.user_identity_id');
  return e as unknown as EndpointJson;
}

/** `{ credential_bundle }` of /phone/credentials/load: every field the wallet reads. */
function readCredentialBundle(s: ResponseShape, body: unknown): CredentialBundleJson {
  const at = 'credential_bundle';
  const b = s.object(s.object(body, 'the body').credential_bundle, at);
  s.string(b.endpoint_id, `${at}.endpoint_id`);
  s.string(b.user_identity_id, `${at}.user_identity_id`);
  s.date(b.issued_at, `${at}.issued_at`);
  s.array(b.credentials, `${at}.credentials`, (x, p) => {
    const c = s.object(x, p);
    for (const f of ['credential_id', 'access_grant_id', 'acs_entrance_id', 'entrance_name', 'entrance_type', 'starts_at', 'ends_at', 'issued_at'] as const) {
      s.string(c[f], `${p}.${f}`);
    }
    s.array(c.lock_ids, `${p}.lock_ids`, (v, f) => s.string(v, f));
    s.array(c.floors, `${p}.floors`, (v, f) => s.number(v, f));
    s.optional(c.hours_description, `${p}.hours_description`, (v, f) => s.string(v, f));
    s.optional(c.time_zone, `${p}.time_zone`, (v, f) => s.string(v, f));
    s.base64url(c.document, `${p}.document`);
  });
  const bl = s.object(b.blocklist, `${at}.blocklist`);
  s.number(bl.version, `${at}.blocklist.version`);
  s.array(bl.revoked_credential_ids, `${at}.blocklist.revoked_credential_ids`, (v, f) => s.string(v, f));
  s.base64url(bl.signed, `${at}.blocklist.signed`);
  const ts = s.object(b.time_sync, `${at}.time_sync`);
  s.string(ts.time, `${at}.time_sync.time`);
  s.base64url(ts.signed, `${at}.time_sync.signed`);
  s.array(b.provider_keys, `${at}.provider_keys`, (x, p) => {
    const k = s.object(x, p);
    s.string(k.kid, `${p}.kid`);
    if (k.alg !== 'ES256') s.fail(`${p}.alg`, '"ES256"', k.alg);
    const jwk = s.object(k.public_jwk, `${p}.public_jwk`);
    for (const c of ['x', 'y'] as const) {
      if (s.base64url(jwk[c], `${p}.public_jwk.${c}`).length !== 43) s.fail(`${p}.public_jwk.${c}`, 'a P-256 coordinate (32 bytes)', jwk[c]);
    }
    s.string(k.status, `${p}.status`);
  });
  return b as unknown as CredentialBundleJson;
}

/** `{ audit_upload }` of /phone/audit/upload. */
function readAuditUpload(s: ResponseShape, body: unknown): AuditUploadJson {
  const a = s.object(s.object(body, 'the body').audit_upload, 'audit_upload');
  s.number(a.received, 'audit_upload.received');
  s.number(a.recorded, 'audit_upload.recorded');
  return a as unknown as AuditUploadJson;
}
