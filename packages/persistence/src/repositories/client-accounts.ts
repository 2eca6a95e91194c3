import { In, Not, type DataSource } from 'typeorm';
import { InvoiceEntity } from '../entities/invoice.entity';
import { agingBucket, openCase, type AgingRow } from './case-reports';
import { CLIENT_MESSAGE_TYPES } from './timeline';

/** Templates written to the creditor or the lawyer, not to the client: not contacts of the account. */
export const NOT_CLIENT_TEMPLATES = ['creditor_alert', 'legal_handoff'] as const;

const CLOSED = ['paid', 'cancelled', 'unrecovered'] as const;

/** A client account's figures over its cases: the open ones' count and balances, its last contact. */
export interface ClientAccountRow {
  clientId: string;
  /** From the client's most recently registered invoice. */
  name: string;
  company: string | null;
  openCases: number;
  /** Open balances per currency (minor units, as text), currencies in order. */
  balances: { currency: string; cases: number; minor: string }[];
  oldestDueDate: string | null;
  /** The last email the client was sent (the provider accepted it), on any of its cases. */
  lastContactAt: Date | null;
}

/** The next action an open case of the client has planned (its record's `nextAction`). */
export interface PlannedAction {
  clientId: string;
  externalId: string;
  nextAction: { step: string; action: string; at: string; reason?: string };
}

export interface ClientAgingRow extends AgingRow {
  clientId: string;
}

/** An address of the client that bounced or complained, from its cases' timelines. */
export interface BouncedAddress {
  address: string;
  lastAt: Date;
  complaint: boolean;
  /** externalIds of the cases whose emails to it bounced. */
  cases: string[];
}

/** One message the client was sent; a message listing several invoices is one row with its cases. */
export interface ContactRow {
  emailId: string;
  sentAt: Date;
  template: string;
  subject: string;
  recipients: string[];
  status: string;
  cases: { externalId: string; step: string | null }[];
}

/**
 * The client accounts' reads (docs/architecture.md "Client accounts"): a client account is
 * (tenant, `client_id`) over `invoices`, and what its cases recorded in `emails` and
 * `timeline_events`. A read model, like CaseReports: it aggregates in Postgres, one tenant at a time.
 */
export class ClientAccounts {
  constructor(private readonly db: DataSource) {}

  /** Whether the tenant has any invoice of this client. */
  async exists(tenantId: string, clientId: string): Promise<boolean> {
    return this.db.getRepository(InvoiceEntity).existsBy({ tenantId, clientId });
  }

  /** A page of the tenant's client ids, in id order, after `after`; `openOnly`: clients with an open case. */
  async clientIds(
    tenantId: string,
    page: { limit: number; after?: string; openOnly?: boolean },
  ): Promise<{ ids: string[]; more: boolean }> {
    const rows = (await this.db.query(
      `SELECT client_id AS "clientId" FROM invoices
        WHERE tenant_id = $1 AND ($2::text IS NULL OR client_id > $2) ${page.openOnly ? `AND ${openCase()}` : ''}
        GROUP BY client_id ORDER BY client_id LIMIT $3`,
      [tenantId, page.after ?? null, page.limit + 1],
    )) as { clientId: string }[];
    return { ids: rows.slice(0, page.limit).map((r) => r.clientId), more: rows.length > page.limit };
  }

  /** Each client's figures, in the order of `clientIds` (a client without invoices is left out). */
  async summaries(tenantId: string, clientIds: string[]): Promise<ClientAccountRow[]> {
    if (clientIds.length === 0) return [];
    return (await this.db.query(
      `SELECT c.id AS "clientId", who.name, who.company,
              COALESCE(o.cases, 0)::int AS "openCases", COALESCE(o.balances, '[]'::json) AS balances,
              o.oldest::text AS "oldestDueDate", sent.last AS "lastContactAt"
         FROM unnest($2::text[]) WITH ORDINALITY AS c(id, n)
         CROSS JOIN LATERAL (
           SELECT i.payload->'client'->>'name' AS name, i.payload->'client'->>'company' AS company
             FROM invoices i WHERE i.tenant_id = $1 AND i.client_id = c.id
            ORDER BY i.created_at DESC, i.id DESC LIMIT 1) who
         LEFT JOIN LATERAL (
           SELECT sum(per.cases) AS cases, min(per.oldest) AS oldest,
                  json_agg(json_build_object('currency', per.currency, 'cases', per.cases, 'minor', per.minor)
                           ORDER BY per.currency) AS balances
             FROM (SELECT trim(i.currency) AS currency, count(*)::int AS cases,
                          sum(i.balance_minor)::text AS minor, min(i.due_date) AS oldest
                     FROM invoices i WHERE i.tenant_id = $1 AND i.client_id = c.id AND ${openCase('i')}
                    GROUP BY 1) per) o ON true
         LEFT JOIN LATERAL (
           SELECT max(e.sent_at) AS last FROM emails e JOIN invoices i ON i.id = e.invoice_id
            WHERE i.tenant_id = $1 AND i.client_id = c.id AND e.provider_id IS NOT NULL
              AND e.template <> ALL($3)) sent ON true
        ORDER BY c.n`,
      [tenantId, clientIds, NOT_CLIENT_TEMPLATES],
    )) as ClientAccountRow[];
  }

  /** The next actions the clients' open cases have planned. */
  plannedActions(tenantId: string, clientIds: string[]): Promise<PlannedAction[]> {
    return this.db.query(
      `SELECT client_id AS "clientId", external_id AS "externalId", next_action AS "nextAction"
         FROM invoices
        WHERE tenant_id = $1 AND client_id = ANY($2) AND ${openCase()} AND next_action IS NOT NULL`,
      [tenantId, clientIds],
    ) as Promise<PlannedAction[]>;
  }

  /** The client's open cases, whole rows, oldest due date first (then oldest registered). */
  openCases(tenantId: string, clientId: string): Promise<InvoiceEntity[]> {
    return this.db.getRepository(InvoiceEntity).find({
      where: { tenantId, clientId, status: Not(In([...CLOSED])) },
      order: { dueDate: 'ASC', createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** The most recently registered of the client's closed cases (in `currency` when given), if any. */
  lastClosedCase(tenantId: string, clientId: string, currency?: string): Promise<InvoiceEntity | null> {
    return this.db.getRepository(InvoiceEntity).findOne({
      where: { tenantId, clientId, ...(currency ? { currency } : {}), status: In([...CLOSED]) },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
  }

  /** Open cases of these clients by currency and aging bucket on `asOf` (the aging report's buckets). */
  aging(tenantId: string, asOf: string, clientIds: string[]): Promise<ClientAgingRow[]> {
    return this.db.query(
      `SELECT client_id AS "clientId", currency, ${agingBucket('$2')} AS bucket,
              count(*)::int AS cases, sum(balance_minor)::text AS minor
         FROM invoices
        WHERE tenant_id = $1 AND client_id = ANY($3) AND ${openCase()}
        GROUP BY 1, 2, 3`,
      [tenantId, asOf, clientIds],
    ) as Promise<ClientAgingRow[]>;
  }

  /**
   * The client's addresses that bounced or complained, as its cases' timelines recorded them
   * (`email_bounced`), newest first; bounces of messages to the creditor or the lawyer are not the client's.
   * A bounce is also handed to the client's other cases mailed at the address (they record it too):
   * a case counts only for a message of its own (filed under it, or listing it: its sent entry
   * names the message's `emailId`), or one no longer known.
   */
  bouncedAddresses(tenantId: string, clientId: string): Promise<BouncedAddress[]> {
    return this.db.query(
      `SELECT lower(t.data->>'recipient') AS address, max(t.at) AS "lastAt",
              bool_or(COALESCE(t.data->>'complaint', 'false') = 'true') AS complaint,
              array_agg(DISTINCT i.external_id ORDER BY i.external_id) AS cases
         FROM timeline_events t
         JOIN invoices i ON i.id = t.invoice_id
         LEFT JOIN emails e ON e.provider_id = t.data->>'emailId'
        WHERE t.tenant_id = $1 AND t.type = 'email_bounced' AND i.client_id = $2
          AND COALESCE(t.data->>'recipient', '') <> '' AND (e.template IS NULL OR e.template <> ALL($3))
          AND (e.invoice_id IS NULL OR e.invoice_id = t.invoice_id
               OR EXISTS (SELECT 1 FROM timeline_events s
                           WHERE s.invoice_id = t.invoice_id AND s.type = ANY($4::text[])
                             AND s.data->>'emailId' = t.data->>'emailId'))
        GROUP BY 1 ORDER BY 2 DESC, 1`,
      [tenantId, clientId, NOT_CLIENT_TEMPLATES, CLIENT_MESSAGE_TYPES],
    ) as Promise<BouncedAddress[]>;
  }

  /**
   * The messages the client was sent on any of its cases, newest first, at most `limit`. A message
   * is stored once (on one case); the other cases it covered name it on their timeline (`emailId`
   * of their sent step; a bounce handed to the client's other cases names it too, and lists nothing),
   * so each message lists every case it was about.
   */
  contactHistory(tenantId: string, clientId: string, limit: number): Promise<ContactRow[]> {
    return this.db.query(
      `WITH mine AS (SELECT id, external_id FROM invoices WHERE tenant_id = $1 AND client_id = $2),
       messages AS (
         SELECT e.provider_id, e.sent_at, e.template, e.step, e.subject, e.recipients, e.status, m.external_id
           FROM emails e JOIN mine m ON m.id = e.invoice_id
          WHERE e.provider_id IS NOT NULL AND e.template <> ALL($3)
          ORDER BY e.sent_at DESC NULLS LAST, e.provider_id LIMIT $4
       )
       SELECT msg.provider_id AS "emailId", msg.sent_at AS "sentAt", msg.template, msg.subject, msg.recipients,
              msg.status,
              (SELECT json_agg(json_build_object('externalId', x.external_id, 'step', x.step)
                               ORDER BY x.external_id, x.step)
                 FROM (SELECT msg.external_id, msg.step
                       UNION
                       SELECT m.external_id, t.step FROM timeline_events t JOIN mine m ON m.id = t.invoice_id
                        WHERE t.data->>'emailId' = msg.provider_id AND t.type = ANY($5::text[])) x) AS cases
         FROM messages msg
        ORDER BY msg.sent_at DESC NULLS LAST, msg.provider_id`,
      [tenantId, clientId, NOT_CLIENT_TEMPLATES, limit, CLIENT_MESSAGE_TYPES],
    ) as Promise<ContactRow[]>;
  }
}
