import {
  computePenalties,
  daysBetween,
  DEFAULT_RATE_TABLES,
  DomainError,
  localDate,
  parseMoney,
  toDecimal,
  type CaseStatus,
  type InvoiceInput,
  type Jurisdiction,
  type PenaltyBreakdown,
  type RateTables,
} from '@relance/domain';
import { InvoiceEntity, TimelineEventEntity } from '@relance/persistence';
import type { CaseState } from '@relance/workflows';
import type { CaseSummary, CaseView, PenaltiesResponse } from './schemas';

type TimelineEntryView = CaseView['timeline'][number];

export function timelineView(rows: TimelineEventEntity[]): TimelineEntryView[] {
  return rows.map((t) => ({ id: t.id, at: t.at.toISOString(), type: t.type, step: t.step, data: t.data }));
}

export function payloadOf(invoice: InvoiceEntity): InvoiceInput {
  return invoice.payload as unknown as InvoiceInput;
}

/** The date the mise en demeure went out, which starts interest for consumers. */
export function formalNoticeDate(
  invoice: InvoiceEntity,
  timeline: TimelineEventEntity[],
): string | undefined {
  const notice = timeline.find((t) => t.type === 'formal_notice_sent');
  return notice ? localDate(notice.at.toISOString(), payloadOf(invoice).client.timezone) : undefined;
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

function summary(invoice: InvoiceEntity, today: string): Omit<CaseSummary, 'createdAt'> {
  const payload = payloadOf(invoice);
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
    ...extraFields(invoice),
  };
}

type ExtraFields = Pick<CaseSummary, 'overpaid' | 'pausedReason' | 'actionRequired'>;

/** The surplus, why the case is on hold and a step waiting for the creditor (projection's `case_extra`). */
function extraFields(invoice: InvoiceEntity): ExtraFields {
  const extra = invoice.caseExtra ?? {};
  // Until a sync has written it: `paid` starts at total − amountDue and adds every accepted payment.
  const overpaidMinor = extra.overpaidMinor ?? Math.max(0, invoice.paidMinor - invoice.totalMinor);
  const action = extra.actionRequired;
  return {
    ...(overpaidMinor > 0
      ? { overpaid: toDecimal({ currency: invoice.currency, minor: overpaidMinor }) }
      : {}),
    ...(extra.pausedReason ? { pausedReason: extra.pausedReason } : {}),
    ...(action ? { actionRequired: { step: action.step, reason: action.reason } } : {}),
  };
}

export function caseSummary(invoice: InvoiceEntity, now: Date): CaseSummary {
  const today = localDate(now.toISOString(), payloadOf(invoice).client.timezone);
  return { ...summary(invoice, today), createdAt: invoice.createdAt.toISOString() };
}

/**
 * The case view of SPEC §4 from the Postgres projection the workflow keeps current, or from the
 * state an Update just answered with (`live`), which is never behind.
 */
export function caseView(
  stored: InvoiceEntity,
  timeline: TimelineEventEntity[],
  jurisdiction: Jurisdiction,
  now: Date,
  live?: CaseState,
  /** The operator's tables (`loadRateTables`); the shipped defaults when not given. */
  tables: RateTables = DEFAULT_RATE_TABLES,
): CaseView {
  const invoice = live ? withLiveState(stored, live) : stored;
  const tz = payloadOf(invoice).client.timezone;
  const today = localDate(now.toISOString(), tz);
  let penalties: CaseView['penalties'];
  try {
    const p = penaltyBreakdown(
      invoice,
      jurisdiction,
      today,
      invoice.balanceMinor,
      formalNoticeDate(invoice, timeline),
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
  const arrangements = live ? fromLive(live) : fromTimeline(invoice, timeline);
  return { ...summary(invoice, today), penalties, ...arrangements, timeline: timelineView(timeline) };
}

function withLiveState(invoice: InvoiceEntity, live: CaseState): InvoiceEntity {
  return {
    ...invoice,
    status: live.status,
    stage: live.stage,
    paidMinor: parseMoney(live.paid, invoice.currency).minor,
    balanceMinor: parseMoney(live.balance, invoice.currency).minor,
    nextAction: live.nextAction ? { ...live.nextAction } : null,
    caseExtra: {
      ...(live.overpaid ? { overpaidMinor: parseMoney(live.overpaid, invoice.currency).minor } : {}),
      ...(live.pausedReason ? { pausedReason: live.pausedReason } : {}),
      ...(live.actionRequired ? { actionRequired: live.actionRequired } : {}),
    },
  };
}

type Arrangements = Pick<CaseView, 'promise' | 'plan' | 'formalNotice'>;

function fromLive(live: CaseState): Arrangements {
  return {
    ...(live.promise ? { promise: live.promise } : {}),
    ...(live.plan ? { plan: live.plan } : {}),
    ...(live.formalNotice ? { formalNotice: live.formalNotice } : {}),
  };
}

/** The same arrangements, read back from the audit trail (the projection has no column for them). */
function fromTimeline(invoice: InvoiceEntity, timeline: TimelineEventEntity[]): Arrangements {
  const last = (type: string) => timeline.filter((t) => t.type === type).at(-1);
  const out: Arrangements = {};
  const promise = last('promise_recorded');
  if (invoice.status === 'promised' && promise) {
    out.promise = {
      date: String(promise.data.date),
      ...(promise.data.note ? { note: String(promise.data.note) } : {}),
    };
  }
  const plan = last('plan_agreed');
  if (invoice.status === 'payment_plan' && plan) {
    const paidMinor = timeline
      .filter(
        (t) =>
          t.type === 'payment_received' &&
          t.data.accepted !== false &&
          t.at >= plan.at &&
          typeof t.data.amount === 'string',
      )
      .reduce((sum, t) => sum + parseMoney(String(t.data.amount), invoice.currency).minor, 0);
    const instalments = (plan.data.instalments as { dueDate: string; amount: string }[] | undefined) ?? [];
    out.plan = { instalments, paid: toDecimal({ currency: invoice.currency, minor: paidMinor }) };
  }
  const notice = last('formal_notice_sent');
  if (notice)
    out.formalNotice = {
      sentOn: formalNoticeDate(invoice, timeline)!,
      deadline: String(notice.data.deadline ?? ''),
    };
  return out;
}
