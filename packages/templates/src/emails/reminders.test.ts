import { describe, expect, it } from 'vitest';
import { sampleMessage, samplePartlyPaidInvoice } from '../fixtures';
import { expectInBothParts } from '../testing/email';
import type { Locale } from '../types';

const common = {
  fr: [
    'F-2026-0042',
    '15 septembre 2026',
    '15 octobre 2026',
    '1 200,00 €',
    'FR76 3000 6000 0112 3456 7890 189',
    'AGRIFRPP',
    'Référence à indiquer F-2026-0042',
    'https://pay.example/i/42',
    'Claire Dupont',
    'Studio Dupont SARL',
    'factures@dupont.example',
    '+33 1 84 60 12 34',
    'Bien cordialement',
    'Bonjour Jeanne Martin',
  ],
  en: [
    'F-2026-0042',
    '15 September 2026',
    '15 October 2026',
    '€1,200.00',
    'FR76 3000 6000 0112 3456 7890 189',
    'AGRIFRPP',
    'Payment reference F-2026-0042',
    'https://pay.example/i/42',
    'Claire Dupont',
    'Studio Dupont SARL',
    'factures@dupont.example',
    '+33 1 84 60 12 34',
    'Kind regards',
    'Dear James Walker',
  ],
} satisfies Record<Locale, string[]>;

describe('reminder emails', () => {
  it('courtesy: announces the due date courteously, before any lateness', async () => {
    await expectInBothParts(sampleMessage('courtesy', 'fr'), [
      ...common.fr,
      'arrive à échéance le 15 octobre 2026',
    ]);
    await expectInBothParts(sampleMessage('courtesy', 'en'), [...common.en, 'falls due on 15 October 2026']);
  });

  it('friendly: assumes good faith, in the passive voice', async () => {
    const fr = await expectInBothParts(sampleMessage('friendly', 'fr'), [
      ...common.fr,
      'ne semble pas nous être parvenu',
      'simple oubli',
    ]);
    const en = await expectInBothParts(sampleMessage('friendly', 'en'), [
      ...common.en,
      'does not seem to have reached us',
    ]);
    expect(fr.text).not.toMatch(/mise en demeure|pénalités/i);
    expect(en.text).not.toMatch(/formal notice|interest/i);
  });

  it('firm: states that late fees apply by law and from which date', async () => {
    await expectInBothParts(sampleMessage('firm', 'fr'), [
      ...common.fr,
      'article L441-10 du Code de commerce',
      'indemnité forfaitaire pour frais de recouvrement de 40 €',
      'à compter du 16 octobre 2026',
    ]);
    await expectInBothParts(sampleMessage('firm', 'en'), [
      ...common.en,
      'Article L441-10 of the French Commercial Code',
      'fixed indemnity of €40',
      'from 16 October 2026',
    ]);
  });

  it('firm: falls back to the day after the due date, and adapts the legal basis', async () => {
    const { lateFeesFrom: _, ...noDate } = sampleMessage('firm', 'fr');
    await expectInBothParts(noDate, ['à compter du 16 octobre 2026']);
    const consumer = await expectInBothParts({ ...sampleMessage('firm', 'fr'), clientType: 'consumer' }, [
      'intérêts au taux légal',
    ]);
    expect(consumer.text).not.toMatch(/40 €|L441-10/);
    await expectInBothParts(
      {
        ...sampleMessage('firm', 'en'),
        jurisdiction: 'GB',
        invoice: { ...sampleMessage('firm', 'en').invoice, currency: 'GBP' },
      },
      ['Late Payment of Commercial Debts (Interest) Act 1998', '£1,200.00'],
    );
    await expectInBothParts({ ...sampleMessage('firm', 'en'), jurisdiction: 'EU' }, [
      'Directive 2011/7/EU',
      '€40',
    ]);
  });

  it('urgent: announces the formal notice and its date, still offering to talk', async () => {
    await expectInBothParts(sampleMessage('urgent', 'fr'), [
      ...common.fr,
      'le 16 novembre 2026 une mise en demeure',
      'lettre recommandée avec accusé de réception',
      'solution amiable',
      'Intérêts du 16 octobre 2026 au 6 novembre 2026 (22 jours à 12,15 %)',
      '8,79 €',
      '1 248,79 €',
    ]);
    await expectInBothParts(sampleMessage('urgent', 'en'), [
      ...common.en,
      'on 16 November 2026 a formal notice',
      'Interest from 16 October 2026 to 6 November 2026 (22 days at 12.15%)',
      '€8.79',
      '€1,248.79',
    ]);
  });

  it('promise_missed: recalls the promised date', async () => {
    await expectInBothParts(sampleMessage('promise_missed', 'fr'), [
      ...common.fr,
      'au plus tard le 5 novembre 2026',
      'ne semble toutefois pas nous être parvenu',
    ]);
    await expectInBothParts(sampleMessage('promise_missed', 'en'), [
      ...common.en,
      'would be paid by 5 November 2026',
    ]);
  });

  it('instalment_due: asks for the instalment, shows the remaining balance', async () => {
    const fr = await expectInBothParts(sampleMessage('instalment_due', 'fr'), [
      'l’échéance n° 2 sur 3',
      '400,00 €',
      '15 décembre 2026',
      'Reste à payer 800,00 €',
      'Montant 400,00 €',
      'FR76 3000 6000 0112 3456 7890 189',
    ]);
    expect(fr.subject).toContain('2/3');
    await expectInBothParts(sampleMessage('instalment_due', 'en'), [
      'instalment 2 of 3, for €400.00, is due on 15 December 2026',
      'Balance due €800.00',
    ]);
  });

  it('every tone: after a part payment the balance, not the total, is the amount due', async () => {
    for (const template of ['courtesy', 'friendly', 'firm', 'urgent', 'promise_missed'] as const) {
      for (const locale of ['fr', 'en'] as const) {
        const message = { ...sampleMessage(template, locale), invoice: samplePartlyPaidInvoice };
        const phrases =
          locale === 'fr'
            ? [
                'Sur un total de 1 200,00 €, vous avez déjà réglé 500,00 €',
                'le solde restant dû est de 700,00 €',
                'Reste à payer 700,00 €',
                'Montant 700,00 €',
              ]
            : [
                'Of the €1,200.00 total, you have already paid €500.00',
                'the balance outstanding is €700.00',
                'Balance due €700.00',
                'Amount €700.00',
              ];
        const out = await expectInBothParts(message, phrases);
        expect(out.text, `${template}/${locale}`).not.toMatch(
          locale === 'fr' ? /Montant 1 200,00 €/ : /Amount €1,200.00/,
        );
      }
    }
  });

  it('omits bank lines the creditor has not given, keeps the reference', async () => {
    const base = sampleMessage('friendly', 'en');
    const { iban: _i, bic: _b, ...creditor } = base.creditor;
    const { paymentUrl: _u, ...invoice } = base.invoice;
    const out = await expectInBothParts({ ...base, creditor, invoice }, ['Payment reference F-2026-0042']);
    expect(out.text).not.toMatch(/IBAN|BIC|Pay online/);
  });
});
