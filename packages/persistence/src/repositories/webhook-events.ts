import { DataSource } from 'typeorm';
import { WebhookEventEntity } from '../entities/webhook-event.entity';

export interface ReceivedWebhook {
  /** Already handed to the case by an earlier delivery: answer 200 and do nothing. */
  handedOff: boolean;
  /** The stored payload of this id equals this one (a true re-delivery, not an id reused). */
  samePayload: boolean;
}

/**
 * De-duplication of inbound webhooks (`webhook_events`). An event is recorded before it is handed
 * to Temporal and marked handed off after: a crash in between makes the sender's retry hand it
 * again, which the workflow de-duplicates by event id.
 */
export class WebhookEvents {
  constructor(private readonly db: DataSource) {}

  /** Records the event once (the first payload is kept) and says what is known of its id. */
  async receive(
    id: string,
    source: string,
    tenantId: string | null,
    payload: object,
  ): Promise<ReceivedWebhook> {
    const json = JSON.stringify(payload);
    await this.db.query(
      `INSERT INTO webhook_events (id, source, tenant_id, payload) VALUES ($1, $2, $3, $4::jsonb) ON CONFLICT (id) DO NOTHING`,
      [id, source, tenantId, json],
    );
    const [found] = (await this.db.query(
      `SELECT handed_off_at IS NOT NULL AS "handedOff", payload = $2::jsonb AS "samePayload" FROM webhook_events WHERE id = $1`,
      [id, json],
    )) as ReceivedWebhook[];
    return found ?? { handedOff: false, samePayload: true };
  }

  async markHandedOff(id: string): Promise<void> {
    await this.db.getRepository(WebhookEventEntity).update({ id }, { handedOffAt: new Date() });
  }
}
