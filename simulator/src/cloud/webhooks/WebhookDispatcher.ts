/**
 * Delivers queued webhook events with Seam's retry schedule: immediately, then after 5 s, 5 min,
 * 30 min, 2 h, 5 h, 10 h and 10 h (8 attempts), measured on the injected clock. A real-time
 * poll checks for due deliveries, so a test advancing a ManualClock sees retries go out.
 */
import type { CloudContext } from '../context.js';
import { webhookHeaders } from './signWebhook.js';

export const WEBHOOK_RETRY_DELAYS_MS: readonly number[] = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];

interface DueDelivery {
  delivery_id: string;
  attempt: number;
  url: string;
  secret: string;
  body_json: string;
  event_id: string;
}

export class WebhookDispatcher {
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;

  constructor(private readonly ctx: CloudContext, private readonly pollMs = 100, private readonly timeoutMs = 10_000) {}

  start(): void {
    this.#timer ??= setInterval(() => void this.tick(), this.pollMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running;
  }

  /** Sends every due delivery once; concurrent calls share one run. */
  tick(): Promise<void> {
    this.#running ??= this.#deliverDue().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  async #deliverDue(): Promise<void> {
    const { db, clock, logger } = this.ctx;
    const due = db
      .prepare(
        `SELECT d.delivery_id, d.attempt, w.url, w.secret, e.body_json, e.event_id FROM webhook_deliveries d
           JOIN webhooks w USING (webhook_id) JOIN events e ON e.seq = d.event_seq
          WHERE d.status = 'pending' AND d.next_attempt_at <= ? ORDER BY d.next_attempt_at, e.seq LIMIT 100`,
      )
      .all(clock.now()) as DueDelivery[];
    for (const d of due) {
      const body = JSON.stringify({ ...JSON.parse(d.body_json), attempt: d.attempt + 1 });
      let error: string | null = null;
      try {
        const res = await fetch(d.url, {
          method: 'POST',
          headers: webhookHeaders(d.secret, d.delivery_id, Math.floor(clock.now() / 1000), body),
          body,
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        await res.arrayBuffer().catch(() => undefined);
        if (!res.ok) error = `HTTP ${res.status}`;
      } catch (err) {
        error = (err as Error).message;
      }
      const now = clock.now();
      if (error === null) {
        db.prepare("UPDATE webhook_deliveries SET status = 'delivered', attempt = attempt + 1, delivered_at = ?, last_error = NULL WHERE delivery_id = ?").run(now, d.delivery_id);
        continue;
      }
      const delay = WEBHOOK_RETRY_DELAYS_MS[d.attempt];
      logger.warn({ deliveryId: d.delivery_id, eventId: d.event_id, attempt: d.attempt + 1, error }, 'webhook delivery failed');
      if (delay === undefined) {
        db.prepare("UPDATE webhook_deliveries SET status = 'failed', attempt = attempt + 1, last_error = ?, next_attempt_at = NULL WHERE delivery_id = ?").run(error, d.delivery_id);
      } else {
        db.prepare('UPDATE webhook_deliveries SET attempt = attempt + 1, last_error = ?, next_attempt_at = ? WHERE delivery_id = ?').run(error, now + delay, d.delivery_id);
      }
    }
  }
}
