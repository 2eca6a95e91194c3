import { Inject, Injectable } from '@nestjs/common';
import { addDays, daysBetween, localDate, toDecimal } from '@relance/domain';
import { TenantEntity } from '@relance/persistence';
import { DataSource } from 'typeorm';
import { AGING_BUCKETS, type AgingReport, type EffectivenessReport } from './schemas';

const STEP_EVENTS = ['reminder_sent', 'formal_notice_sent', 'legal_handoff_sent'];

/** Reports from the Postgres projection and the timeline, scoped to one tenant. */
@Injectable()
export class ReportsService {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  private today(tenant: TenantEntity): string {
    return localDate(new Date().toISOString(), tenant.settings.timezone);
  }

  /** Outstanding balance of open cases by days past due, per currency. */
  async aging(tenant: TenantEntity): Promise<AgingReport> {
    const asOf = this.today(tenant);
    const rows = (await this.db.query(
      `SELECT currency,
              CASE WHEN $2::date - due_date <= 0 THEN 'not_due'
                   WHEN $2::date - due_date <= 30 THEN '1_30'
                   WHEN $2::date - due_date <= 60 THEN '31_60'
                   WHEN $2::date - due_date <= 90 THEN '61_90'
                   ELSE '90_plus' END AS bucket,
              count(*)::int AS cases, sum(balance_minor)::text AS minor
         FROM invoices
        WHERE tenant_id = $1 AND status NOT IN ('paid', 'cancelled', 'unrecovered')
        GROUP BY 1, 2`,
      [tenant.id, asOf],
    )) as { currency: string; bucket: string; cases: number; minor: string }[];
    const currencies = [...new Set(rows.map((r) => r.currency.trim()))].sort();
    return {
      asOf,
      currencies: currencies.map((currency) => {
        const mine = rows.filter((r) => r.currency.trim() === currency);
        const money = (minor: number) => toDecimal({ currency, minor });
        const buckets = AGING_BUCKETS.map((bucket) => {
          const r = mine.find((x) => x.bucket === bucket);
          return { bucket, cases: r?.cases ?? 0, balance: money(Number(r?.minor ?? 0)) };
        });
        return {
          currency,
          buckets,
          total: {
            cases: mine.reduce((n, r) => n + r.cases, 0),
            balance: money(mine.reduce((n, r) => n + Number(r.minor), 0)),
          },
        };
      }),
    };
  }

  /**
   * Which reminder works: for each step run in [from, to], the cases that reached it, and those
   * fully paid with it as the last step before payment (amount paid after it, median days from
   * the due date to the payment).
   */
  async effectiveness(tenant: TenantEntity, q: { from?: string; to?: string }): Promise<EffectivenessReport> {
    const to = q.to ?? this.today(tenant);
    const from = q.from ?? addDays(to, -90);
    const tz = tenant.settings.timezone;
    const steps = (await this.db.query(
      `SELECT t.invoice_id AS "invoiceId", t.step, min(t.at) AS at
         FROM timeline_events t
        WHERE t.tenant_id = $1 AND t.type = ANY($2) AND t.step IS NOT NULL
          AND t.at >= ($3::date::timestamp AT TIME ZONE $5) AND t.at < (($4::date + 1)::timestamp AT TIME ZONE $5)
        GROUP BY t.invoice_id, t.step`,
      [tenant.id, STEP_EVENTS, from, to, tz],
    )) as { invoiceId: string; step: string; at: Date }[];
    const invoiceIds = [...new Set(steps.map((s) => s.invoiceId))];
    const paid = invoiceIds.length
      ? ((await this.db.query(
          `SELECT i.id, i.currency, to_char(i.due_date, 'YYYY-MM-DD') AS "dueDate",
                  json_agg(json_build_object('paidAt', p.paid_at, 'minor', p.amount_minor)) AS payments
             FROM invoices i JOIN payments p ON p.invoice_id = i.id
            WHERE i.tenant_id = $1 AND i.status = 'paid' AND i.id = ANY($2::uuid[])
            GROUP BY i.id`,
          [tenant.id, invoiceIds],
        )) as {
          id: string;
          currency: string;
          dueDate: string;
          payments: { paidAt: string; minor: number | string }[];
        }[])
      : [];

    const order = (tenant.settings.defaultPolicy?.steps ?? []).map((s) => s.id);
    const stepIds = [...new Set(steps.map((s) => s.step))].sort(
      (a, b) => rank(order, a) - rank(order, b) || a.localeCompare(b),
    );
    const stats = new Map(
      stepIds.map((step) => [
        step,
        { reached: 0, cases: 0, amounts: new Map<string, number>(), days: [] as number[] },
      ]),
    );
    for (const s of steps) stats.get(s.step)!.reached += 1;
    for (const invoice of paid) {
      const currency = invoice.currency.trim();
      const payments = invoice.payments.map((p) => ({ at: new Date(p.paidAt), minor: Number(p.minor) }));
      const paidAt = new Date(Math.max(...payments.map((p) => p.at.getTime())));
      const last = steps
        .filter((s) => s.invoiceId === invoice.id && new Date(s.at) <= paidAt)
        .sort((a, b) => new Date(b.at).getTime() - new Date(a.at).getTime())[0];
      if (!last) continue;
      const stat = stats.get(last.step)!;
      stat.cases += 1;
      const after = payments.filter((p) => p.at >= new Date(last.at)).reduce((n, p) => n + p.minor, 0);
      stat.amounts.set(currency, (stat.amounts.get(currency) ?? 0) + after);
      stat.days.push(daysBetween(invoice.dueDate, localDate(paidAt.toISOString(), tz)));
    }
    return {
      from,
      to,
      steps: stepIds.map((step) => {
        const s = stats.get(step)!;
        return {
          step,
          reached: s.reached,
          paidAfter: {
            cases: s.cases,
            amounts: [...s.amounts]
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([currency, minor]) => ({ currency, amount: toDecimal({ currency, minor }) })),
          },
          medianDaysToPayment: median(s.days),
        };
      }),
    };
  }
}

function rank(order: string[], step: string): number {
  const i = order.indexOf(step);
  return i === -1 ? order.length : i;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
