import { describe, expect, it } from 'vitest';
import { sampleDossier, sampleFormalNotice, sampleProvisionalPenalties } from '../fixtures';
import {
  sampleGroupedDossier,
  sampleGroupedFormalNotice,
  sampleNoticeLines,
  sampleStatement,
} from '../fixtures-grouped';
import { balanceOf, claimOf, euros, occurrences } from '../testing/grouped';
import { pdfText } from '../testing/pdf';
import type { GroupedFormalNoticeDocument, GroupedLegalDossier, Locale } from '../types';
import { renderDossierPdf, renderGroupedDossierPdf } from './dossier';
import { buildDossierJson, buildGroupedDossierJson } from './dossier-json';
import { dossierFileNames, statementFileName } from './file-names';
import { renderFormalNoticePdf, renderGroupedFormalNoticePdf } from './formal-notice';
import { renderStatementPdf } from './statement';

const expectAll = (text: string, phrases: string[]) => {
  for (const phrase of phrases) expect(text, `PDF should contain "${phrase}"`).toContain(phrase);
};
const minor = (amount: string) => Math.round(Number(amount) * 100);

describe('renderGroupedFormalNoticePdf', () => {
  it('about one invoice, is the single letter, byte for byte', async () => {
    for (const locale of ['fr', 'en'] as Locale[]) {
      const grouped = await renderGroupedFormalNoticePdf(sampleGroupedFormalNotice(locale, 1));
      const single = await renderFormalNoticePdf(sampleFormalNotice(locale));
      expect(Buffer.from(grouped).equals(Buffer.from(single)), locale).toBe(true);
    }
  });

  it('gives each of 4 invoices its own interest lines and its own 40 € indemnity, one total (fr)', async () => {
    const input = sampleGroupedFormalNotice('fr', 4);
    const { text, title } = await pdfText(await renderGroupedFormalNoticePdf(input));
    const total = euros(claimOf(input.invoices), 'fr');
    expect(
      occurrences(text, 'Indemnité forfaitaire pour frais de recouvrement (art. D441-5 C. com.) 40,00 €'),
    ).toBe(4);
    for (const line of input.invoices) {
      const period = line.penalties.periods[0]!;
      expectAll(text, [
        `Facture n° ${line.number} Période Jours Taux annuel Intérêts`,
        `${period.days} 12,15 % ${euros(minor(period.interest), 'fr')}`,
        `Total dû au titre de la facture ${line.number} ${euros(minor(line.balance) + minor(line.penalties.total), 'fr')}`,
      ]);
    }
    expectAll(text, [
      'Lettre recommandée avec accusé de réception',
      'Objet : Mise en demeure de payer — 4 factures impayées',
      'les factures ci-dessous, échues, demeurent impayées',
      'indemnité forfaitaire pour frais de recouvrement de 40,00 € par facture',
      `Total du principal ${euros(balanceOf(input.invoices), 'fr')}`,
      'Indemnités forfaitaires pour frais de recouvrement, une par facture 160,00 €',
      `Total dû ${total}`,
      `de nous régler la somme de ${total} au plus tard le 24 novembre 2026`,
      'Référence à rappeler F-2026-0042, F-2026-0043, F-2026-0044, F-2026-0045',
      'Paiement en ligne : F-2026-0043 — https://pay.example/i/43',
      'article 1344 du Code civil',
      'Mise en demeure — 4 factures — page 1/',
    ]);
    expect(title).toBe('Mise en demeure de payer — 4 factures');
  });

  it('claims 50 invoices over several pages, each with its €40, the grand total to the cent (en)', async () => {
    const input = sampleGroupedFormalNotice('en', 50);
    const { text, pages } = await pdfText(await renderGroupedFormalNoticePdf(input));
    const total = euros(claimOf(input.invoices), 'en');
    expect(pages).toBeGreaterThan(5);
    expect(
      occurrences(text, 'Fixed indemnity for recovery costs (Art. D441-5 French Commercial Code) €40.00'),
    ).toBe(50);
    for (const line of input.invoices) expect(text).toContain(`Total due on invoice ${line.number} `);
    expectAll(text, [
      'Re: Formal notice to pay — 50 unpaid invoices',
      'a fixed indemnity of €40.00 per invoice for recovery costs',
      'Fixed indemnities for recovery costs, one per invoice €2,000.00',
      `Total due ${total}`,
      `to pay the sum of ${total} no later than 24 November 2026`,
      'Payment reference The numbers of the invoices paid',
      `page ${pages}/${pages}`,
    ]);
  });

  it('for a consumer: no indemnity on any invoice', async () => {
    const input: GroupedFormalNoticeDocument = {
      ...sampleGroupedFormalNotice('fr', 3),
      clientType: 'consumer',
      invoices: sampleNoticeLines(3).map((l) => ({
        ...l,
        penalties: { periods: [], interest: '0.00', fixedFee: '0.00', total: '0.00', asOf: '2026-11-16' },
      })),
    };
    const { text } = await pdfText(await renderGroupedFormalNoticePdf(input));
    expectAll(text, ['article 1344-1 du Code civil', 'Total dû 4 250,00 €', 'la somme de 4 250,00 €']);
    expect(text).not.toMatch(/Indemnit|D441-5|40,00 €/);
  });

  it('says "à parfaire" once a line is provisional, and explains it once', async () => {
    const input = sampleGroupedFormalNotice('fr', 3);
    input.invoices[1] = { ...input.invoices[1]!, penalties: sampleProvisionalPenalties };
    const { text } = await pdfText(await renderGroupedFormalNoticePdf(input));
    expect(occurrences(text, 'le taux de référence de cette période n’est pas encore disponible')).toBe(1);
    expectAll(text, [
      'Total dû au titre de la facture F-2026-0043, à parfaire',
      'Total dû, à parfaire',
      ', à parfaire, au plus tard le 24 novembre 2026',
    ]);
  });

  it('totals each currency apart and demands both', async () => {
    const input = sampleGroupedFormalNotice('en', 3);
    input.invoices[2] = { ...input.invoices[2]!, currency: 'GBP' };
    const { text } = await pdfText(await renderGroupedFormalNoticePdf(input));
    const eur = euros(claimOf(input.invoices.slice(0, 2)), 'en');
    const gbp = `£${(claimOf(input.invoices.slice(2)) / 100).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
    expectAll(text, [`Total due (EUR) ${eur}`, `Total due (GBP) ${gbp}`, `the sum of ${eur} and ${gbp}`]);
  });
});

describe('renderGroupedDossierPdf and buildGroupedDossierJson', () => {
  it('about one case, are the single dossier, byte for byte', async () => {
    const single = sampleDossier('fr');
    const { invoice, penalties, timeline, formalNotice, ...common } = single;
    const grouped: GroupedLegalDossier = {
      ...common,
      cases: [{ invoice, penalties, timeline, formalNotice }],
    };
    expect(
      Buffer.from(await renderGroupedDossierPdf(grouped)).equals(Buffer.from(await renderDossierPdf(single))),
    ).toBe(true);
    expect(buildGroupedDossierJson(grouped)).toBe(buildDossierJson(single));
  });

  it('holds every case: invoices, each breakdown with its 40 €, the totals, notices, one timeline', async () => {
    const dossier = sampleGroupedDossier('fr', 4);
    const { text } = await pdfText(await renderGroupedDossierPdf(dossier));
    const claims = dossier.cases.map((c) => ({ ...c.invoice, daysLate: 0, penalties: c.penalties }));
    expect(
      occurrences(text, 'Indemnité forfaitaire pour frais de recouvrement (art. D441-5 C. com.) 40,00 €'),
    ).toBe(4);
    expectAll(text, [
      'Dossier de recouvrement',
      '4 factures — ACME SARL',
      '2. Factures',
      ...dossier.cases.map((c) => `Facture n° ${c.invoice.number} Période`),
      `Reste dû (principal) ${euros(balanceOf(claims), 'fr')}`,
      'Indemnités forfaitaires pour frais de recouvrement, une par facture 160,00 €',
      `Total dû ${euros(claimOf(claims), 'fr')}`,
      'F-2026-0045 16 novembre 2026 24 novembre 2026',
      'Date Facture Événement Étape Id email Statut',
      '23 octobre 2026 à 09:00 F-2026-0044 Relance envoyée reminder_2 em_G1 delivered',
      'Nous regardons ces factures avec notre comptable',
      'Objet : Mise en demeure de payer : 4 factures impayées',
      'Dossier de recouvrement — 4 factures — page 1/',
    ]);
    // The account's messages once, not once per case.
    expect(occurrences(text, 'Id email : em_G2')).toBe(1);
  });

  it('speaks English for an English-speaking creditor', async () => {
    const { text } = await pdfText(await renderGroupedDossierPdf(sampleGroupedDossier('en', 3)));
    expectAll(text, [
      'Debt recovery file',
      '3 invoices — Northwind Trading Ltd',
      '2. Invoices',
      'Summary',
      'Total due',
    ]);
  });

  it('gives the lawyer’s tools every case and the totals to the cent (JSON, version 2)', () => {
    const dossier = sampleGroupedDossier('fr', 50);
    const json = JSON.parse(buildGroupedDossierJson({ ...dossier, cases: [...dossier.cases].reverse() }));
    const claims = dossier.cases.map((c) => ({ ...c.invoice, daysLate: 0, penalties: c.penalties }));
    expect(json).toMatchObject({
      format: 'relance.legal-dossier',
      version: 2,
      debtor: { company: 'ACME SARL' },
      totals: [
        {
          currency: 'EUR',
          invoices: 50,
          principal: (balanceOf(claims) / 100).toFixed(2),
          fixedFee: '2000.00',
          totalDue: (claimOf(claims) / 100).toFixed(2),
          provisional: false,
        },
      ],
    });
    expect(json.cases).toHaveLength(50);
    expect(json.cases[0]).toMatchObject({
      invoice: { number: 'F-2026-0091' },
      amounts: { fixedFee: '40.00' },
      formalNotice: { sentOn: '2026-11-16' },
    });
    expect(json.cases[49].timeline.map((e: { type: string }) => e.type)).toEqual([
      'registered',
      'reminder_sent',
      'formal_notice_sent',
      'legal_handoff_sent',
    ]);
    expect(json.messages.map((m: { emailId: string }) => m.emailId)).toEqual(['em_G1', 'em_G2']);
  });

  it('names its files', () => {
    expect(dossierFileNames('fr', ['F-2026-0042'], '2026-11-25T10:00:00Z')).toEqual({
      pdf: 'dossier-F-2026-0042.pdf',
      json: 'dossier-F-2026-0042.json',
    });
    expect(dossierFileNames('en', ['A', 'B', 'C'], '2026-11-25T10:00:00Z')).toEqual({
      pdf: 'dossier-2026-11-25-3-invoices.pdf',
      json: 'dossier-2026-11-25-3-invoices.json',
    });
  });
});

describe('renderStatementPdf', () => {
  it('lists every open invoice, the payments and credit notes, and the balance (fr)', async () => {
    const { text, title } = await pdfText(await renderStatementPdf(sampleStatement('fr')));
    expectAll(text, [
      'Relevé de compte',
      'ACME SARL — au 30 novembre 2026',
      'À l’attention de Jeanne Martin',
      'F-2026-0042 1er septembre 2026 1er octobre 2026 1 200,00 € 500,00 € 700,00 € 60 jours',
      'F-2026-0043 8 septembre 2026 8 octobre 2026 1 450,50 € 150,50 € 1 300,00 € 53 jours',
      'F-2026-0044 15 septembre 2026 15 octobre 2026 1 599,50 € 0,00 € 1 599,50 € 46 jours',
      'F-2026-0051 20 novembre 2026 20 décembre 2026 480,00 € 0,00 € 480,00 € à échoir',
      '2 novembre 2026 Paiement VIR ACME 0042 F-2026-0042 500,00 €',
      '5 novembre 2026 Avoir AV-2026-0007 F-2026-0043 150,50 €',
      'Total facturé (TTC) 4 730,00 €',
      'Déjà réglé (paiements et avoirs) 650,50 €',
      'Solde restant dû 4 079,50 €',
      'dont échu 3 599,50 €',
      'dont à échoir 480,00 €',
      'FR76 3000 6000 0112 3456 7890 189',
      'Paiement en ligne : https://pay.example/c/acme',
      'Relevé de compte au 30 novembre 2026 — page 1/1',
    ]);
    expect(title).toBe('Relevé de compte — ACME SARL');
  });

  it('speaks English, says when nothing was received, and totals each currency apart', async () => {
    const base = sampleStatement('en');
    const [a, b] = base.invoices;
    const { text } = await pdfText(
      await renderStatementPdf({
        ...base,
        payments: [],
        invoices: [a!, { ...b!, currency: 'GBP' }],
      }),
    );
    expectAll(text, [
      'Statement of account',
      'Northwind Trading Ltd — as of 30 November 2026',
      'No payment received on these invoices.',
      'Balance outstanding (EUR) €700.00',
      'Balance outstanding (GBP) £1,300.00',
      'of which overdue £1,300.00',
    ]);
    expect(statementFileName('fr', '2026-11-30')).toBe('releve-de-compte-2026-11-30.pdf');
    expect(statementFileName('en', '2026-11-30')).toBe('statement-of-account-2026-11-30.pdf');
  });
});
