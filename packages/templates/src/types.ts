// The public contract of @relance/templates: plain JSON-able values the worker fills from the case.
// Amounts are decimal strings in the invoice currency ("1200.00"), dates are "YYYY-MM-DD",
// instants (paidAt, receivedAt, at) may be full ISO-8601 timestamps.

import type { ActionLink, Jurisdiction, ReplyAlert, ReplyWaitingAlert } from '@relance/domain';

export type { ActionLink, Jurisdiction };
export type Locale = 'fr' | 'en';
export type ClientType = 'business' | 'consumer';

export interface Party {
  name: string;
  company?: string;
  address?: string;
  registrationNumber?: string;
  vatNumber?: string;
  email?: string;
  phone?: string;
}

export interface Creditor extends Party {
  fromName: string;
  iban?: string;
  bic?: string;
  notifyEmail?: string;
}

export interface InvoiceFacts {
  number: string;
  issueDate: string;
  dueDate: string;
  currency: string;
  total: string;
  paid: string;
  balance: string;
  /** Credit notes (avoirs) deducted: never called a payment. Absent → none. */
  credited?: string;
  paymentUrl?: string;
}

export interface PenaltyPeriod {
  from: string;
  to: string;
  days: number;
  ratePercent: string;
  interest: string;
  /** The reference rate is not loaded yet: the last published one known was used. */
  provisional?: boolean;
}

export interface PenaltyView {
  periods: PenaltyPeriod[];
  interest: string;
  fixedFee: string;
  total: string;
  asOf: string;
  /** Some period is provisional: the total is "à parfaire" / "subject to adjustment". */
  provisional?: boolean;
}

export interface MessageBase {
  locale: Locale;
  creditor: Creditor;
  client: Party;
  invoice: InvoiceFacts;
  /** Selects the legal wording (late fees, consequences). Absent → FR. */
  jurisdiction?: Jurisdiction;
  /** Absent → business (consumers get no 40 € indemnity and no L441-10 penalties). */
  clientType?: ClientType;
  /** IANA zone used to show instants (paidAt, receivedAt). Absent → UTC. */
  timeZone?: string;
}

export type ReminderTone = 'courtesy' | 'friendly' | 'firm' | 'urgent';

export type ReminderMessage = MessageBase & {
  template: ReminderTone;
  /** First day late fees run (firm states it). */
  lateFeesFrom?: string;
  /** Day the formal notice will be sent (urgent states it). */
  formalNoticeOn?: string;
  penalties?: PenaltyView;
  /**
   * Other overdue invoices of the client that this message does not chase (client grouping):
   * listed apart, after how to pay. Absent or empty → not mentioned.
   */
  alsoOutstanding?: GroupedInvoiceLine[];
};
export type PromiseMissedMessage = MessageBase & { template: 'promise_missed'; promisedDate: string };
export type InstalmentDueMessage = MessageBase & {
  template: 'instalment_due';
  instalment: { dueDate: string; amount: string; index: number; count: number };
};
/**
 * A registered letter the creditor recorded as posted before the notice was rendered: only then
 * does the notice say it also goes by registered mail (SPEC 3.2b "Say only what is done").
 */
export interface RegisteredLetterFacts {
  postedOn: string;
  trackingNumber?: string;
}

export type FormalNoticeMessage = MessageBase & {
  template: 'formal_notice';
  sentOn: string;
  deadline: string;
  penalties: PenaltyView;
  registeredLetter?: RegisteredLetterFacts;
};
export type PaymentConfirmationMessage = MessageBase & {
  template: 'payment_confirmation';
  amountPaid: string;
  paidAt: string;
};
export type CreditorAlertMessage = MessageBase & {
  template: 'creditor_alert';
  alert: CreditorAlert;
  /**
   * The alert concerns several invoices of the client (one grouped email, one call for the
   * client): with two or more, a `reply`, `bounce`, `call_task`, `formal_notice_sent`,
   * `handed_off`, `unrecovered`, `action_required` or `letter_task` alert speaks of them all and
   * lists them instead of `invoice`. Other kinds, and a list of one, keep the single-invoice email.
   */
  invoices?: GroupedInvoiceLine[];
  /**
   * The action links that fit the alert (SPEC 3.2b), shown as buttons; with any, the copy no
   * longer names API routes.
   */
  actions?: ActionLink[];
};
export type LegalHandoffMessage = MessageBase & {
  template: 'legal_handoff';
  legalContact: { name: string; email: string };
  /** A word on the history of the case; absent → a line on the formal notice, when given. */
  summary?: string;
  formalNotice?: { sentOn: string; deadline: string };
  /** Shown to the lawyer when given. */
  penalties?: PenaltyView;
};

export type EmailMessage =
  | ReminderMessage
  | PromiseMissedMessage
  | InstalmentDueMessage
  | FormalNoticeMessage
  | PaymentConfirmationMessage
  | CreditorAlertMessage
  | LegalHandoffMessage
  | GroupedReminderMessage
  | GroupedFormalNoticeMessage;

export type TemplateName = EmailMessage['template'];

/**
 * Every single-invoice email template, in the order of a case (previews, screenshots, benchmarks,
 * tests); the client-account ones are in GROUPED_TEMPLATE_NAMES.
 */
export const TEMPLATE_NAMES: readonly SingleTemplateName[] = [
  'courtesy',
  'friendly',
  'firm',
  'urgent',
  'promise_missed',
  'instalment_due',
  'formal_notice',
  'payment_confirmation',
  'creditor_alert',
  'legal_handoff',
];
/** The templates that speak of several invoices of one client (client grouping). */
export const GROUPED_TEMPLATE_NAMES = ['grouped_reminder', 'grouped_formal_notice'] as const;
export type GroupedTemplateName = (typeof GROUPED_TEMPLATE_NAMES)[number];
export type SingleTemplateName = Exclude<TemplateName, GroupedTemplateName>;

/** The message shape of one template. */
export type MessageOf<T extends TemplateName> = EmailMessage & { template: T };

export type CreditorAlert =
  | ReplyAlert
  | ReplyWaitingAlert
  /** `complaint`: the client marked the email as spam rather than it bouncing. */
  | { kind: 'bounce'; step: string; recipient: string; reason?: string; complaint?: boolean }
  /**
   * `reason` 'email_bounced': the step would have emailed an address that bounced, so call instead.
   * Without `phone` the copy says no number is on file.
   */
  | { kind: 'call_task'; step: string; phone?: string; reason?: 'scheduled' | 'email_bounced' }
  | { kind: 'formal_notice_sent'; deadline: string }
  | { kind: 'handed_off'; lawyer: string }
  | { kind: 'paid'; amountPaid: string }
  | { kind: 'unrecovered'; reason: string }
  /** The client paid more than the balance: refund or apply the surplus. */
  | { kind: 'overpaid'; paymentId: string; surplus: string }
  /** Money reached a case already closed; `status` is the case's terminal status (`paid`…). */
  | { kind: 'payment_after_close'; paymentId: string; amount: string; status: string }
  /** A step failed for good: what to fix, then resume the case (`externalId` names the API route). */
  | {
      kind: 'action_required';
      step: string;
      reason: string;
      externalId: string;
      /** With several `invoices`: the client account to resume or fix (`/v1/clients/{clientId}`). */
      clientId?: string;
    }
  /**
   * The client's address bounced: the mise en demeure (attached) goes by registered mail, sent by the
   * creditor. `totalDue` is the balance plus penalties the letter claims.
   */
  | { kind: 'letter_task'; step: string; sentOn: string; deadline: string; totalDue: string }
  /**
   * Penalties were computed with the last published rate because these figures are not loaded:
   * ids from the domain ('ecb:2026-07-01', 'fr-legal-other:2026-H2'), named in the reader's
   * language, or any other text, shown as given.
   */
  | { kind: 'provisional_rate'; figures: string[] }
  /**
   * The legal hand-off is due and waits for the creditor's yes (SPEC §3.2b): the dossier the lawyer
   * would get, summed up, and how to approve or decline (`externalId` names the API route).
   * `reminder`: the second and last asking, 3 business days later.
   */
  | HandoffApprovalAlert;

/** A hand-off waiting for approval: the dossier's summary (amounts formatted in the invoice currency). */
export interface HandoffApprovalAlert {
  kind: 'handoff_approval';
  step: string;
  externalId: string;
  /** The legal contact the dossier would go to; empty when none is set yet. */
  lawyer: string;
  /** Penalties claimed on top of the balance, when computed. */
  penalties?: string;
  /** Balance plus penalties. */
  totalClaimed?: string;
  formalNotice?: { sentOn: string; deadline: string };
  reminder?: boolean;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export type FormalNoticeDocument = MessageBase & {
  sentOn: string;
  deadline: string;
  penalties: PenaltyView;
  jurisdiction: Jurisdiction;
  clientType: ClientType;
  /** Town printed before the date ("Paris, le …"). Absent → taken from the creditor's address. */
  place?: string;
} & LetterDelivery;

/**
 * How the letter goes by post: the head of the letter names registered mail only when a letter was
 * recorded as posted, or when it is printed for the creditor to post (`forRegisteredMail`).
 */
export interface LetterDelivery {
  registeredLetter?: RegisteredLetterFacts;
  forRegisteredMail?: boolean;
}

export interface DossierTimelineEntry {
  at: string;
  type: string;
  step?: string;
  emailId?: string;
  deliveryStatus?: string;
  data?: Record<string, unknown>;
}

export interface DossierReply {
  from: string;
  receivedAt: string;
  text: string;
}

export interface DossierMessage {
  at: string;
  step?: string;
  to: string;
  subject: string;
  text: string;
  emailId?: string;
  status?: string;
}

export interface LegalDossier {
  generatedAt: string;
  creditor: Creditor;
  client: Party;
  invoice: InvoiceFacts;
  jurisdiction: Jurisdiction;
  penalties: PenaltyView;
  timeline: DossierTimelineEntry[];
  replies: DossierReply[];
  messages: DossierMessage[];
  formalNotice?: { sentOn: string; deadline: string };
  /** Registered letters the creditor recorded as posted (and received). */
  letters?: { postedOn: string; trackingNumber?: string; receivedOn?: string }[];
  /** Credit notes (avoirs) deducted from the invoice. */
  creditNotes?: { id: string; amount: string; issuedOn: string; reason?: string }[];
  /** Language of the PDF (the tenant's). Absent → fr. */
  locale?: Locale;
  clientType?: ClientType;
  timeZone?: string;
}

// ---------------------------------------------------------------------------------------------
// Client accounts: one message, one letter, one dossier for several invoices of the same client.

/** One invoice in a message about several invoices of a client. */
export interface GroupedInvoiceLine extends InvoiceFacts {
  /** Calendar days past the due date on the day of the message; 0 or less: not yet late. */
  daysLate: number;
  /** This invoice's own interest periods and fixed indemnity (required by the formal notice). */
  penalties?: PenaltyView;
  /**
   * The invoice PDF: `true` attached to this email, `false` not attached (the attachment cap): then
   * linked with `pdfUrl`, or named as available on request. Absent: there is none, nothing said.
   */
  pdfAttached?: boolean;
  pdfUrl?: string;
}

/** An invoice the formal notice claims: its penalties are part of the claim. */
export type GroupedNoticeLine = GroupedInvoiceLine & { penalties: PenaltyView };

/**
 * What every message about several invoices of one client shares: `MessageBase` without its
 * single `invoice`. Amounts keep each invoice's own currency; totals are per currency.
 */
export type GroupedMessageBase<L extends GroupedInvoiceLine = GroupedInvoiceLine> = Omit<
  MessageBase,
  'invoice'
> & {
  /** The invoices this message chases, at least one, in the order shown (oldest due first reads best). */
  invoices: L[];
  /** One payment link for the whole account; absent → each invoice's own `paymentUrl`. */
  paymentUrl?: string;
  /** Transfer reference; absent → the invoice numbers (or "the numbers of the invoices paid" if too long). */
  paymentReference?: string;
};

/**
 * One reminder for several invoices, worded at `tone`, the most advanced step among them. With
 * one invoice and nothing `alsoOutstanding`, exactly the single-invoice email of that tone.
 */
export type GroupedReminderMessage = GroupedMessageBase & {
  template: 'grouped_reminder';
  tone: ReminderTone;
  /** Other overdue invoices of the client this message does not chase, listed apart. */
  alsoOutstanding?: GroupedInvoiceLine[];
  /** Firm: the first day late fees run; absent → the day after each invoice's due date. */
  lateFeesFrom?: string;
  /** Urgent: the day the formal notice will be sent. */
  formalNoticeOn?: string;
};

/**
 * The mise en demeure covering several invoices (the PDF letter is attached by the worker): each
 * invoice with its own interest and indemnity, one total, one deadline. With one invoice, exactly
 * the single `formal_notice` email.
 */
export type GroupedFormalNoticeMessage = GroupedMessageBase<GroupedNoticeLine> & {
  template: 'grouped_formal_notice';
  sentOn: string;
  deadline: string;
  registeredLetter?: RegisteredLetterFacts;
};

/** The formal notice letter (PDF) for several invoices; with one, exactly `renderFormalNoticePdf`'s. */
export type GroupedFormalNoticeDocument = GroupedMessageBase<GroupedNoticeLine> & {
  sentOn: string;
  deadline: string;
  jurisdiction: Jurisdiction;
  clientType: ClientType;
  /** Town printed before the date ("Paris, le …"). Absent → taken from the creditor's address. */
  place?: string;
} & LetterDelivery;

/** One case of a dossier handed off with others: its invoice, amounts, notice and timeline. */
export interface DossierCase {
  invoice: InvoiceFacts;
  penalties: PenaltyView;
  timeline: DossierTimelineEntry[];
  formalNotice?: { sentOn: string; deadline: string };
}

/**
 * The lawyer's file for several cases of one client handed off together. Replies and copies of
 * messages are the account's (a grouped email once, not once per case). With one case, exactly
 * the single dossier (`renderDossierPdf`, `buildDossierJson`).
 */
export type GroupedLegalDossier = Omit<
  LegalDossier,
  'invoice' | 'penalties' | 'timeline' | 'formalNotice'
> & {
  cases: DossierCase[];
};

/** A payment received, or a credit note (an "avoir", never called a payment), on the client's account. */
export interface StatementEntry {
  /** "YYYY-MM-DD" or an instant. */
  date: string;
  amount: string;
  currency: string;
  /** Absent → payment. */
  kind?: 'payment' | 'credit_note';
  reference?: string;
  /** The invoice numbers it was allocated to. */
  invoiceNumbers?: string[];
}

/** A relevé de compte: every open invoice of the client, the payments received, the balance. */
export interface StatementOfAccount {
  locale: Locale;
  creditor: Creditor;
  client: Party;
  /** The day the statement speaks of ("YYYY-MM-DD"). */
  asOf: string;
  /** Open invoices; `daysLate` > 0 counts the invoice as overdue. */
  invoices: GroupedInvoiceLine[];
  /** Payments and credit notes received on these invoices, any order (printed oldest first). */
  payments: StatementEntry[];
  /** One payment link for the account, printed with the bank details. */
  paymentUrl?: string;
  timeZone?: string;
}
