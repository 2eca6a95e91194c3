import type { NoticeLetterVars } from './notice-letter';
import type { RateTableId } from '@relance/domain';
import type { ClientType, Jurisdiction } from '../types';
import type { GroupedMessages } from './grouped.types';

/** Values already formatted for the reader's locale, shared by every email's copy. */
export interface Vars {
  number: string;
  issueDate: string;
  dueDate: string;
  total: string;
  paid: string;
  balance: string;
  /** Something was paid or credited already: copy must speak of the balance, not the total. */
  partlyPaid: boolean;
  /** Something was paid (not only credited). */
  paidSome: boolean;
  /** Credit notes deducted (an avoir, never a payment); absent → none. */
  credited?: string;
  /** The client as addressed on documents: company, else name. */
  client: string;
  /** The creditor's legal or trading name. */
  creditor: string;
}

/** Copy of one email: preview line, heading and body paragraphs. */
export interface Copy<X = object> {
  preview(v: Vars, x: X): string;
  heading(v: Vars, x: X): string;
  body(v: Vars, x: X): string[];
}

export interface LateFeesInput {
  jurisdiction: Jurisdiction;
  clientType: ClientType;
  /** First day fees run, formatted. */
  from: string;
  /** The fixed indemnity, formatted, when known. */
  fixedFee?: string;
}

export interface HandoffApprovalCopyInput {
  step: string;
  externalId: string;
  lawyer?: string;
  penalties?: string;
  totalClaimed?: string;
  formalNotice?: { sentOn: string; deadline: string };
  reminder: boolean;
}

export interface AlertCopy<X> {
  subject(v: Vars, x: X): string;
  heading(v: Vars, x: X): string;
  body(v: Vars, x: X): string[];
}

export interface Messages {
  subject: {
    courtesy(v: Vars): string;
    friendly(v: Vars): string;
    firm(v: Vars): string;
    urgent(v: Vars): string;
    promise_missed(v: Vars): string;
    instalment_due(v: Vars, x: { index: number; count: number }): string;
    formal_notice(v: Vars): string;
    payment_confirmation(v: Vars): string;
    legal_handoff(v: Vars): string;
  };
  greeting(name: string): string;
  greetingTeam: string;
  signOff: string;
  partlyPaid(v: Vars): string;
  questions(): string;

  courtesy: Copy;
  friendly: Copy;
  firm: Copy<{ lateFees: string }>;
  urgent: Copy<{ formalNoticeOn?: string }>;
  promise_missed: Copy<{ promisedDate: string }>;
  instalment_due: Copy<{ index: number; count: number; dueDate: string; amount: string }>;
  formal_notice: Copy<
    NoticeLetterVars & { deadline: string; sentOn: string; totalDue: string; jurisdiction: Jurisdiction }
  >;
  payment_confirmation: Copy<{ amountPaid: string; paidAt: string; settled: boolean }>;
  legal_handoff: Copy<{
    lawyer: string;
    summary?: string;
    formalNotice?: { sentOn: string; deadline: string };
  }>;

  alert: {
    /**
     * `count` > 1: a digest, the latest reply quoted. `unverified`: the latest is from neither
     * the client's address nor a cc; `paused`: it paused the case all the same (tenant setting).
     */
    reply: AlertCopy<{
      from: string;
      receivedAt: string;
      count: number;
      unverified: boolean;
      paused: boolean;
    }>;
    /** A reply has kept the case paused for 3 business days; `resumesAt` when it resumes by itself. */
    reply_waiting: AlertCopy<{ from: string; receivedAt: string; resumesAt?: string }>;
    bounce: AlertCopy<{ step: string; recipient: string; reason?: string; complaint: boolean }>;
    call_task: AlertCopy<{ step: string; phone?: string; bounced: boolean }>;
    formal_notice_sent: AlertCopy<{ deadline: string }>;
    handed_off: AlertCopy<{ lawyer: string }>;
    paid: AlertCopy<{ amountPaid: string }>;
    unrecovered: AlertCopy<{ reason: string }>;
    overpaid: AlertCopy<{ paymentId: string; surplus: string }>;
    payment_after_close: AlertCopy<{ paymentId: string; amount: string; status: string }>;
    /** `linked`: the alert carries action links, so the copy points to them, not to API routes. */
    action_required: AlertCopy<{ step: string; reason: string; externalId: string; linked: boolean }>;
    letter_task: AlertCopy<{ step: string; sentOn: string; deadline: string; totalDue: string }>;
    /** `figures`: each missing reference rate, already named by `rateFigure`. */
    provisional_rate: AlertCopy<{ figures: string[] }>;
    /** The hand-off waits for approval; amounts and dates already formatted. */
    handoff_approval: AlertCopy<HandoffApprovalCopyInput>;
    /** A closed case's status in words (`paid`, `cancelled`, `unrecovered`). */
    closedStatus(status: string): string;
    quoteTitle: string;
    /** Next to the quoted reply's sender when it is not the client's address nor a cc. */
    unverifiedSender: string;
    /** Title of the quoted reply in a digest of several. */
    quoteTitleLatest: string;
    footer: string;
    signature: string;
  };

  lateFees(x: LateFeesInput): string;

  facts: {
    title: string;
    /** For emails to the creditor or the lawyer. */
    titleNeutral: string;
    number: string;
    issueDate: string;
    dueDate: string;
    total: string;
    paid: string;
    credited: string;
    balance: string;
  };
  party: {
    debtor: string;
    client: string;
    name: string;
    address: string;
    email: string;
    phone: string;
    registration: string;
  };
  pay: {
    title: string;
    transfer: string;
    amount: string;
    iban: string;
    bic: string;
    reference: string;
    button: string;
    link: string;
  };
  penalties: {
    title(asOf: string): string;
    principal: string;
    interest(from: string, to: string, days: number, rate: string): string;
    fixedFee: string;
    totalDue: string;
    /** Next to the rate of a period whose reference figure is not loaded yet. */
    provisionalRate: string;
    /** The total when some period is provisional ("à parfaire"). */
    totalDueProvisional: string;
  };
  /** A reference rate the tables lack: `date` formatted (ECB, BoE), or the half-year (taux légal). */
  rateFigure(table: RateTableId, date: string, halfYear?: { year: number; half: 1 | 2 }): string;
  contact(name: string, email?: string, phone?: string): string;
  /** Copy for messages about several invoices of one client. */
  grouped: GroupedMessages;
  legalIds(registration?: string, vat?: string): string;
  footer(v: Vars): string;
}
