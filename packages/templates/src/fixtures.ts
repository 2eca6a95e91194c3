// Realistic sample data: the preview server's PreviewProps, the tests and the screenshots use it;
// other packages may use it for benchmarks and smoke tests.
import type {
  Creditor,
  MessageOf,
  FormalNoticeDocument,
  InvoiceFacts,
  LegalDossier,
  Locale,
  Party,
  PenaltyView,
  SingleTemplateName,
} from './types';

export const sampleCreditor: Creditor = {
  name: 'Studio Dupont',
  company: 'Studio Dupont SARL',
  fromName: 'Claire Dupont',
  address: '12 rue des Lilas, 75011 Paris',
  registrationNumber: '123 456 789 00012',
  vatNumber: 'FR12123456789',
  email: 'factures@dupont.example',
  phone: '+33 1 84 60 12 34',
  iban: 'FR76 3000 6000 0112 3456 7890 189',
  bic: 'AGRIFRPP',
  notifyEmail: 'claire@dupont.example',
};

export const sampleClient: Party = {
  name: 'Jeanne Martin',
  company: 'ACME SARL',
  address: '8 avenue Victor Hugo, 69002 Lyon',
  registrationNumber: '987 654 321 00021',
  email: 'compta@acme.example',
  phone: '+33 4 72 00 00 00',
};

export const sampleEnglishClient: Party = {
  name: 'James Walker',
  company: 'Northwind Trading Ltd',
  address: '3 Market Street, London EC2A 4NE, United Kingdom',
  registrationNumber: '09876543',
  email: 'accounts@northwind.example',
  phone: '+44 20 7946 0321',
};

export const sampleInvoice: InvoiceFacts = {
  number: 'F-2026-0042',
  issueDate: '2026-09-15',
  dueDate: '2026-10-15',
  currency: 'EUR',
  total: '1200.00',
  paid: '0.00',
  balance: '1200.00',
  paymentUrl: 'https://pay.example/i/42',
};

/** The same invoice after a 500 € part payment. */
export const samplePartlyPaidInvoice: InvoiceFacts = { ...sampleInvoice, paid: '500.00', balance: '700.00' };

/** L441-10 on 1 200 € from the day after the due date to the formal notice: 32 days at 12.15 %. */
export const samplePenalties: PenaltyView = {
  periods: [{ from: '2026-10-16', to: '2026-11-16', days: 32, ratePercent: '12.15', interest: '12.78' }],
  interest: '12.78',
  fixedFee: '40.00',
  total: '52.78',
  asOf: '2026-11-16',
};

/**
 * The same, as computed while the ECB rate of 1 July 2026 is not loaded: the last published rate
 * known (2.15 %, so 12.15 %) is used and the period is provisional (docs/penalties.md).
 */
export const sampleProvisionalPenalties: PenaltyView = {
  ...samplePenalties,
  periods: samplePenalties.periods.map((p) => ({ ...p, provisional: true })),
  provisional: true,
};

/** Worked example: 2 400 € due 2024-12-20, two half-years, as of 2025-01-19. */
export const sampleTwoPeriodPenalties: PenaltyView = {
  periods: [
    { from: '2024-12-21', to: '2024-12-31', days: 11, ratePercent: '14.25', interest: '10.31' },
    { from: '2025-01-01', to: '2025-01-19', days: 19, ratePercent: '13.15', interest: '16.43' },
  ],
  interest: '26.74',
  fixedFee: '40.00',
  total: '66.74',
  asOf: '2025-01-19',
};

const replyText = (locale: Locale): string =>
  locale === 'fr'
    ? 'Bonjour,\n\nNous avons bien reçu votre relance. Le virement partira vendredi, après validation par notre direction financière.\n\nCordialement,\nJeanne Martin'
    : 'Hello,\n\nThanks for the reminder. The transfer will go out on Friday once our finance director has approved it.\n\nBest,\nJames Walker';

const base = (locale: Locale) => ({
  locale,
  creditor: sampleCreditor,
  client: locale === 'fr' ? sampleClient : sampleEnglishClient,
  invoice: sampleInvoice,
  jurisdiction: 'FR' as const,
  clientType: 'business' as const,
  timeZone: 'Europe/Paris',
});

/** A realistic message for each template, in either language. */
export function sampleMessage<T extends SingleTemplateName>(
  template: T,
  locale: Locale = 'fr',
): MessageOf<T> {
  const b = base(locale);
  const all: { [K in SingleTemplateName]: MessageOf<K> } = {
    courtesy: { ...b, template: 'courtesy' },
    friendly: { ...b, template: 'friendly' },
    firm: { ...b, template: 'firm', lateFeesFrom: '2026-10-16' },
    urgent: {
      ...b,
      template: 'urgent',
      formalNoticeOn: '2026-11-16',
      penalties: {
        ...samplePenalties,
        asOf: '2026-11-06',
        periods: [{ ...samplePenalties.periods[0]!, to: '2026-11-06', days: 22, interest: '8.79' }],
        interest: '8.79',
        total: '48.79',
      },
    },
    promise_missed: { ...b, template: 'promise_missed', promisedDate: '2026-11-05' },
    instalment_due: {
      ...b,
      template: 'instalment_due',
      invoice: { ...sampleInvoice, paid: '400.00', balance: '800.00' },
      instalment: { dueDate: '2026-12-15', amount: '400.00', index: 2, count: 3 },
    },
    formal_notice: {
      ...b,
      template: 'formal_notice',
      sentOn: '2026-11-16',
      deadline: '2026-11-24',
      penalties: samplePenalties,
      // Posted the day of the notice: the preview shows the registered-mail wording.
      registeredLetter: { postedOn: '2026-11-16' },
    },
    payment_confirmation: {
      ...b,
      template: 'payment_confirmation',
      invoice: { ...sampleInvoice, paid: '1200.00', balance: '0.00' },
      amountPaid: '1200.00',
      paidAt: '2026-11-20T09:15:00Z',
    },
    creditor_alert: {
      ...b,
      template: 'creditor_alert',
      alert: {
        kind: 'reply',
        from: locale === 'fr' ? 'compta@acme.example' : 'accounts@northwind.example',
        receivedAt: '2026-10-20T07:42:00Z',
        text: replyText(locale),
      },
    },
    legal_handoff: {
      ...b,
      template: 'legal_handoff',
      legalContact: { name: 'Maître Durand', email: 'cabinet@durand-avocats.example' },
      summary:
        locale === 'fr'
          ? 'Quatre relances (15 et 16 octobre, 23 octobre, 30 octobre 2026), un appel sans suite, puis une mise en demeure du 16 novembre 2026 restée sans réponse à l’échéance du 24 novembre 2026.'
          : 'Four reminders (15 and 16 October, 23 October, 30 October 2026), an unanswered call, then a formal notice of 16 November 2026 left unanswered at its 24 November 2026 deadline.',
    },
  };
  return all[template] as MessageOf<T>;
}

export function sampleFormalNotice(locale: Locale = 'fr'): FormalNoticeDocument {
  const { template: _t, ...message } = sampleMessage('formal_notice', locale);
  return { ...message, jurisdiction: 'FR', clientType: 'business' };
}

export function sampleDossier(locale: Locale = 'fr'): LegalDossier {
  const m = sampleMessage('legal_handoff', locale);
  const to = m.client.email ?? '';
  const sent = (at: string, step: string, subject: string, emailId: string, status: string) => ({
    at,
    step,
    to,
    subject,
    emailId,
    status,
    text: `${subject}\n\n${m.summary}`,
  });
  return {
    generatedAt: '2026-11-25T10:00:00Z',
    locale,
    creditor: m.creditor,
    client: m.client,
    invoice: m.invoice,
    jurisdiction: 'FR',
    clientType: 'business',
    timeZone: 'Europe/Paris',
    penalties: {
      ...samplePenalties,
      asOf: '2026-11-25',
      periods: [{ ...samplePenalties.periods[0]!, to: '2026-11-25', days: 41, interest: '16.38' }],
      interest: '16.38',
      total: '56.38',
    },
    formalNotice: { sentOn: '2026-11-16', deadline: '2026-11-24' },
    timeline: [
      { at: '2026-09-15T10:00:00Z', type: 'registered' },
      {
        at: '2026-10-16T07:00:00Z',
        type: 'reminder_sent',
        step: 'reminder_1',
        emailId: 'em_01J9R1',
        deliveryStatus: 'delivered',
      },
      { at: '2026-10-20T07:42:00Z', type: 'reply_received', data: { from: to } },
      {
        at: '2026-10-23T07:00:00Z',
        type: 'reminder_sent',
        step: 'reminder_2',
        emailId: 'em_01J9R2',
        deliveryStatus: 'opened',
      },
      { at: '2026-10-30T08:00:00Z', type: 'call_task_created', step: 'final_notice' },
      {
        at: '2026-11-16T08:00:00Z',
        type: 'formal_notice_sent',
        step: 'formal_notice',
        emailId: 'em_01J9R4',
        deliveryStatus: 'delivered',
        data: { deadline: '2026-11-24' },
      },
      { at: '2026-11-25T09:00:00Z', type: 'legal_handoff_sent', step: 'legal_handoff' },
    ],
    replies: [{ from: to, receivedAt: '2026-10-20T07:42:00Z', text: replyText(locale) }],
    messages: [
      sent(
        '2026-10-16T07:00:00Z',
        'reminder_1',
        'Rappel : facture F-2026-0042 arrivée à échéance',
        'em_01J9R1',
        'delivered',
      ),
      sent(
        '2026-10-23T07:00:00Z',
        'reminder_2',
        'Deuxième relance : facture F-2026-0042 en retard de paiement',
        'em_01J9R2',
        'opened',
      ),
      sent(
        '2026-11-16T08:00:00Z',
        'formal_notice',
        'Mise en demeure de payer : facture F-2026-0042',
        'em_01J9R4',
        'delivered',
      ),
    ],
  };
}
