import { DataSource, EntityManager, IsNull, LessThanOrEqual, Not } from 'typeorm';
import { EmailEntity, type StoredEmail } from '../entities/email.entity';

/** The delivery statuses a provider event can set, in the order they may follow one another. */
export type DeliveryStatus = 'delivered' | 'opened' | 'complained' | 'bounced';

/**
 * Delivery statuses only move forward: a late "delivered" never hides an open, nor an open a
 * bounce. Statuses not listed (`sent`, and `prepared` or `failed`, which no event reaches) rank 0.
 */
export const DELIVERY_STATUS_RANK: Record<DeliveryStatus, number> = {
  delivered: 1,
  opened: 2,
  complained: 3,
  bounced: 3,
};

const RANK_SQL = `CASE status ${Object.entries(DELIVERY_STATUS_RANK)
  .map(([status, rank]) => `WHEN '${status}' THEN ${rank}`)
  .join(' ')} ELSE 0 END`;

/** A message rendered and stored in full before it is handed to the provider. */
export interface PreparedEmail {
  id: string;
  tenantId: string;
  invoiceId: string;
  step: string | null;
  template: string;
  payload: StoredEmail;
  contentHash: string;
  idempotencyKey: string;
}

/** The outgoing messages (`emails`): prepared and sent by the worker, advanced by the provider's events. */
export class Emails {
  constructor(private readonly db: DataSource) {}

  byId(id: string): Promise<EmailEntity | null> {
    return this.db.getRepository(EmailEntity).findOneBy({ id });
  }

  /**
   * Stores (or replaces) the message as `prepared`; a row the provider already accepted is never
   * touched. Inside a transaction pass its manager.
   */
  async prepare(email: PreparedEmail, m: EntityManager = this.db.manager): Promise<void> {
    const { payload } = email;
    await m.query(
      `INSERT INTO "emails" ("id", "tenant_id", "invoice_id", "step", "template", "recipients", "subject",
         "text", "status", "payload", "content_hash", "idempotency_key")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'prepared', $9::jsonb, $10, $11)
       ON CONFLICT ("id") DO UPDATE SET "step" = EXCLUDED."step", "template" = EXCLUDED."template",
         "recipients" = EXCLUDED."recipients", "subject" = EXCLUDED."subject", "text" = EXCLUDED."text",
         "status" = 'prepared', "payload" = EXCLUDED."payload", "content_hash" = EXCLUDED."content_hash",
         "idempotency_key" = EXCLUDED."idempotency_key", "failure" = NULL, "updated_at" = now()
       WHERE "emails"."provider_id" IS NULL`,
      [
        email.id,
        email.tenantId,
        email.invoiceId,
        email.step,
        email.template,
        [...payload.to, ...(payload.cc ?? [])],
        payload.subject,
        payload.text,
        JSON.stringify(payload),
        email.contentHash,
        email.idempotencyKey,
      ],
    );
  }

  /** The provider accepted the message: its id, once (a retry finds it set). */
  async markSent(
    id: string,
    sent: { providerId: string; sentAt: Date },
    m: EntityManager = this.db.manager,
  ): Promise<void> {
    await m
      .getRepository(EmailEntity)
      .update(
        { id, providerId: IsNull() },
        { providerId: sent.providerId, sentAt: sent.sentAt, status: 'sent', failure: null },
      );
  }

  /** The provider refused the message for good: kept with the reason, unless it was accepted. */
  async markFailed(id: string, failure: string): Promise<void> {
    await this.db
      .getRepository(EmailEntity)
      .update({ id, providerId: IsNull() }, { status: 'failed', failure });
  }

  /** The case's messages the provider accepted, oldest first; `asOf` leaves out those sent later. */
  acceptedFor(invoiceId: string, { asOf }: { asOf?: Date } = {}): Promise<EmailEntity[]> {
    return this.db.getRepository(EmailEntity).find({
      where: { invoiceId, providerId: Not(IsNull()), ...(asOf ? { sentAt: LessThanOrEqual(asOf) } : {}) },
      order: { sentAt: 'ASC' },
    });
  }

  /**
   * When the provider accepted the tenant's messages to `address` since `since` (the weekly cap
   * of a client account counts every message to the address, whichever case sent it);
   * `exceptInvoiceId`: leave out one case's own messages (it counts them itself).
   */
  async sentToSince(
    tenantId: string,
    address: string,
    since: Date,
    { exceptInvoiceId }: { exceptInvoiceId?: string } = {},
  ): Promise<Date[]> {
    const rows = (await this.db.query(
      `SELECT sent_at FROM emails
        WHERE tenant_id = $1 AND provider_id IS NOT NULL AND sent_at >= $3
          AND ($4::uuid IS NULL OR invoice_id <> $4::uuid)
          AND EXISTS (SELECT 1 FROM unnest(recipients) r WHERE lower(r) = lower($2))
        ORDER BY sent_at`,
      [tenantId, address, since, exceptInvoiceId ?? null],
    )) as { sent_at: Date }[];
    return rows.map((r) => r.sent_at);
  }

  /** Message counts by template and delivery status (the /metrics figures). */
  countsByTemplateAndStatus(): Promise<{ template: string; status: string; n: number }[]> {
    return this.db.query(
      `SELECT template, status, count(*)::int AS n FROM emails GROUP BY template, status`,
    ) as Promise<{ template: string; status: string; n: number }[]>;
  }

  /** The message the provider knows by this id (set once it accepted the message). */
  byProviderId(providerId: string): Promise<EmailEntity | null> {
    return this.db.getRepository(EmailEntity).findOneBy({ providerId });
  }

  /**
   * Moves the message's status forward to `status`, in one statement: two events handled at once
   * (an open and a late delivery) can never move it back. True when it moved.
   */
  async advanceDeliveryStatus(
    id: string,
    status: DeliveryStatus,
    m: EntityManager = this.db.manager,
  ): Promise<boolean> {
    const [, affected] = (await m.query(
      `UPDATE emails SET status = $2, updated_at = now() WHERE id = $1 AND ${RANK_SQL} < $3`,
      [id, status, DELIVERY_STATUS_RANK[status]],
    )) as [unknown, number];
    return affected > 0;
  }
}
