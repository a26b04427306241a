/**
 * The client core facing a broken or hostile cloud (or anyone rewriting plain-http responses):
 * responses of the right status but the wrong shape. KeyHolderApi parses every response with its
 * route's schema (@keyrig/api, zod/mini: small enough for the browser bundle), so `{"client_session": null}` is a
 * typed CloudError (`invalid_response`) naming the route and the field, never a TypeError
 * ("Cannot read properties of null") the CLI and the web app cannot explain. Forged or foreign
 * credential documents in a well-shaped bundle are dropped by the wallet (signature and
 * endpoint-key checks, wallet.ts).
 */
import { describe, expect, it } from 'vitest';
import { exportPublicKeyRaw, generateSigningKeyPair, KeyrigError, publicKeyRawToJwk } from '@keyrig/protocol';
import { KeyHolder } from '../../src/core/KeyHolder.js';
import { KeyHolderApi } from '../../src/core/cloud/KeyHolderApi.js';
import { CloudError } from '../../src/core/errors.js';
import { MemoryKeyStore } from '../../src/core/keyStore.js';

const URL = `http://127.0.0.1:1/ik/${'A'.repeat(43)}`;
const OPEN = '/instant_keys/open';
const REGISTER = '/phone/endpoints/register';
const LOAD = '/phone/credentials/load';
const UPLOAD = '/phone/audit/upload';

function cloud(answers: Record<string, unknown>, status = 200): typeof fetch {
  return (async (url: string | URL | Request) => {
    const route = Object.keys(answers).find((r) => String(url).endsWith(r));
    const body = route ? answers[route] : { ok: true };
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
}

// Complete answers, as the cloud gives them (its schemas in @keyrig/api require every field).
const clientSession = {
  token: 'seam_cst1_x', client_session_id: 'cs-1', user_identity_id: 'u-1', expires_at: '2026-12-01T00:00:00.000Z',
  workspace_id: 'w-1', created_at: '2026-11-25T00:00:00.000Z', user_identifier_key: null, device_count: 0,
  connected_account_ids: [], connect_webview_ids: [], user_identity_ids: ['u-1'], keyrig_metadata: { revoked: false },
};
const preview = {
  instant_key_id: 'ik-1',
  customization: null,
  key_status: 'ready',
  use_count: 0,
  max_use_count: 2,
  expires_at: '2026-12-01T00:00:00.000Z',
  access: [
    { name: 'Room 101', acs_entrance_id: 'e-1', type: 'door', hours: 'always', floors: null, available: true, starts_at: '2026-11-25T00:00:00.000Z', ends_at: null },
    { name: 'Lift', acs_entrance_id: 'e-2', type: 'elevator', hours: 'always', floors: [1, 2], available: true, starts_at: '2026-11-25T00:00:00.000Z', ends_at: '2026-12-01T00:00:00.000Z' },
  ],
  ok: true,
};
const open = { client_session: clientSession, instant_key_preview: preview, ok: true };
const endpoint = {
  endpoint: {
    endpoint_id: 'ep-1', instant_key_id: 'ik-1', user_identity_id: 'u-1', public_key: 'x', is_removed: false,
    public_key_thumbprint: 'ab', user_agent: null, created_at: '2026-11-25T00:00:00.000Z', last_loaded_at: null,
  },
  ok: true,
};

async function bundle(): Promise<Record<string, unknown>> {
  const provider = await generateSigningKeyPair(false);
  return {
    endpoint_id: 'ep-1',
    user_identity_id: 'u-1',
    issued_at: '2026-11-26T10:00:00.000Z',
    credentials: [],
    blocklist: { version: 3, revoked_credential_ids: [], signed: 'AAAA' },
    time_sync: { time: '2026-11-26T10:00:00.000Z', signed: 'AAAA' },
    provider_keys: [{ kid: 'prov-1', alg: 'ES256', public_jwk: publicKeyRawToJwk(await exportPublicKeyRaw(provider.publicKey)), status: 'active', created_at: '2026-11-25T00:00:00.000Z' }],
  };
}

async function failure(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => undefined,
    (e: unknown) => e,
  );
}

/** The error is a typed CloudError (invalid_response) whose message names the route and the field. */
function expectInvalid(err: unknown, route: string, field: string): void {
  expect(err, `${route} ${field}`).toBeInstanceOf(CloudError);
  expect(err).toBeInstanceOf(KeyrigError);
  expect((err as CloudError).type).toBe('invalid_response');
  expect((err as Error).message).toContain(route);
  expect((err as Error).message).toContain(field);
}

describe('client core against malformed cloud responses', () => {
  it('a 200 with the wrong shape is a typed error (KeyrigError), never a TypeError', async () => {
    const shapes = [
      { '/instant_keys/open': { client_session: null } },
      { '/instant_keys/open': { ok: true } },
      { '/instant_keys/open': { client_session: { token: 't', client_session_id: 'c', user_identity_id: 'u', expires_at: 'x' }, instant_key_preview: null } },
    ];
    for (const answers of shapes) {
      const err = await failure(KeyHolder.open({ instantKeyUrl: URL, keyStore: new MemoryKeyStore(), fetch: cloud(answers) }));
      expect(err).toBeInstanceOf(KeyrigError);
    }
  });

  it('/instant_keys/open: each wrong field is a CloudError naming it', async () => {
    const cases: [unknown, string][] = [
      [null, 'the body'],
      [[], 'the body'],
      [{ ...open, client_session: null }, 'client_session'],
      [{ ...open, client_session: { ...clientSession, token: 42 } }, 'client_session.token'],
      [{ ...open, client_session: { ...clientSession, expires_at: 'soon' } }, 'client_session.expires_at'],
      [{ ...open, instant_key_preview: null }, 'instant_key_preview'],
      [{ ...open, instant_key_preview: { ...preview, instant_key_id: undefined } }, 'instant_key_preview.instant_key_id'],
      [{ ...open, instant_key_preview: { ...preview, access: {} } }, 'instant_key_preview.access'],
      [{ ...open, instant_key_preview: { ...preview, access: [{ ...preview.access[0], floors: ['1'] }] } }, 'instant_key_preview.access[0].floors[0]'],
      [{ ...open, instant_key_preview: { ...preview, access: [preview.access[0], null] } }, 'instant_key_preview.access[1]'],
    ];
    for (const [answer, field] of cases) {
      const err = await failure(KeyHolder.open({ instantKeyUrl: URL, keyStore: new MemoryKeyStore(), fetch: cloud({ [OPEN]: answer }) }));
      expectInvalid(err, OPEN, field);
    }
  });

  it('/phone/endpoints/register: a wrong endpoint is a CloudError naming the field', async () => {
    for (const [answer, field] of [
      [{ ok: true }, 'endpoint'],
      [{ endpoint: { ...endpoint.endpoint, endpoint_id: null } }, 'endpoint.endpoint_id'],
    ] as const) {
      const err = await failure(KeyHolder.open({ instantKeyUrl: URL, keyStore: new MemoryKeyStore(), fetch: cloud({ [OPEN]: open, [REGISTER]: answer }) }));
      expectInvalid(err, REGISTER, field);
    }
  });

  it('/phone/credentials/load: a wrong bundle is a CloudError naming the field; a good one loads', async () => {
    const good = await bundle();
    const keys = good.provider_keys as { public_jwk: JsonWebKey }[];
    const cases: [unknown, string][] = [
      [{ credential_bundle: null }, 'credential_bundle'],
      [{ credential_bundle: { ...good, provider_keys: {} } }, 'credential_bundle.provider_keys'],
      [{ credential_bundle: { ...good, provider_keys: [{ ...keys[0], public_jwk: { kty: 'EC' } }] } }, 'credential_bundle.provider_keys[0].public_jwk.x'],
      [{ credential_bundle: { ...good, provider_keys: [{ ...keys[0], public_jwk: { ...keys[0]!.public_jwk, y: 'A' } }] } }, 'credential_bundle.provider_keys[0].public_jwk.y'],
      [{ credential_bundle: { ...good, credentials: null } }, 'credential_bundle.credentials'],
      [{ credential_bundle: { ...good, credentials: [{ credential_id: 'c' }] } }, 'credential_bundle.credentials[0].access_grant_id'],
      [{ credential_bundle: { ...good, blocklist: { version: '3', revoked_credential_ids: [], signed: 'AAAA' } } }, 'credential_bundle.blocklist.version'],
      [{ credential_bundle: { ...good, blocklist: { version: 3, revoked_credential_ids: [], signed: 'not base64!' } } }, 'credential_bundle.blocklist.signed'],
      [{ credential_bundle: { ...good, time_sync: undefined } }, 'credential_bundle.time_sync'],
      [{ credential_bundle: { ...good, issued_at: 7 } }, 'credential_bundle.issued_at'],
      // Well-typed but not a point on P-256: the wallet's import fails, still a CloudError for this route.
      [{ credential_bundle: { ...good, provider_keys: [{ ...keys[0], public_jwk: { kty: 'EC', crv: 'P-256', x: 'A'.repeat(43), y: 'A'.repeat(43) } }] } }, 'P-256'],
    ];
    for (const [answer, field] of cases) {
      const holder = await KeyHolder.open({ instantKeyUrl: URL, keyStore: new MemoryKeyStore(), fetch: cloud({ [OPEN]: open, [REGISTER]: endpoint, [LOAD]: answer }) });
      expectInvalid(await failure(holder.loadCredentials()), LOAD, field);
    }
    const holder = await KeyHolder.open({ instantKeyUrl: URL, keyStore: new MemoryKeyStore(), fetch: cloud({ [OPEN]: open, [REGISTER]: endpoint, [LOAD]: { credential_bundle: good, ok: true } }) });
    const { wallet } = await holder.loadCredentials();
    expect(wallet.blocklistVersion).toBe(3);
    expect(wallet.providerKeys.size).toBe(1);
    expect(holder.preview.access).toHaveLength(2);
  });

  it('/phone/audit/upload: a wrong answer is a CloudError naming the field', async () => {
    const api = new KeyHolderApi({ apiBaseUrl: 'http://127.0.0.1:1', fetch: cloud({ [UPLOAD]: { audit_upload: { received: 1, recorded: null } } }) });
    api.useClientSessionToken('t');
    expectInvalid(await failure(api.uploadAudit([{ lock_id: 'l', record: 'AAAA' }])), UPLOAD, 'audit_upload.recorded');
  });

  it('an error status with a body of any shape is a CloudError with the status, never a TypeError', async () => {
    for (const body of ['null', '7', '"text"', { error: null }, { error: 'x' }, { error: { type: 5, message: {} } }]) {
      const err = await failure(KeyHolder.open({ instantKeyUrl: URL, keyStore: new MemoryKeyStore(), fetch: cloud({ [OPEN]: body }, 502) }));
      expect(err).toBeInstanceOf(CloudError);
      expect((err as CloudError).status).toBe(502);
      expect((err as CloudError).type).toBe('http_error');
      expect((err as Error).message).toContain(OPEN);
    }
  });
});
