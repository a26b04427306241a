/**
 * The access cloud's inputs under fuzz: real HTTP to a real cloud (fastify + SQLite) with hostile
 * JSON bodies and query strings on every route (API, key-holder and control routes), every
 * method, every kind of caller. Field names come from the routes' own vocabulary and values mix
 * the ids of real resources with junk, so requests get past "unknown field" into the handlers.
 * Expected: a 2xx, or a 4xx with Seam's error shape and a message — never a 5xx, a hang, a
 * non-JSON answer, or a changed Object.prototype (the cloud runs in this process).
 */
import fc from 'fast-check';
import { CommandOp, encodeAuditRecord, toBase64Url } from '@keyrig/protocol';
import { apiRoutes, controlRoutes, keyHolderRoutes } from '../cloud/routes/index.js';
import { guestWithKey, holderLoads, newDeviceKey, startTestCloud, type TestCloud } from './testCloud.js';

/** The numbers of a cloud fuzz run and its findings. */
export interface CloudFuzzStats {
  requests: number;
  byStatus: Record<string, number>;
  failures: string[];
  wallMs: number;
}

/** Control routes that would only stop the fuzz from reaching anything (a simulated outage). */
const SKIP = new Set(['/_keyrig/outage/start']);
const ROUTES = [...apiRoutes, ...keyHolderRoutes, ...controlRoutes].filter((r) => !SKIP.has(r.path));
const PATHS = ROUTES.map((r) => r.path);
/** Each route's own field names (its zod object's keys), so bodies reach its handler. */
const ROUTE_FIELDS = new Map(ROUTES.map((r) => [r.path, Object.keys((r.input as { shape?: object }).shape ?? {})]));
const ROUTE_AUTH = new Map(ROUTES.map((r) => [r.path, r.auth === 'public' ? 'none' : r.auth.includes('api_key') ? 'api' : 'session'] as const));

const FIELDS = [
  'user_identity_id', 'user_identity_key', 'email_address', 'phone_number', 'full_name', 'acs_entrance_ids', 'acs_entrance_id',
  'acs_system_id', 'access_grant_id', 'access_grant_key', 'access_method_id', 'acs_credential_id', 'instant_key_id',
  'instant_key_url', 'client_session_id', 'event_id', 'event_type', 'event_types', 'webhook_id', 'url', 'device_id',
  'endpoint_id', 'public_key', 'public_jwk', 'user_agent', 'records', 'lock_id', 'record', 'starts_at', 'ends_at',
  'requested_access_methods', 'mode', 'instant_key_max_use_count', 'max_use_count', 'customization', 'primary_color',
  'logo_url', 'customization_profile_id', 'expires_at', 'floors', 'name', 'since', 'between', 'limit', 'page_cursor',
  'unstable_offset', 'search', 'ms', 'time', 'message', 'type', 'owner_user_identity_id', 'user_identity',
  '__proto__', 'constructor', 'prototype', '_strict', 'toString', 'hasOwnProperty',
];

/** The fuzzed cloud and the real ids requests aim at (reused across chunks of a long run). */
export interface CloudFuzzWorld {
  readonly t: TestCloud;
  readonly token: string;
  readonly ids: string[];
}

/** A cloud with a guest, a key, a registered phone and a webhook: real ids to aim at. */
export async function cloudFuzzWorld(): Promise<CloudFuzzWorld> {
  const t = await startTestCloud({ controlRoutes: true });
  const g = await guestWithKey(t, ['room-101', 'elevator']);
  const device = await newDeviceKey();
  const h = await holderLoads(t, g.instantKey.instant_key_url, device);
  const hook = await t.call('/webhooks/create', { url: 'http://127.0.0.1:9/hook' });
  const lockIds = ((await t.call('/acs/entrances/list')).body.acs_entrances as { keyrig_metadata: { lock_ids: string[] } }[]).flatMap((e) => e.keyrig_metadata.lock_ids);
  const ids = [
    g.userIdentity.user_identity_id, g.grant.access_grant_id, g.instantKey.instant_key_id, g.instantKey.instant_key_url,
    ...g.entranceIds, ...lockIds.slice(0, 3), h.register?.body.endpoint.endpoint_id, hook.body.webhook?.webhook_id, device.publicKey,
  ].filter((x): x is string => typeof x === 'string');
  return { t, token: h.token!, ids };
}

/** Well-formed encodings with hostile contents: audit records (§10) with extreme fields, keys, JWKs. */
function structuredArb(ids: string[]): fc.Arbitrary<unknown> {
  const u32 = fc.oneof(fc.constantFrom(0, 1, 0xffffffff), fc.nat());
  const time = fc.oneof(fc.constantFrom(0, 1, 8.64e15, 8.64e15 + 1, 2 ** 53 - 1), fc.nat());
  const record = fc
    .record({ sequence: u32, time, credentialId: fc.uuid(), op: fc.constantFrom(...Object.values(CommandOp)), resultCode: fc.integer({ min: 0, max: 255 }), floors: fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 5 }) })
    .map((r) => toBase64Url(encodeAuditRecord(r)));
  const b64 = fc.uint8Array({ maxLength: 100 }).map(toBase64Url);
  return fc.oneof(
    record,
    fc.array(fc.record({ lock_id: fc.constantFrom(...ids), record }), { minLength: 1, maxLength: 5 }),
    b64,
    fc.uint8Array({ minLength: 65, maxLength: 65 }).map((b) => toBase64Url(Uint8Array.of(4, ...b.subarray(1)))),
    fc.record({ kty: fc.constantFrom('EC', 'RSA', 'oct'), crv: fc.constantFrom('P-256', 'P-384', 'x'), x: b64, y: b64 }),
  );
}

function valueArb(ids: string[]): fc.Arbitrary<unknown> {
  const leaf = fc.oneof(
    { weight: 3, arbitrary: structuredArb(ids) },
    { weight: 4, arbitrary: fc.constantFrom(...ids) },
    { weight: 3, arbitrary: fc.string({ maxLength: 30 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', '0', '-1', 'true', 'null', '2026-06-01T12:00:00Z', '9999-12-31T23:59:59Z', '+275760-09-13T00:00:00Z', '1e309', 'NaN', 'mobile_key', 'seam_cst1_x', 'http://x/ik/abc', '../../etc/passwd', "'; DROP TABLE events; --") },
    { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 2 ** 31, 2 ** 53, Number.MAX_SAFE_INTEGER, 1e308)) },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.integer({ min: 1000, max: 20_000 }).map((n) => 'x'.repeat(n)) },
  );
  return fc.letrec<{ v: unknown }>((tie) => ({
    v: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(fc.constantFrom(...FIELDS), tie('v'), { maxKeys: 4 })),
  })).v;
}

interface FuzzRequest {
  path: string;
  method: string;
  auth: 'api' | 'session' | 'none' | 'junk';
  body: { kind: 'json'; value: unknown } | { kind: 'raw'; text: string; contentType: string } | { kind: 'none' };
  query: [string, string][];
}

function requestArb(ids: string[]): fc.Arbitrary<FuzzRequest> {
  const value = valueArb(ids);
  const queryKey = fc.oneof(fc.constantFrom(...FIELDS), fc.constantFrom(...FIELDS).map((f) => `${f}.${f}`), fc.constantFrom('__proto__.polluted', 'constructor.prototype.polluted', 'a..b', '.', 'x[]', 'customization.primary_color'), fc.string({ maxLength: 12 }));
  const queryValue = fc.oneof(fc.constantFrom(...ids), fc.string({ maxLength: 20 }), fc.constantFrom('', 'true', '-5', '%', '%ZZ', '2026-06-01T12:00:00Z'));
  const path = fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...PATHS) }, { weight: 1, arbitrary: fc.constantFrom('/', '/ik/', '/ik/x', '/ik/../phone/credentials/load', '/nope', '//workspaces/get') });
  return path.chain((p) => {
    const own = ROUTE_FIELDS.get(p) ?? [];
    const field = own.length > 0 ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...own) }, { weight: 1, arbitrary: fc.constantFrom(...FIELDS) }) : fc.constantFrom(...FIELDS);
    return fc.record({
      path: fc.constant(p),
      method: fc.constantFrom('GET', 'POST', 'POST', 'POST', 'PUT', 'PATCH', 'DELETE'),
      // Mostly the caller the route expects, so the input reaches validation and the handler.
      auth: fc.oneof({ weight: 4, arbitrary: fc.constant(ROUTE_AUTH.get(p) ?? 'api') }, { weight: 1, arbitrary: fc.constantFrom<FuzzRequest['auth']>('api', 'session', 'none', 'junk') }),
      body: fc.oneof(
        { weight: 6, arbitrary: fc.oneof({ weight: 4, arbitrary: fc.dictionary(field, value, { maxKeys: 6 }) }, { weight: 1, arbitrary: value }).map((v) => ({ kind: 'json' as const, value: v })) },
        {
          weight: 1,
          arbitrary: fc
            .record({ text: fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom('{', '{"a":', '[', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}', 'null', '1', '"s"', '\u0000')), contentType: fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', '') })
            .map((r) => ({ kind: 'raw' as const, ...r })),
        },
        { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
      ),
      query: fc.array(fc.tuple(fc.oneof(field, queryKey), queryValue), { maxLength: 4 }),
    });
  });
}

async function send(w: CloudFuzzWorld, r: FuzzRequest): Promise<{ status: number; text: string; contentType: string }> {
  const headers: Record<string, string> = {};
  if (r.auth === 'api') headers.authorization = `Bearer ${w.t.cloud.apiKey}`;
  if (r.auth === 'session') headers.authorization = `Bearer ${w.token}`;
  if (r.auth === 'junk') headers.authorization = 'Bearer seam_junk_"<>{}';
  let body: string | undefined;
  if (r.body.kind === 'json' && r.method !== 'GET') {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(r.body.value) ?? 'null';
  } else if (r.body.kind === 'raw' && r.method !== 'GET') {
    if (r.body.contentType) headers['content-type'] = r.body.contentType;
    body = r.body.text;
  }
  const qs = r.query.map(([k, v]) => `${encodeURIComponent(k)}=${v.startsWith('%') ? v : encodeURIComponent(v)}`).join('&');
  let res: Response;
  try {
    res = await fetch(`${w.t.cloud.url}${r.path}${qs ? `?${qs}` : ''}`, { method: r.method, headers, ...(body !== undefined ? { body } : {}), signal: AbortSignal.timeout(10_000) });
  } catch (e) {
    // A header value fetch refuses to send is the client's limit, not the cloud's.
    if (e instanceof TypeError && /header/i.test(e.message)) return { status: 0, text: '', contentType: '' };
    throw e;
  }
  return { status: res.status, text: await res.text(), contentType: res.headers.get('content-type') ?? '' };
}

/** Why a response is not acceptable, or undefined when it is. */
function problem(path: string, res: { status: number; text: string; contentType: string }): string | undefined {
  if (res.status === 0) return undefined;
  if (res.status >= 500) return `status ${res.status}`;
  // The guest's instant key page is HTML by design (docs/CLOUD.md, key-holder flow step 1).
  if (path.startsWith('/ik/') && res.contentType.includes('text/html')) return undefined;
  if (!res.contentType.includes('application/json') && res.status >= 400) return `error answered as ${res.contentType}`;
  if (res.status >= 400) {
    const body = JSON.parse(res.text) as { error?: { type?: unknown; message?: unknown } };
    if (typeof body.error?.type !== 'string' || typeof body.error.message !== 'string' || body.error.message.length === 0) return 'error without type and message';
  }
  return undefined;
}

/** Sends `requests` hostile requests (fast-check, seeded); findings are returned, not thrown. */
export async function runCloudFuzz(o: { requests: number; seed: number; world?: CloudFuzzWorld }): Promise<CloudFuzzStats & { world: CloudFuzzWorld }> {
  const world = o.world ?? (await cloudFuzzWorld());
  const stats: CloudFuzzStats = { requests: 0, byStatus: {}, failures: [], wallMs: 0 };
  const started = Date.now();
  const protoKeys = Object.getOwnPropertyNames(Object.prototype).join();
  try {
    await fc.assert(
      fc.asyncProperty(requestArb(world.ids), async (r) => {
        stats.requests++;
        const res = await send(world, r);
        stats.byStatus[res.status] = (stats.byStatus[res.status] ?? 0) + 1;
        const polluted = Object.getOwnPropertyNames(Object.prototype).join() !== protoKeys;
        const why = polluted ? 'Object.prototype was changed by the request' : problem(r.path, res);
        if (why) {
          if (stats.failures.length < 20) stats.failures.push(`${why}: ${r.method} ${r.path} q=${JSON.stringify(r.query)} body=${JSON.stringify(r.body).slice(0, 300)} -> ${res.text.slice(0, 200)}`);
          if (polluted) for (const k of Object.getOwnPropertyNames(Object.prototype)) if (!protoKeys.split(',').includes(k)) delete (Object.prototype as Record<string, unknown>)[k];
        }
        return why === undefined;
      }),
      { seed: o.seed, numRuns: o.requests, endOnFailure: true },
    );
  } catch (e) {
    stats.failures.push(`seed ${o.seed}: ${(e as Error).message.split('\n').slice(0, 4).join(' ')}`);
  }
  stats.wallMs = Date.now() - started;
  return { ...stats, world };
}
