import {
  computePenalties,
  daysBetween,
  DEFAULT_RATE_TABLES,
  DomainError,
  localDate,
  toDecimal,
  type CaseStatus,
  type InvoiceInput,
  type Jurisdiction,
  type PenaltyBreakdown,
  type RateTables,
} from '@relance/domain';
import { InvoiceEntity, TimelineEventEntity, type InvoiceListRow } from '@relance/persistence';
import type { CaseSummary, CaseView, PenaltiesResponse } from './schemas';

type TimelineEntryView = CaseView['timeline'][number];

export function timelineView(rows: TimelineEventEntity[]): TimelineEntryView[] {
  return rows.map((t) => ({ id: t.id, at: t.at.toISOString(), type: t.type, step: t.step, data: t.data }));
}

export function payloadOf(invoice: InvoiceEntity): InvoiceInput {
  return invoice.payload as unknown as InvoiceInput;
}

/** The date of the mise en demeure (its letter's date), which starts interest for consumers. */
export function formalNoticeDate(invoice: InvoiceEntity): string | undefined {
  return invoice.caseRecord?.formalNotice?.sentOn;
}

/**
 * Penalties on `balanceMinor` as of a date, with the operator's rate tables; a figure not loaded
 * yet makes the breakdown provisional. Throws the domain error for a date before the tables.
 */
export function penaltyBreakdown(
  invoice: InvoiceEntity,
  jurisdiction: Jurisdiction,
  asOf: string,
  balanceMinor: number,
  noticeDate: string | undefined,
  tables: RateTables,
): PenaltyBreakdown {
  const payload = payloadOf(invoice);
  return computePenalties({
    principal: { currency: invoice.currency, minor: balanceMinor },
    dueDate: invoice.dueDate,
    asOf,
    jurisdiction,
    clientType: payload.client.type,
    contractualRatePercent: payload.penalties?.ratePercent,
    formalNoticeDate: noticeDate,
    tables,
  });
}

/** The public shape of a breakdown: decimal strings only. */
export function penaltiesResponse(p: PenaltyBreakdown): PenaltiesResponse {
  return {
    jurisdiction: p.jurisdiction,
    clientType: p.clientType,
    dueDate: p.dueDate,
    asOf: p.asOf,
    currency: p.currency,
    principal: p.principal,
    periods: p.periods.map(({ interestMinor: _minor, missingFigure, ...period }) => ({
      ...period,
      missingFigure: missingFigure?.id ?? null,
    })),
    interest: p.interest,
    fixedFee: p.fixedFee,
    total: p.total,
    notes: [...p.notes],
    provisional: p.provisional,
    // The operator's instructions (`message`) stay in the worker's logs.
    missingFigures: p.missingFigures.map(({ message: _message, ...figure }) => figure),
  };
}

/** From the list columns only (a full row is one too): lists never read the payload. */
function summary(invoice: InvoiceListRow, today: string): Omit<CaseSummary, 'createdAt'> {
  const { payload } = invoice;
  const money = (minor: number) => toDecimal({ currency: invoice.currency, minor });
  return {
    externalId: invoice.externalId,
    number: invoice.number,
    workflowId: invoice.workflowId,
    status: invoice.status as CaseStatus,
    stage: invoice.stage,
    currency: invoice.currency,
    total: money(invoice.totalMinor),
    paid: money(invoice.paidMinor),
    balance: money(invoice.balanceMinor),
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    daysOverdue: Math.max(0, daysBetween(invoice.dueDate, today)),
    client: { id: payload.client.id, name: payload.client.name, company: payload.client.company },
    nextAction: (invoice.nextAction as CaseSummary['nextAction']) ?? null,
    ...extraFields(invoice.caseRecord),
  };
}

type ExtraFields = Pick<CaseSummary, 'overpaid' | 'pausedReason' | 'actionRequired'>;

/** The surplus, why the case is on hold and a step waiting for the creditor, from the case record. */
function extraFields(record: InvoiceListRow['caseRecord']): ExtraFields {
  const action = record?.actionRequired;
  return {
    ...(record?.overpaid ? { overpaid: record.overpaid } : {}),
    ...(record?.pausedReason ? { pausedReason: record.pausedReason } : {}),
    ...(action ? { actionRequired: { step: action.step, reason: action.reason } } : {}),
  };
}

export function caseSummary(invoice: InvoiceListRow, now: Date): CaseSummary {
  const today = localDate(now.toISOString(), invoice.payload.client.timezone);
  return { ...summary(invoice, today), createdAt: invoice.createdAt.toISOString() };
}

/**
 * The case view of apps/api/README.md from the case record the worker writes with every change of the case
 * (its workflow's own view), the audit trail and penalties as of today.
 */
export function caseView(
  invoice: InvoiceEntity,
  timeline: TimelineEventEntity[],
  jurisdiction: Jurisdiction,
  now: Date,
  /** The operator's tables (`loadRateTables`); the shipped defaults when not given. */
  tables: RateTables = DEFAULT_RATE_TABLES,
): CaseView {
  const tz = payloadOf(invoice).client.timezone;
  const today = localDate(now.toISOString(), tz);
  let penalties: CaseView['penalties'];
  try {
    const p = penaltyBreakdown(
      invoice,
      jurisdiction,
      today,
      invoice.balanceMinor,
      formalNoticeDate(invoice),
      tables,
    );
    penalties = {
      interest: p.interest,
      fixedFee: p.fixedFee,
      total: p.total,
      asOf: p.asOf,
      provisional: p.provisional,
      ...(p.provisional ? { missingFigures: p.missingFigures.map((f) => f.id) } : {}),
    };
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    penalties = { error: err.message, asOf: today };
  }
  const record = invoice.caseRecord;
  return {
    ...summary(invoice, today),
    penalties,
    ...(record?.promise ? { promise: { ...record.promise } } : {}),
    ...(record?.plan
      ? { plan: { instalments: record.plan.instalments.map((i) => ({ ...i })), paid: record.plan.paid } }
      : {}),
    ...(record?.formalNotice ? { formalNotice: { ...record.formalNotice } } : {}),
    timeline: timelineView(timeline),
  };
}
