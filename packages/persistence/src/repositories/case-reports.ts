import type { DataSource } from 'typeorm';

/**
 * An open case: not closed as paid, cancelled or unrecovered (the `invoices_open_by_due` index's
 * predicate), on the invoices row `alias` names.
 */
export function openCase(alias?: string): string {
  return `${alias ? `${alias}.` : ''}status NOT IN ('paid', 'cancelled', 'unrecovered')`;
}

/**
 * The aging bucket of an invoice row on the day `asOf` (a SQL date expression): days past its due
 * date, `not_due`, `1_30`, `31_60`, `61_90`, `90_plus`. One definition for every aging read.
 */
export function agingBucket(asOf: string, dueDate = 'due_date'): string {
  return `CASE WHEN ${asOf}::date - ${dueDate} <= 0 THEN 'not_due'
               WHEN ${asOf}::date - ${dueDate} <= 30 THEN '1_30'
               WHEN ${asOf}::date - ${dueDate} <= 60 THEN '31_60'
               WHEN ${asOf}::date - ${dueDate} <= 90 THEN '61_90'
               ELSE '90_plus' END`;
}

/** One aging bucket of one currency: open cases and their balance (minor units, as text). */
export interface AgingRow {
  currency: string;
  bucket: string;
  cases: number;
  minor: string;
}

/** A day range read in a time zone: [from 00:00, to + 1 00:00) local time. */
export interface ReportPeriod {
  from: string;
  to: string;
  timeZone: string;
}

/** The first time a case reached a step in the period. */
export interface StepReached {
  invoiceId: string;
  step: string;
  at: Date;
}

/** A fully paid case with a step in the period, and its payments. */
export interface PaidCase {
  id: string;
  currency: string;
  /** From the due date to the day of the last payment, in the period's zone. */
  daysToPayment: number;
  payments: { paidAt: string; minor: number | string }[];
}

/**
 * The reports' reads, one tenant at a time. A read model rather than a table's repository: each
 * query aggregates over `invoices`, `timeline_events` and `payments` at once, in Postgres.
 */
export class CaseReports {
  constructor(private readonly db: DataSource) {}

  /** Open cases by currency and days past due on `asOf`. */
  aging(tenantId: string, asOf: string): Promise<AgingRow[]> {
    return this.db.query(
      `SELECT currency, ${agingBucket('$2')} AS bucket,
              count(*)::int AS cases, sum(balance_minor)::text AS minor
         FROM invoices
        WHERE tenant_id = $1 AND ${openCase()}
        GROUP BY 1, 2`,
      [tenantId, asOf],
    ) as Promise<AgingRow[]>;
  }

  /** Each case's first entry of each step, among the entries of these types in the period. */
  stepsReached(tenantId: string, types: string[], period: ReportPeriod): Promise<StepReached[]> {
    return this.db.query(
      `SELECT t.invoice_id AS "invoiceId", t.step, min(t.at) AS at
         FROM timeline_events t WHERE ${IN_PERIOD}
        GROUP BY t.invoice_id, t.step`,
      params(tenantId, types, period),
    ) as Promise<StepReached[]>;
  }

  /** The paid cases that reached one of these step entries in the period, with their payments. */
  paidCases(tenantId: string, types: string[], period: ReportPeriod): Promise<PaidCase[]> {
    return this.db.query(
      `SELECT i.id, i.currency,
              ((max(p.paid_at) AT TIME ZONE $5)::date - i.due_date)::int AS "daysToPayment",
              json_agg(json_build_object('paidAt', p.paid_at, 'minor', p.amount_minor)) AS payments
         FROM invoices i JOIN payments p ON p.invoice_id = i.id
        WHERE i.tenant_id = $1 AND i.status = 'paid'
          AND EXISTS (SELECT 1 FROM timeline_events t WHERE t.invoice_id = i.id AND ${IN_PERIOD})
        GROUP BY i.id`,
      params(tenantId, types, period),
    ) as Promise<PaidCase[]>;
  }
}

const IN_PERIOD = `t.tenant_id = $1 AND t.type = ANY($2) AND t.step IS NOT NULL
      AND t.at >= ($3::date::timestamp AT TIME ZONE $5) AND t.at < (($4::date + 1)::timestamp AT TIME ZONE $5)`;

const params = (tenantId: string, types: string[], p: ReportPeriod) => [
  tenantId,
  types,
  p.from,
  p.to,
  p.timeZone,
];
