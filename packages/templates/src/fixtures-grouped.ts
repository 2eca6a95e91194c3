// Sample data for the client-account templates (several invoices of one client): previews, tests,
// benchmarks. Built from the single-invoice samples: with one invoice, a line is `sampleInvoice`.
import { sampleClient, sampleCreditor, sampleEnglishClient } from './fixtures';
import { nextDay } from './format';
import type {
  GroupedFormalNoticeDocument,
  GroupedFormalNoticeMessage,
  GroupedInvoiceLine,
  GroupedLegalDossier,
  GroupedNoticeLine,
  GroupedReminderMessage,
  Locale,
  PenaltyView,
  ReminderTone,
  StatementOfAccount,
} from './types';

// The first three add up to 4 250,00 € ("3 factures impayées — 4 250,00 €").
const AMOUNTS = ['1200.00', '1450.50', '1599.50', '349.99', '980.01', '2100.00', '75.25'];
const DAY = 86_400_000;

const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
const cents = (amount: string): number => Math.round(Number(amount) * 100);
const decimal = (c: number): string => (c / 100).toFixed(2);

/**
 * `count` invoices of the sample client, oldest due first, a week apart, the last one due on
 * 15 October 2026; numbers F-2026-0042, F-2026-0043…; `daysLate` as of `asOf`.
 */
export function sampleGroupedLines(count: number, asOf = '2026-10-23'): GroupedInvoiceLine[] {
  return Array.from({ length: count }, (_, i) => {
    const dueDate = addDays('2026-10-15', -7 * (count - 1 - i));
    const amount = AMOUNTS[i % AMOUNTS.length]!;
    return {
      number: `F-2026-${String(42 + i).padStart(4, '0')}`,
      issueDate: addDays(dueDate, -30),
      dueDate,
      currency: 'EUR',
      total: amount,
      paid: '0.00',
      balance: amount,
      paymentUrl: `https://pay.example/i/${42 + i}`,
      daysLate: daysBetween(dueDate, asOf),
    };
  });
}

/** L441-10 at 12.15 % (ECB 2.15 % + 10) from the day after the due date to `asOf`, plus 40 €. */
export function samplePenaltiesOf(line: { balance: string; dueDate: string }, asOf: string): PenaltyView {
  const days = daysBetween(line.dueDate, asOf);
  // Half-up to the cent, in integers: balance × 12.15 % × days / 365.
  const numerator = cents(line.balance) * 1215 * days;
  const interest = decimal(Math.floor((2 * numerator + 3_650_000) / 7_300_000));
  return {
    periods: [{ from: nextDay(line.dueDate), to: asOf, days, ratePercent: '12.15', interest }],
    interest,
    fixedFee: '40.00',
    total: decimal(cents(interest) + 4000),
    asOf,
  };
}

/** The invoices a formal notice of 16 November 2026 claims, each with its own penalties. */
export function sampleNoticeLines(count: number, asOf = '2026-11-16'): GroupedNoticeLine[] {
  return sampleGroupedLines(count, asOf).map((line) => ({
    ...line,
    penalties: samplePenaltiesOf(line, asOf),
  }));
}

/** Two older overdue invoices of the same client that a reminder does not chase. */
export function sampleAlsoOutstanding(asOf = '2026-10-23'): GroupedInvoiceLine[] {
  return [
    {
      ...sampleGroupedLines(1, asOf)[0]!,
      number: 'F-2026-0017',
      issueDate: '2026-07-10',
      dueDate: '2026-08-09',
      total: '640.00',
      paid: '140.00',
      balance: '500.00',
      daysLate: daysBetween('2026-08-09', asOf),
    },
    {
      ...sampleGroupedLines(1, asOf)[0]!,
      number: 'F-2026-0023',
      issueDate: '2026-08-01',
      dueDate: '2026-08-31',
      total: '310.40',
      balance: '310.40',
      daysLate: daysBetween('2026-08-31', asOf),
    },
  ].map(({ paymentUrl: _u, ...line }) => line);
}

const base = (locale: Locale) => ({
  locale,
  creditor: sampleCreditor,
  client: locale === 'fr' ? sampleClient : sampleEnglishClient,
  jurisdiction: 'FR' as const,
  clientType: 'business' as const,
  timeZone: 'Europe/Paris',
});

export function sampleGroupedReminder(
  locale: Locale = 'fr',
  count = 3,
  tone: ReminderTone = 'friendly',
): GroupedReminderMessage {
  return {
    ...base(locale),
    template: 'grouped_reminder',
    tone,
    invoices: sampleGroupedLines(count),
    ...(tone === 'urgent' ? { formalNoticeOn: '2026-11-16' } : {}),
  };
}

export function sampleGroupedFormalNoticeMessage(
  locale: Locale = 'fr',
  count = 3,
): GroupedFormalNoticeMessage {
  return {
    ...base(locale),
    template: 'grouped_formal_notice',
    invoices: sampleNoticeLines(count),
    sentOn: '2026-11-16',
    deadline: '2026-11-24',
    registeredLetter: { postedOn: '2026-11-16' },
  };
}

export function sampleGroupedFormalNotice(locale: Locale = 'fr', count = 3): GroupedFormalNoticeDocument {
  const { template: _t, ...message } = sampleGroupedFormalNoticeMessage(locale, count);
  return { ...message, jurisdiction: 'FR', clientType: 'business' };
}

/** Several cases handed off together on 25 November 2026, after one grouped reminder and notice. */
export function sampleGroupedDossier(locale: Locale = 'fr', count = 3): GroupedLegalDossier {
  const b = base(locale);
  const to = b.client.email ?? '';
  const fr = locale === 'fr';
  const reminder = fr
    ? `Retard de paiement : ${count} factures impayées`
    : `Payment overdue: ${count} unpaid invoices`;
  const notice = fr
    ? `Mise en demeure de payer : ${count} factures impayées`
    : `Formal notice to pay: ${count} unpaid invoices`;
  return {
    generatedAt: '2026-11-25T10:00:00Z',
    ...b,
    cases: sampleNoticeLines(count, '2026-11-25').map(({ daysLate: _d, penalties, ...invoice }) => ({
      invoice,
      penalties,
      formalNotice: { sentOn: '2026-11-16', deadline: '2026-11-24' },
      timeline: [
        { at: `${invoice.issueDate}T10:00:00Z`, type: 'registered' },
        {
          at: '2026-10-23T07:00:00Z',
          type: 'reminder_sent',
          step: 'reminder_2',
          emailId: 'em_G1',
          deliveryStatus: 'delivered',
        },
        {
          at: '2026-11-16T08:00:00Z',
          type: 'formal_notice_sent',
          step: 'formal_notice',
          emailId: 'em_G2',
          deliveryStatus: 'delivered',
          data: { deadline: '2026-11-24' },
        },
        { at: '2026-11-25T09:00:00Z', type: 'legal_handoff_sent', step: 'legal_handoff' },
      ],
    })),
    replies: [
      {
        from: to,
        receivedAt: '2026-10-24T07:42:00Z',
        text: fr
          ? 'Bonjour,\n\nNous regardons ces factures avec notre comptable.\n\nJeanne Martin'
          : 'Hello,\n\nWe are looking into these invoices with our accountant.\n\nJames Walker',
      },
    ],
    messages: [
      {
        at: '2026-10-23T07:00:00Z',
        step: 'reminder_2',
        to,
        subject: reminder,
        text: reminder,
        emailId: 'em_G1',
        status: 'delivered',
      },
      {
        at: '2026-11-16T08:00:00Z',
        step: 'formal_notice',
        to,
        subject: notice,
        text: notice,
        emailId: 'em_G2',
        status: 'delivered',
      },
    ],
  };
}

/** The client's account on 30 November 2026: four open invoices, two partly paid (one by a credit note). */
export function sampleStatement(locale: Locale = 'fr'): StatementOfAccount {
  const [a, b, c] = sampleGroupedLines(3, '2026-11-30');
  const notYetDue: GroupedInvoiceLine = {
    ...a!,
    number: 'F-2026-0051',
    issueDate: '2026-11-20',
    dueDate: '2026-12-20',
    total: '480.00',
    balance: '480.00',
    daysLate: -20,
  };
  return {
    locale,
    creditor: sampleCreditor,
    client: locale === 'fr' ? sampleClient : sampleEnglishClient,
    asOf: '2026-11-30',
    timeZone: 'Europe/Paris',
    invoices: [
      { ...a!, paid: '500.00', balance: '700.00' },
      { ...b!, paid: '150.50', balance: '1300.00' },
      c!,
      notYetDue,
    ],
    payments: [
      {
        date: '2026-11-02',
        amount: '500.00',
        currency: 'EUR',
        reference: 'VIR ACME 0042',
        invoiceNumbers: [a!.number],
      },
      {
        date: '2026-11-05',
        amount: '150.50',
        currency: 'EUR',
        kind: 'credit_note',
        reference: 'AV-2026-0007',
        invoiceNumbers: [b!.number],
      },
    ],
    paymentUrl: 'https://pay.example/c/acme',
  };
}
