import { describe, expect, it } from 'vitest';
import { sampleInvoice, sampleMessage, sampleTwoPeriodPenalties } from '../fixtures';
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
    const message = {
      ...sampleMessage('formal_notice', 'en'),
      invoice: {
        ...sampleInvoice,
        number: 'F-2024-0117',
        issueDate: '2024-11-20',
        dueDate: '2024-12-20',
        total: '2400.00',
        balance: '2400.00',
      },
      penalties: sampleTwoPeriodPenalties,
      sentOn: '2025-01-19',
      deadline: '2025-01-27',
    };
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
  const alerts: CreditorAlert[] = [
    {
      kind: 'reply',
      from: 'compta@acme.example',
      receivedAt: '2026-10-20T07:42:00Z',
      text: 'Le virement partira vendredi.\nMerci',
    },
    { kind: 'bounce', step: 'reminder_2', recipient: 'compta@acme.example', reason: 'mailbox full' },
    { kind: 'call_task', step: 'final_notice', phone: '+33 4 72 00 00 00' },
    { kind: 'formal_notice_sent', deadline: '2026-11-24' },
    { kind: 'handed_off', lawyer: 'Maître Durand' },
    { kind: 'paid', amountPaid: '1200.00' },
    {
      kind: 'unrecovered',
      reason: 'le montant est inférieur au seuil de 500,00 € fixé pour une action en justice.',
    },
  ];
  const alertOf = (alert: CreditorAlert, locale: Locale = 'fr') => ({
    ...sampleMessage('creditor_alert', locale),
    alert,
  });

  it('tells the creditor what happened, with the client and the invoice', async () => {
    const expected: Record<CreditorAlert['kind'], string[]> = {
      reply: [
        'a répondu le 20 octobre 2026 à 09:42',
        'Le virement partira vendredi.',
        'Les relances sont suspendues',
      ],
      bounce: ['« reminder_2 »', 'compta@acme.example', 'motif : mailbox full', 'autre moyen'],
      call_task: ['un appel à ACME SARL au +33 4 72 00 00 00', '« final_notice »'],
      formal_notice_sent: ['jusqu’au 24 novembre 2026', 'lettre recommandée avec accusé de réception'],
      handed_off: ['transmis à Maître Durand'],
      paid: ['ACME SARL a réglé 1 200,00 €', 'Le dossier est clos'],
      unrecovered: ['clos sans recouvrement', 'seuil de 500,00 €'],
    };
    for (const alert of alerts) {
      const out = await expectInBothParts(alertOf(alert), [
        ...expected[alert.kind],
        'Bonjour Claire Dupont',
        'F-2026-0042',
        'ACME SARL (Jeanne Martin)',
        '1 200,00 €',
        'Relance',
      ]);
      expect(out.text, alert.kind).not.toContain('Comment régler');
    }
  });

  it('has a subject per kind naming the invoice, in both languages', async () => {
    const subjects: string[] = [];
    for (const locale of ['fr', 'en'] as Locale[]) {
      for (const alert of alerts) subjects.push((await renderEmail(alertOf(alert, locale))).subject);
    }
    for (const s of subjects) expect(s).toContain('F-2026-0042');
    expect(subjects).toMatchInlineSnapshot(`
      [
        "ACME SARL a répondu : facture F-2026-0042",
        "Email non remis : facture F-2026-0042 (ACME SARL)",
        "À faire : appeler ACME SARL au sujet de la facture F-2026-0042",
        "Mise en demeure envoyée : facture F-2026-0042 (ACME SARL)",
        "Dossier transmis à Maître Durand : facture F-2026-0042",
        "Facture F-2026-0042 réglée par ACME SARL",
        "Dossier clos sans recouvrement : facture F-2026-0042",
        "Reply from Northwind Trading Ltd: invoice F-2026-0042",
        "Email not delivered: invoice F-2026-0042 (Northwind Trading Ltd)",
        "To do: call Northwind Trading Ltd about invoice F-2026-0042",
        "Formal notice sent: invoice F-2026-0042 (Northwind Trading Ltd)",
        "Case handed to Maître Durand: invoice F-2026-0042",
        "Invoice F-2026-0042 paid by Northwind Trading Ltd",
        "Case closed unrecovered: invoice F-2026-0042",
      ]
    `);
  });

  it('writes the reply time in English for an English-speaking creditor', async () => {
    await expectInBothParts(alertOf(alerts[0]!, 'en'), [
      'replied on 20 October 2026 at 09:42',
      'Dear Claire Dupont',
      'Reminders are paused',
    ]);
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
});
