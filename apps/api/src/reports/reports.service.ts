import { Inject, Injectable } from '@nestjs/common';
import { addDays, daysBetween, localDate, toDecimal } from '@relance/domain';
import { CaseReports, ClientAccounts, TenantEntity } from '@relance/persistence';
import { DataSource } from 'typeorm';
import { decodeClientCursor, encodeClientCursor } from '../clients/cursor';
import { invalid } from '../common/problem';
import { agingCurrencies } from './aging';
import {
  MAX_REPORT_DAYS,
  type AgingByClientReport,
  type AgingReport,
  type EffectivenessReport,
} from './schemas';

const STEP_EVENTS = ['reminder_sent', 'formal_notice_sent', 'legal_handoff_sent'];

/** Reports from the Postgres projection and the timeline, scoped to one tenant. */
@Injectable()
export class ReportsService {
  private readonly reads: CaseReports;
  private readonly accounts: ClientAccounts;

  constructor(@Inject(DataSource) db: DataSource) {
    this.reads = new CaseReports(db);
    this.accounts = new ClientAccounts(db);
  }

  private today(tenant: TenantEntity): string {
    return localDate(new Date().toISOString(), tenant.settings.timezone);
  }

  /** Outstanding balance of open cases by days past due, per currency. */
  async aging(tenant: TenantEntity): Promise<AgingReport> {
    const asOf = this.today(tenant);
    return { asOf, currencies: agingCurrencies(await this.reads.aging(tenant.id, asOf)) };
  }

  /**
   * The aging report by client account (issue 20): one line per client with an open case, in
   * client id order, a page at a time; each line the report's currencies and buckets.
   */
  async agingByClient(
    tenant: TenantEntity,
    page: { limit: number; cursor?: string },
  ): Promise<AgingByClientReport> {
    const asOf = this.today(tenant);
    const { ids, more } = await this.accounts.clientIds(tenant.id, {
      limit: page.limit,
      after: page.cursor ? decodeClientCursor(page.cursor) : undefined,
      openOnly: true,
    });
    const [rows, names] = await Promise.all([
      this.accounts.aging(tenant.id, asOf, ids),
      this.accounts.summaries(tenant.id, ids),
    ]);
    return {
      asOf,
      by: 'client',
      clients: names.map((c) => ({
        client: { id: c.clientId, name: c.name, ...(c.company ? { company: c.company } : {}) },
        currencies: agingCurrencies(rows.filter((r) => r.clientId === c.clientId)),
      })),
      nextCursor: more && ids.length > 0 ? encodeClientCursor(ids.at(-1)!) : null,
    };
  }

  /**
   * Which reminder works: for each step run in [from, to], the cases that reached it, and those
   * fully paid with it as the last step before payment (amount paid after it, median days from
   * the due date to the payment). Two queries and one pass over their rows: linear in the cases.
   */
  async effectiveness(tenant: TenantEntity, q: { from?: string; to?: string }): Promise<EffectivenessReport> {
    const to = q.to ?? this.today(tenant);
    const from = q.from ?? addDays(to, -90);
    checkPeriod(from, to, q.to !== undefined);
    const period = { from, to, timeZone: tenant.settings.timezone };
    const steps = await this.reads.stepsReached(tenant.id, STEP_EVENTS, period);
    const paid = await this.reads.paidCases(tenant.id, STEP_EVENTS, period);

    const order = (tenant.settings.defaultPolicy?.steps ?? []).map((s) => s.id);
    const stats = new Map<
      string,
      { reached: number; cases: number; amounts: Map<string, number>; days: number[] }
    >();
    const byInvoice = new Map<string, { step: string; at: number }[]>();
    for (const s of steps) {
      let stat = stats.get(s.step);
      if (!stat) stats.set(s.step, (stat = { reached: 0, cases: 0, amounts: new Map(), days: [] }));
      stat.reached += 1;
      const mine = byInvoice.get(s.invoiceId) ?? [];
      if (mine.length === 0) byInvoice.set(s.invoiceId, mine);
      mine.push({ step: s.step, at: s.at.getTime() });
    }
    for (const invoice of paid) {
      const currency = invoice.currency.trim();
      const payments = invoice.payments.map((p) => ({ at: Date.parse(p.paidAt), minor: Number(p.minor) }));
      const paidAt = Math.max(...payments.map((p) => p.at));
      // The case's own steps only: a few per case, whatever the number of cases.
      let last: { step: string; at: number } | undefined;
      for (const s of byInvoice.get(invoice.id) ?? [])
        if (s.at <= paidAt && (!last || s.at > last.at)) last = s;
      if (!last) continue;
      const stat = stats.get(last.step)!;
      stat.cases += 1;
      const after = payments.filter((p) => p.at >= last.at).reduce((n, p) => n + p.minor, 0);
      stat.amounts.set(currency, (stat.amounts.get(currency) ?? 0) + after);
      stat.days.push(invoice.daysToPayment);
    }
    const stepIds = [...stats.keys()].sort((a, b) => rank(order, a) - rank(order, b) || a.localeCompare(b));
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

/**
 * The period once its defaults are applied (the schema checks what the caller gave): at most
 * MAX_REPORT_DAYS days, so one request never scans years of a tenant's history.
 */
function checkPeriod(from: string, to: string, toGiven: boolean): void {
  if (from > to) {
    throw invalid([{ path: toGiven ? 'to' : 'from', message: `must not be after to (${to})` }]);
  }
  if (daysBetween(from, to) + 1 > MAX_REPORT_DAYS) {
    throw invalid([
      { path: 'from', message: `the period may cover at most ${MAX_REPORT_DAYS} days, to ${to} included` },
    ]);
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
