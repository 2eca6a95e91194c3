import type { TimelineType } from '@relance/domain';
import { DataSource, EntityManager, LessThanOrEqual } from 'typeorm';
import { row } from '../entities/columns';
import { TimelineEventEntity } from '../entities/timeline-event.entity';
import { timelineEntryId } from '../keys';
import type { CaseTarget } from './invoices';

/** One entry as its writer describes it; `key` is unique per case (see `timelineKey`). */
export interface TimelineEntry {
  key: string;
  type: TimelineType;
  /** When it happened (default: now). */
  at?: Date;
  step?: string | null;
  data?: Record<string, unknown>;
}

/**
 * The entries that record a message sent to the client on the case, its provider id in
 * `data.emailId`; a message listing several invoices (a client account's) is one email, and each
 * case it listed records its step with that id (all but the one it is filed under with `groupedWith`).
 */
export const CLIENT_MESSAGE_TYPES = ['reminder_sent', 'formal_notice_sent'] as const satisfies TimelineType[];

/** The invoice an entry belongs to. */
export interface TimelineCase {
  id: string;
  tenantId: string;
}

/**
 * The case's audit trail (`timeline_events`): every writer, API and worker, appends through here,
 * so every row id is `timelineEntryId(invoice, key)` and an entry written twice is one row.
 */
export class Timeline {
  constructor(private readonly db: DataSource) {}

  /**
   * Appends the entry unless one with its key is already there (a retry, a replayed webhook).
   * Inside a transaction pass its manager. True when this call wrote the row.
   */
  async append(
    invoice: TimelineCase,
    entry: TimelineEntry,
    manager: EntityManager = this.db.manager,
  ): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(TimelineEventEntity)
      .values(
        row<TimelineEventEntity>({
          id: timelineEntryId(invoice.id, entry.key),
          tenantId: invoice.tenantId,
          invoiceId: invoice.id,
          at: entry.at ?? new Date(),
          type: entry.type,
          step: entry.step ?? null,
          data: entry.data ?? {},
        }),
      )
      .orIgnore()
      .returning(['id'])
      .execute();
    return (result.raw as unknown[]).length > 0;
  }

  /**
   * The case the case's latest client message is filed under (its email row), when that message
   * listed several invoices of the client; undefined for a message about this case alone. A reply
   * to it reaches every case it listed: this is where the one creditor alert about it is filed.
   */
  async leadOfLatestGroupedMessage(invoice: TimelineCase): Promise<CaseTarget | undefined> {
    const rows = (await this.db.query(
      `WITH latest AS (
         SELECT t.data->>'emailId' AS email_id FROM timeline_events t
          WHERE t.invoice_id = $1 AND t.type = ANY($3::text[]) AND COALESCE(t.data->>'emailId', '') <> ''
          ORDER BY t.at DESC, t.recorded_at DESC, t.id DESC LIMIT 1)
       SELECT i.id, i.tenant_id AS "tenantId", i.external_id AS "externalId", i.workflow_id AS "workflowId",
              i.currency, COALESCE(i.case_record->>'status', i.status) AS status,
              i.workflow_started_at AS "workflowStartedAt"
         FROM latest
         JOIN emails e ON e.provider_id = latest.email_id AND e.tenant_id = $2
         JOIN invoices i ON i.id = e.invoice_id AND i.tenant_id = $2
        WHERE EXISTS (SELECT 1 FROM timeline_events o
                       WHERE o.invoice_id <> e.invoice_id AND o.type = ANY($3::text[])
                         AND o.data->>'emailId' = latest.email_id
                         AND o.invoice_id IN (SELECT id FROM invoices WHERE tenant_id = $2 AND client_id = i.client_id))`,
      [invoice.id, invoice.tenantId, CLIENT_MESSAGE_TYPES],
    )) as CaseTarget[];
    return rows[0];
  }

  /**
   * The other cases the case's latest client message listed (issue 20: one email for several
   * invoices of a client), found by the entries of the client's cases naming that message's
   * `emailId`; none for a message about this case alone. `filedHere`: only a message filed under
   * this case counts (its own entry has no `groupedWith`), the one whose Reply-To bears its reply
   * token. As event targets, oldest due date first.
   */
  listedWithLatestMessage(
    invoice: TimelineCase,
    { filedHere = false }: { filedHere?: boolean } = {},
  ): Promise<CaseTarget[]> {
    return this.db.query(
      `WITH latest AS (
         SELECT t.data->>'emailId' AS email_id FROM timeline_events t
          WHERE t.invoice_id = $1 AND t.type = ANY($3::text[]) AND COALESCE(t.data->>'emailId', '') <> ''
            AND (NOT $4::boolean OR t.data->>'groupedWith' IS NULL)
          ORDER BY t.at DESC, t.recorded_at DESC, t.id DESC LIMIT 1),
       me AS (SELECT client_id FROM invoices WHERE id = $1 AND tenant_id = $2)
       SELECT i.id, i.tenant_id AS "tenantId", i.external_id AS "externalId", i.workflow_id AS "workflowId",
              i.currency, COALESCE(i.case_record->>'status', i.status) AS status,
              i.workflow_started_at AS "workflowStartedAt"
         FROM latest, me, invoices i
        WHERE i.tenant_id = $2 AND i.client_id = me.client_id AND i.id <> $1
          AND EXISTS (SELECT 1 FROM timeline_events t
                       WHERE t.invoice_id = i.id AND t.type = ANY($3::text[]) AND t.data->>'emailId' = latest.email_id)
        ORDER BY i.due_date, i.created_at, i.id`,
      [invoice.id, invoice.tenantId, CLIENT_MESSAGE_TYPES, filedHere],
    ) as Promise<CaseTarget[]>;
  }

  /** The case's entries in order; `asOf` leaves out those recorded later. */
  list(invoiceId: string, { asOf }: { asOf?: Date } = {}): Promise<TimelineEventEntity[]> {
    return this.db.getRepository(TimelineEventEntity).find({
      where: { invoiceId, ...(asOf ? { recordedAt: LessThanOrEqual(asOf) } : {}) },
      order: { at: 'ASC', recordedAt: 'ASC', id: 'ASC' },
    });
  }
}
