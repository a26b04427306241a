/**
 * Webhooks: signed payloads and Seam's retry schedule on the injected clock. Control routes:
 * clock travel and simulated outages under /_keyrig/, off unless enabled.
 */
import { webhookReceiver } from './webhookReceiver.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhookSignature, WEBHOOK_RETRY_DELAYS_MS } from '../../src/cloud/index.js';
import { startTestCloud, type TestCloud } from './testCloud.js';

const receiver = webhookReceiver;

describe('webhooks', () => {
  let t: TestCloud;
  let rx: Awaited<ReturnType<typeof receiver>>;
  let failing = true;
  beforeAll(async () => {
    t = await startTestCloud({ controlRoutes: true });
    rx = await receiver(() => (failing ? 500 : 204));
  });
  afterAll(async () => {
    rx.server.close();
    await t.close();
  });

  it('delivers signed events and retries on Seam\'s schedule (clock-driven), then gives up', async () => {
    const hook = (await t.call('/webhooks/create', { url: rx.url, event_types: ['user_identity.created', 'access_grant.created'] })).body.webhook;
    expect(hook.secret).toMatch(/^whsec_/);
    const ui = (await t.call('/user_identities/create', { full_name: 'Hook' })).body.user_identity;
    const entrance = (await t.call('/acs/entrances/list')).body.acs_entrances[0];
    await t.call('/access_grants/create', { user_identity_id: ui.user_identity_id, acs_entrance_ids: [entrance.acs_entrance_id], requested_access_methods: [{ mode: 'mobile_key' }] });
    await t.cloud.deliverWebhooks();
    expect(rx.received).toHaveLength(1); // immediately; only the subscribed type
    const first = rx.received[0]!;
    expect(verifyWebhookSignature(hook.secret, first.headers, first.body)).toBe(true);
    expect(verifyWebhookSignature(hook.secret, first.headers, first.body.replace('created', 'deleted'))).toBe(false);
    expect(JSON.parse(first.body)).toMatchObject({ event_type: 'access_grant.created', attempt: 1 });

    for (const [i, delay] of WEBHOOK_RETRY_DELAYS_MS.entries()) {
      await t.call('/_keyrig/clock/advance', { ms: delay - 1 });
      await t.cloud.deliverWebhooks();
      expect(rx.received, `before retry ${i + 1}`).toHaveLength(i + 1);
      await t.call('/_keyrig/clock/advance', { ms: 1 });
      await t.cloud.deliverWebhooks();
      expect(rx.received, `retry ${i + 1}`).toHaveLength(i + 2);
    }
    expect(rx.received).toHaveLength(8);
    await t.call('/_keyrig/clock/advance', { ms: 100 * 3600_000 });
    await t.cloud.deliverWebhooks();
    expect(rx.received).toHaveLength(8);
    expect(new Set(rx.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
  });

  it('a retry that succeeds stops the schedule', async () => {
    const before = rx.received.length;
    failing = true;
    const ui = (await t.call('/user_identities/create', { full_name: 'Hook 2' })).body.user_identity;
    const entrance = (await t.call('/acs/entrances/list')).body.acs_entrances[1];
    await t.call('/access_grants/create', { user_identity_id: ui.user_identity_id, acs_entrance_ids: [entrance.acs_entrance_id], requested_access_methods: [{ mode: 'mobile_key' }] });
    await t.cloud.deliverWebhooks();
    failing = false;
    await t.call('/_keyrig/clock/advance', { ms: 5_000 });
    await t.cloud.deliverWebhooks();
    await t.call('/_keyrig/clock/advance', { ms: 3600_000 });
    await t.cloud.deliverWebhooks();
    expect(rx.received.length - before).toBe(2);
  });
});

describe('control routes', () => {
  it('move the clock and simulate an outage when enabled', async () => {
    const t = await startTestCloud({ controlRoutes: true });
    try {
      const before = Date.parse((await t.call('/_keyrig/clock/get')).body.clock.time);
      await t.call('/_keyrig/clock/advance', { ms: 86_400_000 });
      expect(Date.parse((await t.call('/_keyrig/clock/get')).body.clock.time)).toBe(before + 86_400_000);
      await t.call('/_keyrig/clock/set', { time: '2030-01-01T00:00:00Z' });
      const ui = (await t.call('/user_identities/create', {})).body.user_identity;
      expect(ui.created_at).toBe('2030-01-01T00:00:00.000Z');
      expect((await t.call('/_keyrig/outage/start', { message: 'planned chaos' })).status).toBe(200);
      const down = await t.call('/workspaces/get');
      expect(down.status).toBe(503);
      expect(down.body.error).toMatchObject({ type: 'service_unavailable', message: 'planned chaos' });
      await t.call('/_keyrig/outage/end');
      expect((await t.call('/workspaces/get')).status).toBe(200);
      expect((await t.call('/_keyrig/clock/get', {}, null)).status).toBe(401);
    } finally {
      await t.close();
    }
  });

  it('do not exist unless enabled', async () => {
    const t = await startTestCloud();
    try {
      expect((await t.call('/_keyrig/clock/advance', { ms: 1 })).status).toBe(404);
    } finally {
      await t.close();
    }
  });
});
