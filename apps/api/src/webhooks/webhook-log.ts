import { Inject, Injectable } from '@nestjs/common';
import { WebhookEventEntity } from '@relance/persistence';
import { DataSource } from 'typeorm';

export interface Received {
  /** Already handed to the case by an earlier delivery: answer 200 and do nothing. */
  handedOff: boolean;
  /** The stored payload of this id equals this one (a true re-delivery, not an id reused). */
  samePayload: boolean;
}

/**
 * De-duplication of inbound webhooks in Postgres. An event is recorded before it is handed to
 * Temporal and marked handed off after: a crash in between makes the sender's retry hand it
 * again, which the workflow de-duplicates by event id.
 */
@Injectable()
export class WebhookLog {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async receive(id: string, source: string, tenantId: string | null, payload: object): Promise<Received> {
    const json = JSON.stringify(payload);
    await this.db.query(
      `INSERT INTO webhook_events (id, source, tenant_id, payload) VALUES ($1, $2, $3, $4::jsonb) ON CONFLICT (id) DO NOTHING`,
      [id, source, tenantId, json],
    );
    const [row] = (await this.db.query(
      `SELECT handed_off_at IS NOT NULL AS "handedOff", payload = $2::jsonb AS "samePayload" FROM webhook_events WHERE id = $1`,
      [id, json],
    )) as Received[];
    return row ?? { handedOff: false, samePayload: true };
  }

  async handedOff(id: string): Promise<void> {
    await this.db.getRepository(WebhookEventEntity).update({ id }, { handedOffAt: new Date() });
  }
}
