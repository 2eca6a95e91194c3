import {
  computePenalties,
  daysBetween,
  DomainError,
  localDate,
  toDecimal,
  type InvoiceInput,
  type Jurisdiction,
} from '@relance/domain';
import { InvoiceEntity, TimelineEventEntity } from '@relance/persistence';

export interface TimelineEntryView {
  id: string;
  at: string;
  type: string;
  step: string | null;
  data: Record<string, unknown>;
}

export function timelineView(rows: TimelineEventEntity[]): TimelineEntryView[] {
  return rows.map((t) => ({ id: t.id, at: t.at.toISOString(), type: t.type, step: t.step, data: t.data }));
}

/** Penalties as of `asOf` on the current balance, or why they cannot be computed yet. */
export function penaltiesView(invoice: InvoiceEntity, jurisdiction: Jurisdiction, asOf: string, formalNoticeDate?: string) {
  const payload = invoice.payload as unknown as InvoiceInput;
  try {
    const p = computePenalties({
      principal: { currency: invoice.currency, minor: invoice.balanceMinor },
      dueDate: invoice.dueDate,
      asOf,
      jurisdiction,
      clientType: payload.client.type,
      contractualRatePercent: payload.penalties?.ratePercent,
      formalNoticeDate,
    });
    return { interest: p.interest, fixedFee: p.fixedFee, total: p.total, asOf: p.asOf, breakdown: p };
  } catch (err) {
    if (err instanceof DomainError) return { error: err.message, asOf };
    throw err;
  }
}

/** The case view of SPEC §4, from the Postgres projection the workflow keeps current. */
export function caseView(invoice: InvoiceEntity, timeline: TimelineEventEntity[], jurisdiction: Jurisdiction, now: Date) {
  const payload = invoice.payload as unknown as InvoiceInput;
  const today = localDate(now.toISOString(), payload.client.timezone);
  const money = (minor: number) => toDecimal({ currency: invoice.currency, minor });
  const notice = timeline.find((t) => t.type === 'formal_notice_sent');
  const penalties = penaltiesView(invoice, jurisdiction, today, notice ? localDate(notice.at.toISOString(), payload.client.timezone) : undefined);
  const { breakdown: _breakdown, ...penaltySummary } = penalties as { breakdown?: unknown };
  return {
    externalId: invoice.externalId,
    number: invoice.number,
    workflowId: invoice.workflowId,
    status: invoice.status,
    stage: invoice.stage,
    currency: invoice.currency,
    total: money(invoice.totalMinor),
    paid: money(invoice.paidMinor),
    balance: money(invoice.balanceMinor),
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    daysOverdue: Math.max(0, daysBetween(invoice.dueDate, today)),
    client: { id: payload.client.id, name: payload.client.name, company: payload.client.company },
    penalties: penaltySummary,
    nextAction: invoice.nextAction,
    timeline: timelineView(timeline),
  };
}

export type CaseView = ReturnType<typeof caseView>;
