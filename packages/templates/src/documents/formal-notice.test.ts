import { describe, expect, it } from 'vitest';
import { sampleFormalNotice } from '../fixtures';
import { partiesBeyondLatin1, pdfText } from '../testing/pdf';
import { twoPeriodNotice } from '../testing/two-periods';
import type { FormalNoticeDocument } from '../types';
import { renderFormalNoticePdf } from './formal-notice';

const expectAll = (text: string, phrases: string[]) => {
  for (const phrase of phrases) expect(text, `PDF should contain "${phrase}"`).toContain(phrase);
};

describe('renderFormalNoticePdf', () => {
  it('prints every mandatory mention of a French mise en demeure on A4', async () => {
    const bytes = await renderFormalNoticePdf(sampleFormalNotice('fr'));
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    const { text, size } = await pdfText(bytes);
    expect(size).toEqual([595, 842]);
    expectAll(text, [
      'Mise en demeure de payer',
      'Lettre recommandée avec accusé de réception',
      'Paris, le 16 novembre 2026',
      // creditor and debtor identities and addresses
      'Studio Dupont SARL',
      '12 rue des Lilas',
      '75011 Paris',
      'SIREN/SIRET 123 456 789 00012',
      'ACME SARL',
      'À l’attention de Jeanne Martin',
      '8 avenue Victor Hugo',
      '69002 Lyon',
      // invoice references and amounts
      'facture n° F-2026-0042',
      '15 septembre 2026',
      '15 octobre 2026',
      'Principal (reste dû sur la facture) 1 200,00 €',
      // interest: rate, period, days, amount
      'du 16 octobre 2026 au 16 novembre 2026 32 12,15 % 12,78 €',
      'Intérêts de retard 12,78 €',
      'article L441-10 du Code de commerce',
      'article D441-5 du Code de commerce',
      'Indemnité forfaitaire pour frais de recouvrement (art. D441-5 C. com.) 40,00 €',
      'Total dû 1 252,78 €',
      // deadline, payment details, consequences
      'de nous régler la somme de 1 252,78 € au plus tard le 24 novembre 2026',
      'FR76 3000 6000 0112 3456 7890 189',
      'AGRIFRPP',
      'Référence à rappeler F-2026-0042',
      'https://pay.example/i/42',
      'procédure judiciaire',
      'injonction de payer',
      'article 1344 du Code civil',
      'Claire Dupont',
    ]);
  });

  it('titles the English letter "Formal notice — letter before action" with the same facts', async () => {
    const { text } = await pdfText(await renderFormalNoticePdf(sampleFormalNotice('en')));
    expectAll(text, [
      'Formal notice — letter before action',
      'registered mail with acknowledgement of receipt',
      'Paris, 16 November 2026',
      'Northwind Trading Ltd',
      'For the attention of James Walker',
      '3 Market Street',
      'London EC2A 4NE',
      'invoice no. F-2026-0042',
      '15 September 2026',
      'Principal (invoice balance outstanding) €1,200.00',
      '16 October 2026 to 16 November 2026 32 12.15% €12.78',
      'Article L441-10 of the French Commercial Code',
      'Article D441-5',
      '€40.00',
      'Total due €1,252.78',
      'to pay the sum of €1,252.78 no later than 24 November 2026',
      'FR76 3000 6000 0112 3456 7890 189',
      'Payment reference F-2026-0042',
      'legal proceedings',
      'injonction de payer',
      'formal notice (mise en demeure)',
    ]);
  });

  it('lists one interest line per half-year rate period', async () => {
    const input: FormalNoticeDocument = { ...sampleFormalNotice('fr'), ...twoPeriodNotice };
    const { text } = await pdfText(await renderFormalNoticePdf(input));
    expectAll(text, [
      'du 21 décembre 2024 au 31 décembre 2024 11 14,25 % 10,31 €',
      'du 1er janvier 2025 au 19 janvier 2025 19 13,15 % 16,43 €',
      'au taux de 14,25 % puis 13,15 %',
      'Intérêts de retard 26,74 €',
      'Total dû 2 466,74 €',
      'au plus tard le 27 janvier 2025',
    ]);
  });

  it('for a consumer: legal interest from the notice, no 40 € indemnity, no L441-10', async () => {
    const input: FormalNoticeDocument = {
      ...sampleFormalNotice('fr'),
      clientType: 'consumer',
      client: { name: 'Paul Bernard', address: '4 place Bellecour, 69002 Lyon' },
      penalties: { periods: [], interest: '0.00', fixedFee: '0.00', total: '0.00', asOf: '2026-11-16' },
    };
    const { text } = await pdfText(await renderFormalNoticePdf(input));
    expectAll(text, [
      'Mise en demeure',
      'Paul Bernard',
      'article 1344-1 du Code civil',
      'taux de l’intérêt légal',
      'Total dû 1 200,00 €',
      'injonction de payer',
    ]);
    expect(text).not.toMatch(/L441-10|D441-5|Indemnité forfaitaire/);
  });

  it('for a UK debtor: Late Payment Act, fixed sum in pounds, County Court', async () => {
    const base = sampleFormalNotice('en');
    const input: FormalNoticeDocument = {
      ...base,
      jurisdiction: 'GB',
      creditor: { ...base.creditor, address: '10 Fleet Street, London EC4Y 1AA' },
      invoice: { ...base.invoice, currency: 'GBP' },
      penalties: {
        periods: [
          { from: '2026-10-16', to: '2026-11-16', days: 32, ratePercent: '11.75', interest: '12.36' },
        ],
        interest: '12.36',
        fixedFee: '70.00',
        total: '82.36',
        asOf: '2026-11-16',
      },
    };
    const { text } = await pdfText(await renderFormalNoticePdf(input));
    expectAll(text, [
      'Formal notice — letter before action',
      'London, 16 November 2026',
      'recorded delivery',
      'Late Payment of Commercial Debts (Interest) Act 1998',
      '£70.00',
      'Total due £1,282.36',
      'County Court',
    ]);
    expect(text).not.toContain('L441-10');
  });

  it('prints text the font lacks instead of failing (narrow spaces, emoji)', async () => {
    const base = sampleFormalNotice('fr');
    const input: FormalNoticeDocument = {
      ...base,
      client: { ...base.client, name: 'Łukasz Wróbel\u202f🙂', company: 'Zażółć Sp.\u00a0z o.o.' },
    };
    const { text } = await pdfText(await renderFormalNoticePdf(input));
    expectAll(text, ['Łukasz Wróbel ?', 'Zażółć Sp. z o.o.', 'Mise en demeure']);
  });

  const [czechToPolish, greekToTurkish] = partiesBeyondLatin1;

  it('prints Czech and Polish names and addresses letter for letter', async () => {
    const base = sampleFormalNotice('fr');
    const input: FormalNoticeDocument = {
      ...base,
      creditor: { ...base.creditor, company: undefined, ...czechToPolish!.creditor },
      client: { ...base.client, company: undefined, ...czechToPolish!.client },
    };
    const { text, author, title, fonts } = await pdfText(await renderFormalNoticePdf(input));
    expectAll(text, [
      'Antonín Dvořák Křižíkova 148 186 00 Praha 8',
      'Łukasz Żółć Sp. z o.o. À l’attention de Łukasz Żółć ul. Piotrkowska 104 90-926 Łódź',
      'Veuillez agréer',
      'Antonín Dvořák Mise en demeure — facture F-2026-0042 — page',
    ]);
    expect(author).toBe('Antonín Dvořák');
    expect(title).toBe('Mise en demeure de payer — F-2026-0042');
    expect(fonts.every((f) => f.embedded)).toBe(true);
  });

  it('prints Greek and Turkish names and addresses letter for letter', async () => {
    const base = sampleFormalNotice('en');
    const input: FormalNoticeDocument = {
      ...base,
      creditor: { ...base.creditor, company: undefined, ...greekToTurkish!.creditor },
      client: { ...base.client, company: undefined, ...greekToTurkish!.client },
    };
    const { text, author } = await pdfText(await renderFormalNoticePdf(input));
    expectAll(text, [
      'Γιώργος Παπαδόπουλος Ερμού 25 10563 Αθήνα',
      'Şükrü Öztürk / İğdır Atatürk Caddesi 12 76000 Iğdır',
      'Αθήνα, 16 November 2026',
      'Yours faithfully',
      'Γιώργος Παπαδόπουλος Formal notice',
    ]);
    expect(author).toBe('Γιώργος Παπαδόπουλος');
  });
});
