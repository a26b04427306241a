/**
 * The cloud's response check (`validateResponses`, on in every cloud test through testCloud.ts):
 * a handler answering something its route's schema does not allow is a 500 naming the route and
 * the field, and a field the schema does not declare counts too. Off, the body goes out as is.
 */
import Fastify from 'fastify';
import { cloudApi, schemaMismatches, workspacesGetResponse } from '@keyrig/api';
import { describe, expect, it } from 'vitest';
import type { CloudContext } from '../../src/cloud/context.js';
import { registerRoute } from '../../src/cloud/http/defineRoute.js';

const workspace = {
  workspace_id: 'w', name: 'Hotel', company_name: 'Hotel', is_sandbox: true, connect_webview_customization: {},
  is_suspended: false, connect_partner_name: null, is_publishable_key_auth_enabled: false, organization_id: null,
};

describe('response validation', () => {
  it('names a wrong, a missing and an undeclared field', () => {
    expect(schemaMismatches(workspacesGetResponse, { workspace })).toEqual([]);
    expect(schemaMismatches(workspacesGetResponse, { workspace: { ...workspace, is_sandbox: 'yes' } })[0]).toMatch(/workspace\.is_sandbox/);
    expect(schemaMismatches(workspacesGetResponse, { workspace: { ...workspace, name: undefined } })[0]).toMatch(/workspace\.name/);
    expect(schemaMismatches(workspacesGetResponse, { workspace: { ...workspace, secret: 'x' } })).toEqual(['workspace.secret: not in the schema']);
  });

  it('with validateResponses an off-schema answer is a 500 naming route and field; without, it goes out', async () => {
    for (const validateResponses of [true, false]) {
      const app = Fastify();
      // A public route, so no database is needed to reach the handler.
      registerRoute(app, {} as CloudContext, { ...cloudApi.instantKeysOpen, handler: () => ({ client_session: null }) as never }, { validateResponses });
      const res = await app.inject({ method: 'POST', url: '/instant_keys/open', payload: { instant_key_url: 'x' } });
      if (validateResponses) {
        expect(res.statusCode).toBe(500);
        expect(res.json().message).toMatch(/\/instant_keys\/open does not match its schema: client_session/);
      } else {
        expect(res.statusCode).toBe(200);
        expect(res.json()).toEqual({ client_session: null, ok: true });
      }
      await app.close();
    }
  });
});
