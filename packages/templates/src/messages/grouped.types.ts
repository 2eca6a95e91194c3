import type { NoticeLetterVars } from './notice-letter';
import type { Jurisdiction } from '../types';

/** Values for copy about several invoices of one client, formatted for the reader. */
export interface GroupVars {
  count: number;
  /** The balance of the invoices concerned, per currency ("4 250,00 € + 300,00 £"). */
  total: string;
  /** The client as addressed on documents: company, else name. */
  client: string;
  creditor: string;
}

/** Copy of an email about several invoices: preview line, heading and body paragraphs. */
export interface GroupCopy<X = object> {
  preview(g: GroupVars, x: X): string;
  heading(g: GroupVars, x: X): string;
  body(g: GroupVars, x: X): string[];
}

export interface GroupAlertCopy<X = object> {
  subject(g: GroupVars, x: X): string;
  heading(g: GroupVars, x: X): string;
  body(g: GroupVars, x: X): string[];
}

export interface GroupedMessages {
  subject: {
    courtesy(g: GroupVars): string;
    friendly(g: GroupVars): string;
    firm(g: GroupVars): string;
    urgent(g: GroupVars): string;
    formal_notice(g: GroupVars): string;
  };
  courtesy: GroupCopy;
  friendly: GroupCopy;
  firm: GroupCopy<{ lateFees: string }>;
  urgent: GroupCopy<{ formalNoticeOn?: string }>;
  formal_notice: GroupCopy<
    NoticeLetterVars & {
      deadline: string;
      sentOn: string;
      totalDue: string;
      jurisdiction: Jurisdiction;
    }
  >;
  /** Firm, when the invoices fall due on different days: when late fees run. */
  eachDayAfterDue: string;
  /** "40 € par facture". */
  perInvoice(fee: string): string;
  /** The fixed indemnity when no penalty was computed yet ("40 €"). */
  defaultFixedFee: string;
  /** Before the invoice list when some invoice is partly paid. */
  partlyPaidNote: string;
  /** Instead of partlyPaidNote when some invoice has a credit note (an avoir is not a payment). */
  creditedNote: string;
  list: {
    title: string;
    /** For emails to the creditor. */
    titleNeutral: string;
    number: string;
    issueDate: string;
    dueDate: string;
    balance: string;
    late: string;
    daysLate(days: number): string;
    total: string;
  };
  alsoOutstanding: { title: string; intro: string; total: string; accountTotal: string };
  pdfs: {
    attached(numbers: string, count: number): string;
    linked: string;
    onRequest(numbers: string, count: number): string;
  };
  /** Before a link or an amount that belongs to one invoice: "F-2026-0042 : ". */
  labelled(number: string): string;
  pay: {
    /** The reference when the invoice numbers do not fit a transfer's reference field. */
    referenceMany: string;
    /** Before one payment link per invoice. */
    links: string;
  };
  notice: {
    title(asOf: string): string;
    number: string;
    principal: string;
    interest: string;
    fixedFee: string;
    total: string;
    totalDue: string;
    totalDueProvisional: string;
    /** Under the table: the per-period detail is in the letter. */
    detailInLetter: string;
  };
  /** "F-1, F-2 et F-3". */
  and: string;
  footer(g: GroupVars): string;
  alert: {
    reply: GroupAlertCopy<{
      from: string;
      receivedAt: string;
      count: number;
      unverified: boolean;
      paused: boolean;
    }>;
    bounce: GroupAlertCopy<{ step: string; recipient: string; reason?: string; complaint: boolean }>;
    call_task: GroupAlertCopy<{ step: string; phone?: string; bounced: boolean }>;
    formal_notice_sent: GroupAlertCopy<{ deadline: string }>;
    handed_off: GroupAlertCopy<{ lawyer: string }>;
    unrecovered: GroupAlertCopy<{ reason: string }>;
    action_required: GroupAlertCopy<{
      step: string;
      reason: string;
      externalId: string;
      clientId?: string;
      linked: boolean;
    }>;
    letter_task: GroupAlertCopy<{ step: string; sentOn: string; deadline: string; totalDue: string }>;
  };
}
