import { toDecimal } from '@relance/domain';
import type {
  GroupedInvoiceLine,
  GroupedMessageBase,
  GroupedNoticeLine,
  GroupedReminderMessage,
} from '@relance/templates';
import type { Amounts, StepRequest } from '@relance/workflows';
import type { CaseContext } from './case-store';
import { messageBase, paymentUrl, penaltyView } from './messages';

const DAY_MS = 86_400_000;

/** One invoice of a grouped message, as of today: its amounts, days late and whether its PDF rides along. */
export function invoiceLine(ctx: CaseContext, amounts: Amounts, pdfAttached?: boolean): GroupedInvoiceLine {
  const { payload } = ctx;
  const money = (minor: number) => toDecimal({ currency: payload.currency, minor });
  const today = new Date().toISOString().slice(0, 10);
  return {
    number: payload.number,
    issueDate: payload.issueDate,
    dueDate: ctx.invoice.dueDate,
    currency: payload.currency,
    total: payload.total,
    paid: money(amounts.paidMinor),
    balance: money(amounts.balanceMinor),
    ...(amounts.creditedMinor ? { credited: money(amounts.creditedMinor) } : {}),
    paymentUrl: paymentUrl(ctx),
    daysLate: Math.round((Date.parse(today) - Date.parse(ctx.invoice.dueDate)) / DAY_MS),
    ...(pdfAttached === undefined ? {} : { pdfAttached }),
    ...(pdfAttached === false && payload.pdfUrl ? { pdfUrl: payload.pdfUrl } : {}),
  };
}

/** The members of a grouped message in the order it lists them: oldest due date first. */
export function byDueDate(members: StepRequest[], byCase: Map<string, CaseContext>): StepRequest[] {
  const due = (m: StepRequest) => byCase.get(m.ref.workflowId)!.invoice.dueDate;
  return [...members].sort((a, b) => due(a).localeCompare(due(b)));
}

/**
 * The grouped reminder of a client account: the invoices whose steps it carries (`ordered`), at
 * the tone of the most advanced (`lead`), and the client's other overdue invoices. `attached`
 * tells, per case with an invoice PDF, whether it rides along (the cap) or is only named.
 */
export function groupedReminder(
  lead: StepRequest,
  ordered: StepRequest[],
  byCase: Map<string, CaseContext>,
  others: CaseContext[],
  attached: Map<string, boolean>,
): GroupedReminderMessage {
  return {
    ...groupedBase(byCase.get(lead.ref.workflowId)!, lead),
    template: 'grouped_reminder',
    tone: lead.tone ?? 'friendly',
    invoices: ordered.map((m) =>
      invoiceLine(byCase.get(m.ref.workflowId)!, m.amounts, attached.get(m.ref.workflowId)),
    ),
    alsoOutstanding: others.map((ctx) =>
      invoiceLine(ctx, { paidMinor: ctx.invoice.paidMinor, balanceMinor: ctx.invoice.balanceMinor }),
    ),
    ...(lead.lateFeesFrom ? { lateFeesFrom: lead.lateFeesFrom } : {}),
    ...(lead.formalNoticeOn ? { formalNoticeOn: lead.formalNoticeOn } : {}),
  };
}

/** What every grouped message to the client shares: the lead case's parties, language and law. */
export function groupedBase(leadCtx: CaseContext, lead: StepRequest): Omit<GroupedMessageBase, 'invoices'> {
  const { invoice: _single, ...base } = messageBase(leadCtx, lead.amounts, 'client');
  return base;
}

/** An invoice the grouped formal notice claims, with its own penalties (as its case computed them). */
export function noticeLine(ctx: CaseContext, m: StepRequest): GroupedNoticeLine {
  return { ...invoiceLine(ctx, m.amounts), penalties: penaltyView(m.penalties!) };
}
