/**
 * The cloud's OpenAPI 3.1 document (GET /openapi.json, generated from @keyrig/api) checked with
 * ajv: its structure against the parts of OpenAPI 3.1 keyrig writes, every schema in it compiles
 * as JSON Schema 2020-12, and the real responses of a running cloud (real HTTP, random port) to
 * every documented route validate against that route's documented 200 schema — undeclared fields
 * included. (The OAS 3.1 meta-schema is not shipped in node_modules, hence the structural schema.)
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { CommandOp, ResultCode } from '@keyrig/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guestWithKey, holderLoads, lockAuditSealer, newDeviceKey, startTestCloud, type TestCloud } from './testCloud.js';

const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

/** The OpenAPI 3.1 structure keyrig's document uses (OAS 3.1 §4.8): enough to catch a malformed document. */
const openApiStructure = {
  type: 'object',
  required: ['openapi', 'info', 'paths', 'components'],
  properties: {
    openapi: { type: 'string', pattern: '^3\\.1\\.\\d+$' },
    info: { type: 'object', required: ['title', 'version'], properties: { title: { type: 'string' }, version: { type: 'string' } } },
    servers: { type: 'array', items: { type: 'object', required: ['url'], properties: { url: { type: 'string', format: 'uri' } } } },
    tags: { type: 'array', items: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } },
    paths: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: '^/' },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: {
          post: {
            type: 'object',
            required: ['operationId', 'responses'],
            properties: {
              operationId: { type: 'string' },
              security: { type: 'array', items: { type: 'object', additionalProperties: { type: 'array' } } },
              requestBody: { type: 'object', required: ['content'], properties: { content: { $ref: '#/$defs/content' } } },
              responses: {
                type: 'object',
                minProperties: 1,
                propertyNames: { pattern: '^([1-5]\\d\\d|default)$' },
                additionalProperties: { type: 'object', required: ['description'], properties: { description: { type: 'string' }, content: { $ref: '#/$defs/content' } } },
              },
            },
          },
        },
      },
    },
    components: {
      type: 'object',
      properties: {
        schemas: { type: 'object', additionalProperties: { type: ['object', 'boolean'] } },
        securitySchemes: { type: 'object', additionalProperties: { type: 'object', required: ['type'], properties: { type: { enum: ['http', 'apiKey', 'oauth2', 'openIdConnect', 'mutualTLS'] } } } },
      },
    },
  },
  $defs: {
    content: { type: 'object', additionalProperties: { type: 'object', required: ['schema'], properties: { schema: { type: ['object', 'boolean'] } } } },
  },
};

function newAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  return ajv;
}

describe('the OpenAPI document', () => {
  let t: TestCloud;
  let doc: any;
  let ajv: Ajv2020;
  const validators = new Map<string, ValidateFunction>();
  /** Routes whose real response was validated. */
  const seen = new Set<string>();

  /** Calls a route over HTTP and validates its 200 body against the document. */
  async function call(path: string, body: unknown = {}, token?: string | null) {
    const res = await t.call(path, body, token);
    expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(200);
    const validate = validators.get(path);
    expect(validate, `${path} is documented`).toBeDefined();
    expect(validate!(res.body), `${path}: ${JSON.stringify(validate!.errors)}`).toBe(true);
    seen.add(path);
    return res.body;
  }

  beforeAll(async () => {
    t = await startTestCloud({ controlRoutes: true });
    const res = await fetch(`${t.cloud.url}/openapi.json`);
    expect(res.status).toBe(200);
    doc = await res.json();
    ajv = newAjv();
    ajv.addSchema(doc.components.schemas.error, 'error');
    for (const [path, item] of Object.entries(doc.paths as Record<string, any>)) {
      validators.set(path, ajv.compile(item.post.responses['200'].content['application/json'].schema));
    }
  });
  afterAll(async () => t.close());

  it('is OpenAPI 3.1 in structure, and every schema in it compiles as JSON Schema 2020-12', () => {
    const structure = newAjv().compile(openApiStructure);
    expect(structure(doc), JSON.stringify(structure.errors)).toBe(true);
    expect(doc.servers).toEqual([{ url: t.cloud.url }]);
    for (const [path, item] of Object.entries(doc.paths as Record<string, any>)) {
      expect(() => newAjv().compile(item.post.requestBody.content['application/json'].schema), path).not.toThrow();
    }
    // The structural check can fail:
    expect(structure({ ...doc, openapi: '3.0.3' })).toBe(false);
    expect(structure({ ...doc, paths: { 'no-slash': {} } })).toBe(false);
  });

  it('validates a real response of every route, and rejects a response with a wrong or undeclared field', async () => {
    // Operator routes, then a key holder, then keyrig's own and control routes, then the deletes.
    await call('/workspaces/get');
    await call('/workspaces/list');
    const entrances = (await call('/acs/entrances/list')).acs_entrances;
    await call('/acs/entrances/get', { acs_entrance_id: entrances[0].acs_entrance_id });
    const ui = (await call('/user_identities/create', { full_name: 'Ada', email_address: 'ada@example.com' })).user_identity;
    await call('/user_identities/get', { user_identity_id: ui.user_identity_id });
    await call('/user_identities/list');
    await call('/user_identities/update', { user_identity_id: ui.user_identity_id, phone_number: '+15555550100' });

    const g = await guestWithKey(t, ['room-101', 'elevator']);
    const grantId = g.grant.access_grant_id;
    const uiGrant = (await call('/access_grants/create', {
      user_identity_id: ui.user_identity_id, acs_entrance_ids: [entrances[0].acs_entrance_id], requested_access_methods: [{ mode: 'mobile_key' }],
    })).access_grant;
    await call('/access_grants/get', { access_grant_id: grantId });
    await call('/access_grants/list');
    await call('/access_grants/update', { access_grant_id: grantId, name: 'Stay' });
    const methods = (await call('/access_methods/list', { access_grant_id: grantId })).access_methods;
    await call('/access_methods/get', { access_method_id: methods[0].access_method_id });
    await call('/user_identities/generate_instant_key', { user_identity_id: ui.user_identity_id });
    await call('/instant_keys/get', { instant_key_id: g.instantKey.instant_key_id });
    await call('/instant_keys/list');

    const open = await call('/instant_keys/open', { instant_key_url: g.instantKey.instant_key_url }, null);
    const token = open.client_session.token as string;
    const device = await newDeviceKey();
    const endpoint = (await call('/phone/endpoints/register', { public_key: device.publicKey, user_agent: 'vitest' }, token)).endpoint;
    const bundle = (await call('/phone/credentials/load', { endpoint_id: endpoint.endpoint_id }, token)).credential_bundle;
    await call('/phone/endpoints/list', {}, token);
    const cred = bundle.credentials[0];
    const records = await (await lockAuditSealer(t, cred.lock_ids[0]))([{ sequence: 1, time: t.clock.now() - 1000, credentialId: cred.credential_id, op: CommandOp.UNLOCK, resultCode: ResultCode.GRANTED, floors: [] }]);
    await call('/phone/audit/upload', { records }, token);
    await call('/client_sessions/get', {}, token);
    await call('/client_sessions/list');
    const space = (await call('/spaces/create', { name: 'Floor 1', acs_entrance_ids: [entrances[0].acs_entrance_id] })).space;
    await call('/spaces/get', { space_id: space.space_id });
    await call('/spaces/list');
    await call('/spaces/update', { space_id: space.space_id, name: 'First floor' });
    await call('/spaces/get_related', { space_ids: [space.space_id] });
    await call('/spaces/add_acs_entrances', { space_id: space.space_id, acs_entrance_ids: [entrances[1].acs_entrance_id] });
    await call('/spaces/remove_acs_entrances', { space_id: space.space_id, acs_entrance_ids: [entrances[1].acs_entrance_id] });
    await call('/access_grants/request_access_methods', { access_grant_id: grantId, requested_access_methods: [{ mode: 'mobile_key' }] });
    const apiSession = (await call('/client_sessions/create', { user_identity_id: ui.user_identity_id })).client_session;
    await call('/client_sessions/get_or_create', { user_identity_id: ui.user_identity_id });
    await call('/user_identities/list_accessible_entrances', { user_identity_id: ui.user_identity_id });
    await call('/seam/instant_key/v1/preview/get', { instant_key_url: g.instantKey.instant_key_url }, null);
    const acsCredentials = (await call('/acs/credentials/list')).acs_credentials;
    await call('/acs/credentials/get', { acs_credential_id: acsCredentials[0].acs_credential_id });
    await call('/acs/entrances/unlock', { acs_entrance_id: entrances[0].acs_entrance_id, acs_credential_id: acsCredentials[0].acs_credential_id });
    const events = (await call('/events/list')).events;
    await call('/events/get', { event_id: events[0].event_id });
    const webhook = (await call('/webhooks/create', { url: 'http://127.0.0.1:9/hook' })).webhook;
    await call('/webhooks/get', { webhook_id: webhook.webhook_id });
    await call('/webhooks/list');
    const profile = (await call('/workspaces/customization_profiles/create', { name: 'Seaside', primary_color: '#0b5d57' })).customization_profile;
    await call('/workspaces/customization_profiles/get', { customization_profile_id: profile.customization_profile_id });
    await call('/workspaces/customization_profiles/list');
    await call('/workspaces/customization_profiles/update', { customization_profile_id: profile.customization_profile_id, secondary_color: '#c89b3c' });
    await call('/phone/key_page/get', {}, token);

    await call('/phones/list');
    await call('/keyrig/provider_keys/list');
    await call('/keyrig/provider_keys/rotate');
    await call('/keyrig/locks/provisioning');
    await call('/_keyrig/clock/get');
    await call('/_keyrig/clock/advance', { ms: 1000 });
    await call('/_keyrig/clock/set', { time: new Date(t.clock.now() + 1000).toISOString() });
    await call('/_keyrig/outage/start', { message: 'test' });
    await call('/_keyrig/outage/end');
    await call('/_keyrig/webhooks/deliver');

    const other = await holderLoads(t, (await guestWithKey(t, ['room-102'])).instantKey.instant_key_url);
    await call('/phones/deactivate', { device_id: other.register!.body.endpoint.endpoint_id });
    await call('/phone/endpoints/remove', { endpoint_id: endpoint.endpoint_id }, token);
    await call('/webhooks/delete', { webhook_id: webhook.webhook_id });
    await call('/spaces/delete', { space_id: space.space_id });
    await call('/client_sessions/delete', { client_session_id: apiSession.client_session_id });
    await call('/access_methods/delete', { access_method_id: uiGrant.access_method_ids[0] });
    const otherCredential = acsCredentials.find((c: any) => c.keyrig_metadata.access_method_id !== uiGrant.access_method_ids[0]);
    await call('/acs/credentials/delete', { acs_credential_id: otherCredential.acs_credential_id });
    await call('/client_sessions/revoke', { client_session_id: open.client_session.client_session_id });
    await call('/instant_keys/delete', { instant_key_id: g.instantKey.instant_key_id });
    await call('/access_grants/delete', { access_grant_id: grantId });
    await call('/user_identities/delete', { user_identity_id: ui.user_identity_id });

    expect([...validators.keys()].filter((p) => !seen.has(p))).toEqual([]);

    // An error answer matches the documented error schema.
    const err = await t.call('/access_grants/get', { access_grant_id: grantId });
    expect(err.status).toBe(404);
    expect(ajv.getSchema('error')!(err.body)).toBe(true);

    // The check can fail: a mistyped field, a missing one, an undeclared one.
    const validate = validators.get('/phone/endpoints/register')!;
    const good = { endpoint, ok: true };
    expect(validate(good)).toBe(true);
    expect(validate({ ...good, endpoint: { ...endpoint, created_at: 5 } })).toBe(false);
    expect(validate({ ...good, endpoint: { ...endpoint, endpoint_id: undefined } })).toBe(false);
    expect(validate({ ...good, endpoint: { ...endpoint, secret: 'x' } })).toBe(false);
  });
});
