import {
  daysBetween,
  DEFAULT_RATE_TABLES,
  DomainError,
  localDate,
  penaltiesFor,
  recordPenaltyFacts,
  toDecimal,
  type InvoiceInput,
  type Jurisdiction,
  type ListedRecord,
  type PenaltyBreakdown,
  type RateTables,
} from '@relance/domain';
import {
  InvoiceEntity,
  listedRecordOf,
  recordOf,
  TimelineEventEntity,
  type InvoiceListRow,
} from '@relance/persistence';
import type { CaseSummary, CaseView, PenaltiesResponse } from './schemas';

type TimelineEntryView = CaseView['timeline'][number];

export function timelineView(rows: TimelineEventEntity[]): TimelineEntryView[] {
  return rows.map((t) => ({ id: t.id, at: t.at.toISOString(), type: t.type, step: t.step, data: t.data }));
}

export function payloadOf(invoice: InvoiceEntity): InvoiceInput {
  return invoice.payload as unknown as InvoiceInput;
}

/**
 * Penalties of the case as of a date, with the operator's rate tables: on the balance of its
 * record, from the date of the notice its record holds (`penaltiesFor`, as the worker computes
 * them). Throws the domain error for a date before the tables.
 */
export function penaltyBreakdown(
  invoice: InvoiceEntity,
  tenantJurisdiction: Jurisdiction,
  asOf: string,
  tables: RateTables,
): PenaltyBreakdown {
  const payload = payloadOf(invoice);
  return penaltiesFor({
    // The due date in force (a PATCH moves it): interest runs from the day after it.
    invoice: { ...payload, dueDate: invoice.dueDate },
    tenantJurisdiction,
    facts: recordPenaltyFacts(recordOf(invoice), payload.currency),
    asOf,
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

/** What a summary shows of the invoice itself: a list row has it (a full row is one too). */
type Listed = Pick<
  InvoiceListRow,
  'externalId' | 'number' | 'workflowId' | 'currency' | 'totalMinor' | 'issueDate' | 'dueDate' | 'payload'
>;

/** The invoice's identity and the listed fields of its case record. */
function summary(invoice: Listed, record: ListedRecord, today: string): Omit<CaseSummary, 'createdAt'> {
  const { client } = invoice.payload;
  const action = record.actionRequired;
  return {
    externalId: invoice.externalId,
    number: invoice.number,
    workflowId: invoice.workflowId,
    status: record.status,
    stage: record.stage,
    currency: invoice.currency,
    total: toDecimal({ currency: invoice.currency, minor: invoice.totalMinor }),
    paid: record.paid,
    balance: record.balance,
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    daysOverdue: Math.max(0, daysBetween(invoice.dueDate, today)),
    client: { id: client.id, name: client.name, company: client.company },
    nextAction: record.nextAction ? { ...record.nextAction } : null,
    ...(record.overpaid ? { overpaid: record.overpaid } : {}),
    ...(record.pausedReason ? { pausedReason: record.pausedReason } : {}),
    ...(action ? { actionRequired: { step: action.step, reason: action.reason } } : {}),
  };
}

/** A case of a list, from the list row (never the payload nor the whole record). */
export function caseSummary(invoice: InvoiceListRow, now: Date): CaseSummary {
  const today = localDate(now.toISOString(), invoice.payload.client.timezone);
  return { ...summary(invoice, listedRecordOf(invoice), today), createdAt: invoice.createdAt.toISOString() };
}

/**
 * The case view of apps/api/README.md from the case record the worker writes with every change of
 * the case (its workflow's own view), the audit trail and penalties as of today.
 */
export function caseView(
  invoice: InvoiceEntity,
  timeline: TimelineEventEntity[],
  tenantJurisdiction: Jurisdiction,
  now: Date,
  /** The operator's tables (`loadRateTables`); the shipped defaults when not given. */
  tables: RateTables = DEFAULT_RATE_TABLES,
): CaseView {
  const tz = payloadOf(invoice).client.timezone;
  const today = localDate(now.toISOString(), tz);
  const record = recordOf(invoice);
  let penalties: CaseView['penalties'];
  try {
    const p = penaltyBreakdown(invoice, tenantJurisdiction, today, tables);
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
  return {
    ...summary(invoice, record, today),
    penalties,
    ...(record.promise ? { promise: { ...record.promise } } : {}),
    ...(record.plan
      ? { plan: { instalments: record.plan.instalments.map((i) => ({ ...i })), paid: record.plan.paid } }
      : {}),
    ...(record.formalNotice ? { formalNotice: { ...record.formalNotice } } : {}),
    ...(record.credited ? { credited: record.credited } : {}),
    ...(record.creditNotes?.length ? { creditNotes: record.creditNotes.map((n) => ({ ...n })) } : {}),
    ...(record.registeredDueDate ? { registeredDueDate: record.registeredDueDate } : {}),
    ...(record.letters?.length ? { letters: record.letters.map((l) => ({ ...l })) } : {}),
    timeline: timelineView(timeline),
  };
}
