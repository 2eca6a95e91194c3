import type { InvoiceInput } from '../invoice/invoice';
import { parseMoney, toDecimal } from '../money';
import { NO_STAGE } from '../policy/types';
import type { CaseStatus } from './status';

// The case as the rest of the system sees it, typed once: the workflow answers it (with the
// invoice's identity), the worker writes it to Postgres (`invoices.case_record`, its list columns
// derived from it), the API reads it.

/** What the case waits for next: a policy step's action, or a date of a promise or a plan. */
export interface NextAction {
  step: string;
  /**
   * A policy action, `promise_check`, `instalment_reminder`, `instalment_check`,
   * `action_required` or `approve_handoff` (the hand-off waits for the creditor's yes).
   */
  action: string;
  at: string;
  /** Why the case waits (`action_required`). */
  reason?: string;
}

/** A credit note (avoir) of the billing system: reduces the balance, never a payment. */
export interface CreditNote {
  id: string;
  amount: string;
  issuedOn: string;
  reason?: string;
}

/** A registered letter the creditor recorded as posted (and, once known, received). */
export interface RegisteredLetter {
  postedOn: string;
  trackingNumber?: string;
  receivedOn?: string;
}

export interface Instalment {
  dueDate: string;
  amount: string;
}

/**
 * The persisted view of a case, written whole with every change. Amounts are decimal strings of
 * the invoice currency.
 */
export interface CaseRecord {
  status: CaseStatus;
  /** Id of the last policy step run; `none` (NO_STAGE) before the first. */
  stage: string;
  paid: string;
  balance: string;
  nextAction: NextAction | null;
  promise?: { date: string; note?: string };
  plan?: { instalments: Instalment[]; paid: string };
  /** The mise en demeure: the day it is dated (consumers' interest runs from it) and its deadline. */
  formalNotice?: { sentOn: string; deadline: string };
  /** Received beyond the balance: to refund or apply (docs/architecture.md "What a case reacts to"). */
  overpaid?: string;
  /** Why an open case is on hold (client reply, manual pause, action required…). */
  pausedReason?: string;
  /** A step that failed for good and waits for the creditor. */
  actionRequired?: { step: string; reason: string };
  /** Sum of the credit notes applied (shown apart from `paid`: an avoir is not a payment). */
  credited?: string;
  creditNotes?: CreditNote[];
  /** The due date in force, once changed after registration (PATCH); absent → the registered one. */
  dueDate?: string;
  /** Set with `dueDate`: the due date the invoice was registered with. */
  registeredDueDate?: string;
  /** Registered letters recorded by the creditor, in the order recorded. */
  letters?: RegisteredLetter[];
}

/** The fields of the record a list shows (and the list columns are derived from). */
export type ListedRecord = Pick<
  CaseRecord,
  'status' | 'stage' | 'paid' | 'balance' | 'nextAction' | 'overpaid' | 'pausedReason' | 'actionRequired'
>;

/**
 * The record of a case registered whose workflow has not written yet: pending, no step run,
 * what the registration says is paid and due.
 */
export function openingRecord(invoice: Pick<InvoiceInput, 'currency' | 'total' | 'amountDue'>): CaseRecord {
  const total = parseMoney(invoice.total, invoice.currency);
  const due = parseMoney(invoice.amountDue, invoice.currency);
  return {
    status: 'pending',
    stage: NO_STAGE,
    paid: toDecimal({ currency: invoice.currency, minor: total.minor - due.minor }),
    balance: toDecimal(due),
    nextAction: null,
  };
}

/** Every type of timeline entry a writer (API, workflow, worker) records (apps/api/README.md). */
export const TIMELINE_TYPES = [
  'registered',
  'reminder_sent',
  'call_task_created',
  'letter_task_created',
  'formal_notice_sent',
  'legal_handoff_sent',
  'handoff_approval_requested',
  'handoff_approved',
  'handoff_declined',
  'call_outcome_recorded',
  'email_delivered',
  'email_bounced',
  'email_opened',
  'email_failed',
  'action_required',
  'reply_received',
  'auto_reply_received',
  'payment_received',
  'credit_note_recorded',
  'due_date_changed',
  'letter_posted',
  'letter_received',
  'overpaid',
  'paused',
  'resumed',
  'promise_recorded',
  'promise_missed',
  'plan_agreed',
  'instalment_missed',
  'disputed',
  'cancelled',
  'paid',
  'unrecovered',
  'creditor_alerted',
] as const;
export type TimelineType = (typeof TIMELINE_TYPES)[number];

/** Whether a stored entry's type is one written today (older rows may hold retired ones). */
export function isTimelineType(type: string): type is TimelineType {
  return (TIMELINE_TYPES as readonly string[]).includes(type);
}
