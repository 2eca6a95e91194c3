import { subscribesTo, webhookEventsOf, type TimelineType, type WebhookEventType } from '@relance/domain';
import type { DataSource, EntityManager } from 'typeorm';
import { webhookEventId } from '../keys';
import type { TimelineCase } from './timeline';

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

/** A written timeline entry, as its events describe it. */
export interface EmittedEntry {
  timelineId: string;
  type: TimelineType;
  at: Date;
}

/** One line of the delivery log (`GET /v1/webhook-deliveries`). */
export interface WebhookDelivery {
  id: string;
  endpointId: string;
  eventId: string;
  type: WebhookEventType;
  externalId: string;
  caseSequence: number;
  status: WebhookDeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  lastAttemptAt: Date | null;
  deliveredAt: Date | null;
  failedAt: Date | null;
  createdAt: Date;
  seq: string;
}

/** What the worker posts: the event as stored and where to. */
export interface DeliveryToPost {
  id: string;
  status: WebhookDeliveryStatus;
  eventId: string;
  payload: Record<string, unknown>;
  endpointId: string;
}

const LOG_COLUMNS = `d.id, d.endpoint_id AS "endpointId", d.event_id AS "eventId", o.type,
  i.external_id AS "externalId", o.case_seq AS "caseSequence", d.status, d.attempts,
  d.last_status_code AS "lastStatusCode", d.last_error AS "lastError", d.last_attempt_at AS "lastAttemptAt",
  d.delivered_at AS "deliveredAt", d.failed_at AS "failedAt", d.created_at AS "createdAt", d.seq::text AS seq`;

/**
 * The outbox of outbound webhooks (`webhook_outbox`) and its deliveries (`webhook_deliveries`).
 * Events are written in the transaction of the timeline entry they come from, so an entry and
 * its events exist together or not at all; each endpoint's delivery workflow reads its pending
 * deliveries here, oldest first.
 */
export class WebhookDeliveries {
  constructor(private readonly db: DataSource) {}

  /**
   * Writes the entry's events (none for a type `EVENTS_OF_TIMELINE` does not list), numbered
   * after the case's last one, and a pending delivery for every live endpoint of the tenant that
   * subscribed. `payloadOf` builds the body of each (its sequence is known here only).
   */
  async emit(
    manager: EntityManager,
    invoice: TimelineCase,
    entry: EmittedEntry,
    payloadOf: (type: WebhookEventType, sequence: number, eventId: string) => Record<string, unknown>,
  ): Promise<string[]> {
    const types = webhookEventsOf(entry.type);
    if (types.length === 0) return [];
    const [{ last }] = (await manager.query(
      `SELECT COALESCE(max(case_seq), 0)::int AS last FROM webhook_outbox WHERE invoice_id = $1`,
      [invoice.id],
    )) as [{ last: number }];
    const endpoints = (await manager.query(
      `SELECT id, events FROM webhook_endpoints WHERE tenant_id = $1 AND deleted_at IS NULL ORDER BY created_at, id`,
      [invoice.tenantId],
    )) as { id: string; events: string[] | null }[];
    const ids: string[] = [];
    for (const [i, type] of types.entries()) {
      const id = webhookEventId(entry.timelineId, type);
      const sequence = last + i + 1;
      const inserted = (await manager.query(
        `INSERT INTO webhook_outbox (id, tenant_id, invoice_id, timeline_id, case_seq, type, payload, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [
          id,
          invoice.tenantId,
          invoice.id,
          entry.timelineId,
          sequence,
          type,
          payloadOf(type, sequence, id),
          entry.at,
        ],
      )) as unknown[];
      if (inserted.length === 0) continue;
      ids.push(id);
      for (const endpoint of endpoints.filter((e) => subscribesTo(e.events, type)))
        await manager.query(
          `INSERT INTO webhook_deliveries (tenant_id, endpoint_id, event_id) VALUES ($1, $2, $3)`,
          [invoice.tenantId, endpoint.id, id],
        );
    }
    return ids;
  }

  /** The live endpoints with a pending delivery of one of these events (to wake after the commit). */
  async endpointsPending(eventIds: string[]): Promise<string[]> {
    if (eventIds.length === 0) return [];
    const rows = (await this.db.query(
      `SELECT DISTINCT d.endpoint_id AS id FROM webhook_deliveries d
         JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.deleted_at IS NULL
        WHERE d.event_id = ANY($1::text[]) AND d.status = 'pending'`,
      [eventIds],
    )) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /** The endpoint's oldest pending delivery; `gone` once the endpoint is deleted. */
  async next(endpointId: string): Promise<{ deliveryId: string } | null | 'gone'> {
    const [endpoint] = (await this.db.query(
      `SELECT deleted_at AS "deletedAt" FROM webhook_endpoints WHERE id = $1`,
      [endpointId],
    )) as { deletedAt: Date | null }[];
    if (!endpoint || endpoint.deletedAt) return 'gone';
    const [row] = (await this.db.query(
      `SELECT id FROM webhook_deliveries WHERE endpoint_id = $1 AND status = 'pending' ORDER BY seq LIMIT 1`,
      [endpointId],
    )) as { id: string }[];
    return row ? { deliveryId: row.id } : null;
  }

  async toPost(deliveryId: string): Promise<DeliveryToPost | null> {
    const [row] = (await this.db.query(
      `SELECT d.id, d.status, d.event_id AS "eventId", o.payload, d.endpoint_id AS "endpointId"
         FROM webhook_deliveries d JOIN webhook_outbox o ON o.id = d.event_id WHERE d.id = $1`,
      [deliveryId],
    )) as DeliveryToPost[];
    return row ?? null;
  }

  /** One attempt's outcome: a 2xx delivers, anything else stays pending for the next attempt. */
  async recordAttempt(
    deliveryId: string,
    outcome: { statusCode: number | null; error: string | null; delivered: boolean },
  ): Promise<void> {
    await this.db.query(
      `UPDATE webhook_deliveries SET attempts = attempts + 1, last_attempt_at = now(),
              last_status_code = $2, last_error = $3,
              status = CASE WHEN $4 THEN 'delivered' ELSE status END,
              delivered_at = CASE WHEN $4 THEN now() ELSE delivered_at END
        WHERE id = $1 AND status = 'pending'`,
      [deliveryId, outcome.statusCode, outcome.error, outcome.delivered],
    );
  }

  async markFailed(deliveryId: string, error: string): Promise<void> {
    await this.db.query(
      `UPDATE webhook_deliveries SET status = 'failed', failed_at = now(), last_error = COALESCE(last_error, $2)
        WHERE id = $1 AND status = 'pending'`,
      [deliveryId, error],
    );
  }

  /** The tenant's deliveries, newest first; `after` is the `seq` of the last one of the page before. */
  log(
    tenantId: string,
    {
      endpointId,
      status,
      limit,
      after,
    }: { endpointId?: string; status?: WebhookDeliveryStatus; limit: number; after?: string },
  ): Promise<WebhookDelivery[]> {
    return this.db.query(
      `SELECT ${LOG_COLUMNS} FROM webhook_deliveries d
         JOIN webhook_outbox o ON o.id = d.event_id JOIN invoices i ON i.id = o.invoice_id
        WHERE d.tenant_id = $1 AND ($2::uuid IS NULL OR d.endpoint_id = $2) AND ($3::text IS NULL OR d.status = $3)
          AND ($4::bigint IS NULL OR d.seq < $4)
        ORDER BY d.seq DESC LIMIT $5`,
      [tenantId, endpointId ?? null, status ?? null, after ?? null, limit],
    ) as Promise<WebhookDelivery[]>;
  }

  /**
   * Queues the delivery's event again for its endpoint (a new delivery, last in line, same event
   * id and so the same `webhook-id`). Null when the tenant has no such delivery or the endpoint
   * was deleted.
   */
  async redeliver(tenantId: string, deliveryId: string): Promise<WebhookDelivery | null> {
    const [created] = (await this.db.query(
      `INSERT INTO webhook_deliveries (tenant_id, endpoint_id, event_id)
       SELECT d.tenant_id, d.endpoint_id, d.event_id FROM webhook_deliveries d
         JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.deleted_at IS NULL
        WHERE d.tenant_id = $1 AND d.id = $2
       RETURNING id`,
      [tenantId, deliveryId],
    )) as { id: string }[];
    if (!created) return null;
    const [row] = (await this.db.query(
      `SELECT ${LOG_COLUMNS} FROM webhook_deliveries d
         JOIN webhook_outbox o ON o.id = d.event_id JOIN invoices i ON i.id = o.invoice_id WHERE d.id = $1`,
      [created.id],
    )) as WebhookDelivery[];
    return row ?? null;
  }
}
