import type { TimelineType } from '@relance/domain';
import type { ClientType, Jurisdiction } from '../types';

/** Which law the letter speaks: it sets the legal basis, the indemnity and the consequences. */
export interface Law {
  jurisdiction: Jurisdiction;
  clientType: ClientType;
}

export interface LetterMessages {
  title: string;
  /** Heads a letter that goes (or went) by registered mail. */
  registeredMail(law: Law, trackingNumber?: string): string;
  emailCopy(email: string): string;
  placeDate(place: string | undefined, date: string): string;
  attention(name: string): string;
  subject(number: string): string;
  salutation: string;
  intro(x: { dueDate: string }): string;
  invoiceColumns: [
    number: string,
    issueDate: string,
    dueDate: string,
    total: string,
    paid: string,
    balance: string,
  ];
  legalBasis(law: Law, x: { fixedFee: string; rates: string }): string;
  /** Joins successive half-year rates: "14,25 % puis 13,15 %". */
  ratesJoin: string;
  breakdownTitle(asOf: string): string;
  periodColumns: [period: string, days: string, rate: string, interest: string];
  period(from: string, to: string): string;
  noInterestYet(law: Law): string;
  principal: string;
  interest: string;
  fixedFee(law: Law): string;
  totalDue: string;
  /** Under a period whose reference figure is not loaded yet. */
  provisionalRate: string;
  /** Why: printed once under the breakdown when some period is provisional. */
  provisionalNote: string;
  /** The total when some period is provisional. */
  totalDueProvisional: string;
  /** The demanded sum when provisional: "1 252,78 €, à parfaire,". */
  toAdjust(total: string): string;
  demand(x: { total: string; deadline: string }): string;
  paymentTitle: string;
  transfer: string;
  iban: string;
  bic: string;
  reference: string;
  online: string;
  consequences(law: Law): string[];
  amicable: string;
  closing: string;
  footer(number: string, page: number, pages: number): string;
  /** The same letter for several invoices of the client (client grouping). */
  many: {
    /** "3 factures", in the document's title. */
    invoices(count: number): string;
    subject(count: number): string;
    intro: string;
    /** The fixed indemnities in the legal basis: "40,00 € par facture". */
    perInvoice(fees: string[]): string;
    invoiceHeading(number: string): string;
    invoiceTotal(number: string, provisional: boolean): string;
    summaryTitle: string;
    totalPrincipal: string;
    totalInterest: string;
    totalFixedFees(law: Law): string;
    /** The transfer reference when the invoice numbers do not fit one. */
    referenceMany: string;
    /** Joins the totals of several currencies: "1 000,00 € et 200,00 £". */
    and: string;
    footer(count: number, page: number, pages: number): string;
  };
}

export interface DossierMessages {
  title: string;
  subtitle(number: string, client: string): string;
  generatedAt(at: string): string;
  sections: {
    parties: string;
    creditor: string;
    debtor: string;
    invoice: string;
    amounts: string;
    formalNotice: string;
    timeline: string;
    replies: string;
    messages: string;
  };
  party: {
    name: string;
    address: string;
    registration: string;
    vat: string;
    email: string;
    phone: string;
    bank: string;
  };
  invoice: {
    number: string;
    issueDate: string;
    dueDate: string;
    currency: string;
    total: string;
    paid: string;
    credited: string;
    balance: string;
    paymentUrl: string;
  };
  /** Registered letters and credit notes, after the formal notice. */
  letter(postedOn: string, trackingNumber?: string, receivedOn?: string): string;
  creditNote(id: string, issuedOn: string, amount: string): string;
  jurisdiction(j: Jurisdiction, clientType: ClientType | undefined): string;
  formalNotice: { sentOn: string; deadline: string; none: string };
  timelineColumns: [at: string, event: string, step: string, emailId: string, status: string];
  /** The label of every timeline entry type. */
  events: Record<TimelineType, string>;
  noReplies: string;
  noMessages: string;
  reply(from: string, at: string): string;
  message: { to: string; step: string; status: string; emailId: string; subject: string };
  footer(number: string, page: number, pages: number): string;
  /** The same file for several cases of the client handed off together. */
  many: {
    subtitle(count: number, client: string): string;
    invoices: string;
    invoiceColumns: [
      number: string,
      issueDate: string,
      dueDate: string,
      total: string,
      paid: string,
      balance: string,
    ];
    invoiceHeading(number: string): string;
    summaryTitle: string;
    formalNoticeColumns: [number: string, sentOn: string, deadline: string];
    timelineColumns: [
      at: string,
      invoice: string,
      event: string,
      step: string,
      emailId: string,
      status: string,
    ];
    footer(count: number, page: number, pages: number): string;
  };
}

export interface StatementMessages {
  title: string;
  subtitle(client: string, asOf: string): string;
  creditor: string;
  client: string;
  invoicesTitle: string;
  invoiceColumns: [
    number: string,
    issueDate: string,
    dueDate: string,
    total: string,
    paid: string,
    balance: string,
    late: string,
  ];
  daysLate(days: number): string;
  paymentsTitle: string;
  paymentColumns: [date: string, kind: string, reference: string, invoices: string, amount: string];
  payment: string;
  creditNote: string;
  noPayments: string;
  balanceTitle: string;
  totalInvoiced: string;
  totalPaid: string;
  balance: string;
  overdue: string;
  notYetDue: string;
  paymentTitle: string;
  online: string;
  closing: string;
  footer(asOf: string, page: number, pages: number): string;
}
