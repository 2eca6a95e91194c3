// The public contract of @relance/templates: plain JSON-able values the worker fills from the case.
// Amounts are decimal strings in the invoice currency ("1200.00"), dates are "YYYY-MM-DD",
// instants (paidAt, receivedAt, at) may be full ISO-8601 timestamps.

import type { Jurisdiction, ReplyAlert } from '@relance/domain';

export type { Jurisdiction };
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
};
export type PromiseMissedMessage = MessageBase & { template: 'promise_missed'; promisedDate: string };
export type InstalmentDueMessage = MessageBase & {
  template: 'instalment_due';
  instalment: { dueDate: string; amount: string; index: number; count: number };
};
export type FormalNoticeMessage = MessageBase & {
  template: 'formal_notice';
  sentOn: string;
  deadline: string;
  penalties: PenaltyView;
};
export type PaymentConfirmationMessage = MessageBase & {
  template: 'payment_confirmation';
  amountPaid: string;
  paidAt: string;
};
export type CreditorAlertMessage = MessageBase & { template: 'creditor_alert'; alert: CreditorAlert };
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
  | LegalHandoffMessage;

export type TemplateName = EmailMessage['template'];

/** Every email template, in the order of a case (previews, screenshots, benchmarks, tests). */
export const TEMPLATE_NAMES: readonly TemplateName[] = [
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
/** The message shape of one template. */
export type MessageOf<T extends TemplateName> = EmailMessage & { template: T };

export type CreditorAlert =
  | ReplyAlert
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
  | { kind: 'action_required'; step: string; reason: string; externalId: string }
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
  | { kind: 'provisional_rate'; figures: string[] };

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
};

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
  /** Language of the PDF (the tenant's). Absent → fr. */
  locale?: Locale;
  clientType?: ClientType;
  timeZone?: string;
}
