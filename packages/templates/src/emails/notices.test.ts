import { describe, expect, it } from 'vitest';
import { sampleInvoice, sampleMessage, sampleTwoPeriodPenalties } from '../fixtures';
import { twoPeriodNotice } from '../testing/two-periods';
import { renderEmail } from '../render';
import { expectInBothParts } from '../testing/email';
import type { CreditorAlert, Locale } from '../types';

describe('formal_notice email', () => {
  it('demands balance + penalties by the deadline, itemised, and names the consequences (fr)', async () => {
    await expectInBothParts(sampleMessage('formal_notice', 'fr'), [
      'Mise en demeure de payer',
      'F-2026-0042',
      '15 septembre 2026',
      '15 octobre 2026',
      'la somme de 1 252,78 € au plus tard le 24 novembre 2026',
      'Principal (solde de la facture) 1 200,00 €',
      'Intérêts du 16 octobre 2026 au 16 novembre 2026 (32 jours à 12,15 %) 12,78 €',
      'Indemnité forfaitaire pour frais de recouvrement 40,00 €',
      'Total dû 1 252,78 €',
      'injonction de payer',
      'lettre recommandée avec accusé de réception',
      'Montant 1 252,78 €',
      'FR76 3000 6000 0112 3456 7890 189',
      'Référence à indiquer F-2026-0042',
      'Claire Dupont',
    ]);
  });

  it('itemises each half-year rate period (en)', async () => {
    const message = { ...sampleMessage('formal_notice', 'en'), ...twoPeriodNotice };
    await expectInBothParts(message, [
      'formal notice to pay the sum of €2,466.74 no later than 27 January 2025',
      'Interest from 21 December 2024 to 31 December 2024 (11 days at 14.25%) €10.31',
      'Interest from 1 January 2025 to 19 January 2025 (19 days at 13.15%) €16.43',
      'Fixed compensation for recovery costs €40.00',
      'Total due €2,466.74',
      'order for payment (injonction de payer)',
    ]);
  });

  it('shows no indemnity line when the fixed fee is zero (consumer)', async () => {
    const m = sampleMessage('formal_notice', 'fr');
    const out = await renderEmail({
      ...m,
      clientType: 'consumer',
      penalties: { periods: [], interest: '0.00', fixedFee: '0.00', total: '0.00', asOf: '2026-11-16' },
    });
    expect(out.text).not.toContain('Indemnité forfaitaire');
    expect(out.text).toContain('la somme de 1 200,00 € au plus tard le 24 novembre 2026');
  });
});

describe('payment_confirmation email', () => {
  it('thanks the client and shows no payment instructions once settled', async () => {
    const fr = await expectInBothParts(sampleMessage('payment_confirmation', 'fr'), [
      'Merci pour votre règlement',
      'règlement de 1 200,00 €, le 20 novembre 2026',
      'F-2026-0042',
      'entièrement réglée',
    ]);
    expect(fr.text).not.toMatch(/IBAN|Comment régler/);
    const en = await expectInBothParts(sampleMessage('payment_confirmation', 'en'), [
      'payment of €1,200.00 on 20 November 2026',
      'paid in full',
    ]);
    expect(en.text).not.toMatch(/IBAN|How to pay/);
  });

  it('after a part payment, states the remaining balance and how to pay it', async () => {
    const message = {
      ...sampleMessage('payment_confirmation', 'fr'),
      amountPaid: '500.00',
      invoice: { ...sampleInvoice, paid: '500.00', balance: '700.00' },
    };
    await expectInBothParts(message, [
      'règlement de 500,00 €',
      'Il reste un solde de 700,00 €',
      'Reste à payer 700,00 €',
      'Montant 700,00 €',
      'FR76 3000 6000 0112 3456 7890 189',
    ]);
  });
});

describe('creditor_alert email', () => {
  const replyText = 'Le virement partira vendredi.\nMerci';
  /** One case per kind and variant, with what the creditor must read (fr). */
  const cases: { name: string; alert: CreditorAlert; fr: string[]; en: string[] }[] = [
    {
      name: 'reply',
      alert: {
        kind: 'reply',
        from: 'compta@acme.example',
        receivedAt: '2026-10-20T07:42:00Z',
        text: replyText,
      },
      fr: [
        'a répondu le 20 octobre 2026 à 09:42',
        'Le virement partira vendredi.',
        'Les relances sont suspendues',
      ],
      en: ['replied on 20 October 2026 at 09:42', 'Reminders are paused'],
    },
    {
      name: 'reply digest',
      alert: {
        kind: 'reply',
        from: 'compta@acme.example',
        receivedAt: '2026-10-20T07:42:00Z',
        text: replyText,
        count: 3,
      },
      fr: [
        '3 réponses de ACME SARL depuis notre dernière alerte',
        'la plus récente, de compta@acme.example, reçue le 20 octobre 2026 à 09:42 :',
        'Dernier message reçu',
        'Le virement partira vendredi.',
      ],
      en: [
        '3 replies from Northwind Trading Ltd since our last alert',
        'the latest, from compta@acme.example',
      ],
    },
    {
      name: 'bounce',
      alert: { kind: 'bounce', step: 'reminder_2', recipient: 'compta@acme.example', reason: 'mailbox full' },
      fr: [
        '« reminder_2 »',
        'compta@acme.example',
        'motif : mailbox full',
        'Aucun autre email ne sera envoyé à cette adresse pour ce dossier',
        'autre moyen',
      ],
      en: ['could not be delivered (reason: mailbox full)', 'No further email will go to this address'],
    },
    {
      name: 'spam complaint',
      alert: { kind: 'bounce', step: 'reminder_2', recipient: 'compta@acme.example', complaint: true },
      fr: ['compta@acme.example a signalé comme indésirable (spam) l’email de l’étape « reminder_2 »'],
      en: ['compta@acme.example marked the "reminder_2" email about invoice F-2026-0042 as spam'],
    },
    {
      name: 'call task',
      alert: { kind: 'call_task', step: 'final_notice', phone: '+33 4 72 00 00 00', reason: 'scheduled' },
      fr: ['un appel à ACME SARL au +33 4 72 00 00 00', '« final_notice »'],
      en: ['a call to Northwind Trading Ltd on +33 4 72 00 00 00 is recommended'],
    },
    {
      name: 'call task instead of a bounced email, no phone on file',
      alert: { kind: 'call_task', step: 'reminder_2', reason: 'email_bounced' },
      fr: [
        'L’étape « reminder_2 » de la facture F-2026-0042 aurait envoyé un email à ACME SARL',
        'appelez plutôt ACME SARL.',
        'Aucun numéro de téléphone n’est enregistré pour ce client',
      ],
      en: ['call Northwind Trading Ltd instead.', 'No phone number is on file for this client'],
    },
    {
      name: 'formal notice sent',
      alert: { kind: 'formal_notice_sent', deadline: '2026-11-24' },
      fr: ['jusqu’au 24 novembre 2026', 'lettre recommandée avec accusé de réception'],
      en: ['Deadline given: 24 November 2026'],
    },
    {
      name: 'handed off',
      alert: { kind: 'handed_off', lawyer: 'Maître Durand' },
      fr: ['transmis à Maître Durand'],
      en: ['was sent to Maître Durand'],
    },
    {
      name: 'paid',
      alert: { kind: 'paid', amountPaid: '1200.00' },
      fr: ['ACME SARL a réglé 1 200,00 €', 'Le dossier est clos'],
      en: ['Northwind Trading Ltd paid €1,200.00'],
    },
    {
      name: 'unrecovered',
      alert: {
        kind: 'unrecovered',
        reason: 'le montant est inférieur au seuil de 500,00 € fixé pour une action en justice.',
      },
      fr: ['clos sans recouvrement', 'seuil de 500,00 €'],
      en: ['closed without recovery'],
    },
    {
      name: 'overpaid',
      alert: { kind: 'overpaid', paymentId: 'pay_77', surplus: '40.00' },
      fr: [
        'ACME SARL a versé 40,00 € de plus que le solde restant dû de la facture F-2026-0042 (paiement pay_77)',
        'Remboursez ce trop-perçu',
      ],
      en: ['paid €40.00 more than the balance of invoice F-2026-0042 (payment pay_77)', 'Refund the surplus'],
    },
    {
      name: 'payment after close',
      alert: { kind: 'payment_after_close', paymentId: 'pay_78', amount: '1200.00', status: 'paid' },
      fr: [
        'Un paiement de 1 200,00 € (paiement pay_78) est arrivé pour la facture F-2026-0042',
        'déjà clos (facture réglée)',
        'remboursez-le',
      ],
      en: ['A payment of €1,200.00 (payment pay_78)', 'already closed (invoice paid)'],
    },
    {
      name: 'action required',
      alert: {
        kind: 'action_required',
        step: 'formal_notice',
        reason: 'Resend refused the email (invalid_from_address): the sender domain is not verified',
        externalId: 'INV-2026-0042',
      },
      fr: [
        'L’étape « formal_notice » de la facture F-2026-0042 n’a pas pu aboutir',
        'Motif : Resend refused the email (invalid_from_address)',
        'POST /v1/invoices/INV-2026-0042/resume',
        'en indiquer une nouvelle reprend aussi le dossier : PATCH /v1/invoices/INV-2026-0042/client',
      ],
      en: ['will not be retried on its own', 'POST /v1/invoices/INV-2026-0042/resume'],
    },
    {
      name: 'letter task',
      alert: {
        kind: 'letter_task',
        step: 'formal_notice',
        sentOn: '2026-11-16',
        deadline: '2026-11-24',
        totalDue: '1252.78',
      },
      fr: [
        'ne lui a pas été envoyée par email',
        'La lettre datée du 16 novembre 2026 est jointe',
        'lettre recommandée avec accusé de réception',
        'Elle réclame 1 252,78 € au plus tard le 24 novembre 2026',
      ],
      en: ['The letter dated 16 November 2026 is attached', 'It claims €1,252.78 by 24 November 2026'],
    },
  ];
  const alertOf = (alert: CreditorAlert, locale: Locale = 'fr') => ({
    ...sampleMessage('creditor_alert', locale),
    alert,
  });

  it('tells the creditor what happened, with the client and the invoice (fr)', async () => {
    for (const c of cases) {
      const out = await expectInBothParts(alertOf(c.alert), [
        ...c.fr,
        'Bonjour Claire Dupont',
        'F-2026-0042',
        'ACME SARL (Jeanne Martin)',
        '1 200,00 €',
        'Relance',
      ]);
      expect(out.text, c.name).not.toContain('Comment régler');
    }
  });

  it('says the same in English for an English-speaking creditor', async () => {
    for (const c of cases) {
      await expectInBothParts(alertOf(c.alert, 'en'), [...c.en, 'Dear Claire Dupont', 'F-2026-0042']);
    }
  });

  it('words a spam complaint as a complaint, not as a delivery failure', async () => {
    const complaint = cases.find((c) => c.name === 'spam complaint')!.alert;
    const out = await renderEmail(alertOf(complaint));
    expect(out.text).not.toContain('n’a pas pu être remis');
  });

  it('has a subject per kind naming the invoice, in both languages', async () => {
    const subjects: string[] = [];
    for (const locale of ['fr', 'en'] as Locale[]) {
      for (const c of cases) subjects.push((await renderEmail(alertOf(c.alert, locale))).subject);
    }
    for (const s of subjects) expect(s).toContain('F-2026-0042');
    expect(subjects).toMatchInlineSnapshot(`
      [
        "ACME SARL a répondu : facture F-2026-0042",
        "3 réponses de ACME SARL : facture F-2026-0042",
        "Email non remis : facture F-2026-0042 (ACME SARL)",
        "Email signalé comme spam : facture F-2026-0042 (ACME SARL)",
        "À faire : appeler ACME SARL au sujet de la facture F-2026-0042",
        "À faire : appeler ACME SARL au sujet de la facture F-2026-0042",
        "Mise en demeure envoyée : facture F-2026-0042 (ACME SARL)",
        "Dossier transmis à Maître Durand : facture F-2026-0042",
        "Facture F-2026-0042 réglée par ACME SARL",
        "Dossier clos sans recouvrement : facture F-2026-0042",
        "Trop-perçu de 40,00 € : facture F-2026-0042 (ACME SARL)",
        "Paiement reçu sur un dossier clos : facture F-2026-0042 (ACME SARL)",
        "Action requise : facture F-2026-0042 (ACME SARL)",
        "À faire : envoyer la mise en demeure par lettre recommandée : facture F-2026-0042 (ACME SARL)",
        "Reply from Northwind Trading Ltd: invoice F-2026-0042",
        "3 replies from Northwind Trading Ltd: invoice F-2026-0042",
        "Email not delivered: invoice F-2026-0042 (Northwind Trading Ltd)",
        "Email marked as spam: invoice F-2026-0042 (Northwind Trading Ltd)",
        "To do: call Northwind Trading Ltd about invoice F-2026-0042",
        "To do: call Northwind Trading Ltd about invoice F-2026-0042",
        "Formal notice sent: invoice F-2026-0042 (Northwind Trading Ltd)",
        "Case handed to Maître Durand: invoice F-2026-0042",
        "Invoice F-2026-0042 paid by Northwind Trading Ltd",
        "Case closed unrecovered: invoice F-2026-0042",
        "Overpayment of €40.00: invoice F-2026-0042 (Northwind Trading Ltd)",
        "Payment received on a closed case: invoice F-2026-0042 (Northwind Trading Ltd)",
        "Action required: invoice F-2026-0042 (Northwind Trading Ltd)",
        "To do: send the formal notice by registered mail: invoice F-2026-0042 (Northwind Trading Ltd)",
      ]
    `);
  });
});

describe('legal_handoff email', () => {
  it('introduces the file to the lawyer with the debtor and the amounts', async () => {
    await expectInBothParts(sampleMessage('legal_handoff', 'fr'), [
      'Bonjour Maître Durand',
      'F-2026-0042',
      'ACME SARL (Jeanne Martin)',
      '8 avenue Victor Hugo, 69002 Lyon',
      'Principal restant dû : 1 200,00 €',
      'mise en demeure du 16 novembre 2026',
      'PDF et JSON',
      'Claire Dupont',
    ]);
    await expectInBothParts(
      { ...sampleMessage('legal_handoff', 'en'), penalties: sampleTwoPeriodPenalties },
      ['Dear Maître Durand', 'Principal outstanding: €1,200.00', 'Debtor', '(PDF and JSON)', '€10.31'],
    );
  });

  it('without a summary, states the formal notice that went unanswered', async () => {
    const { summary: _summary, ...message } = sampleMessage('legal_handoff', 'fr');
    const formalNotice = { sentOn: '2026-11-16', deadline: '2026-11-24' };
    await expectInBothParts({ ...message, formalNotice }, [
      'Notre mise en demeure du 16 novembre 2026, qui fixait un délai de paiement au 24 novembre 2026, est restée sans effet.',
    ]);
    const { summary: _en, ...english } = sampleMessage('legal_handoff', 'en');
    await expectInBothParts({ ...english, formalNotice }, [
      'Our formal notice of 16 November 2026, which set a payment deadline of 24 November 2026, went unanswered.',
    ]);
  });
});
