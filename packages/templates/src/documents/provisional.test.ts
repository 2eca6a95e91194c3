import { describe, expect, it } from 'vitest';
import { sampleDossier, sampleFormalNotice, sampleProvisionalPenalties } from '../fixtures';
import { pdfText } from '../testing/pdf';
import type { PenaltyView } from '../types';
import { renderDossierPdf } from './dossier';
import { buildDossierJson } from './dossier-json';
import { renderFormalNoticePdf } from './formal-notice';

// docs/penalties.md: a period computed with the last published rate known says so, and
// the total is "à parfaire" / "subject to adjustment".

/** 1 000 € due 2026-06-15 as of 2026-07-10: H1 2026 final, H2 2026 provisional (ECB 1 July not loaded). */
const acrossJuly: PenaltyView = {
  periods: [
    {
      from: '2026-06-16',
      to: '2026-06-30',
      days: 15,
      ratePercent: '12.15',
      interest: '4.99',
      provisional: false,
    },
    {
      from: '2026-07-01',
      to: '2026-07-10',
      days: 10,
      ratePercent: '12.15',
      interest: '3.33',
      provisional: true,
    },
  ],
  interest: '8.32',
  fixedFee: '40.00',
  total: '48.32',
  asOf: '2026-07-10',
  provisional: true,
};
const acrossJulyInvoice = {
  number: 'F-2026-0031',
  issueDate: '2026-05-15',
  dueDate: '2026-06-15',
  currency: 'EUR',
  total: '1000.00',
  paid: '0.00',
  balance: '1000.00',
};

const count = (text: string, phrase: string) => text.split(phrase).length - 1;

describe('renderFormalNoticePdf — provisional rate', () => {
  it('marks the provisional period only, explains it, and demands the total "à parfaire" (fr)', async () => {
    const notice = {
      ...sampleFormalNotice('fr'),
      invoice: acrossJulyInvoice,
      penalties: acrossJuly,
      sentOn: '2026-07-10',
      deadline: '2026-07-18',
    };
    const { text } = await pdfText(await renderFormalNoticePdf(notice));
    expect(text).toContain('du 16 juin 2026 au 30 juin 2026 15 12,15 % 4,99 €');
    expect(text).toContain(
      'du 1er juillet 2026 au 10 juillet 2026 taux provisoire — dernier taux publié connu 10 12,15 % 3,33 €',
    );
    // Under the provisional period only, and in the note that explains it.
    expect(count(text, 'taux provisoire — dernier taux publié connu')).toBe(1);
    expect(text).toContain(
      'Taux provisoire — dernier taux publié connu : le taux de référence de cette période',
    );
    expect(text).toContain('le total est à parfaire');
    expect(text).toContain('Total dû, à parfaire 1 048,32 €');
    expect(text).toContain('la somme de 1 048,32 €, à parfaire, au plus tard le 18 juillet 2026');
  });

  it('says "provisional rate — last published rate known" and "subject to adjustment" in English', async () => {
    const notice = { ...sampleFormalNotice('en'), penalties: sampleProvisionalPenalties };
    const { text } = await pdfText(await renderFormalNoticePdf(notice));
    expect(text).toContain(
      '16 October 2026 to 16 November 2026 provisional rate — last published rate known 32 12.15% €12.78',
    );
    expect(text).toContain('Total due, subject to adjustment €1,252.78');
    expect(text).toContain(
      'to pay the sum of €1,252.78, subject to adjustment, no later than 24 November 2026',
    );
  });

  it('prints neither mention when every rate is loaded', async () => {
    const { text } = await pdfText(await renderFormalNoticePdf(sampleFormalNotice('fr')));
    expect(text).not.toMatch(/provisoire|à parfaire/);
    expect(text).toContain('Total dû 1 252,78 €');
  });
});

describe('renderDossierPdf — provisional rate', () => {
  it('marks the provisional period and the total in the lawyer’s file (fr and en)', async () => {
    const fr = await pdfText(
      await renderDossierPdf({ ...sampleDossier('fr'), penalties: sampleProvisionalPenalties }),
    );
    expect(fr.text).toContain(
      'du 16 octobre 2026 au 16 novembre 2026 taux provisoire — dernier taux publié connu 32 12,15 % 12,78 €',
    );
    expect(fr.text).toContain('Total dû, à parfaire 1 252,78 €');
    const en = await pdfText(
      await renderDossierPdf({ ...sampleDossier('en'), penalties: sampleProvisionalPenalties }),
    );
    expect(en.text).toContain('provisional rate — last published rate known');
    expect(en.text).toContain('Total due, subject to adjustment €1,252.78');
    const final = await pdfText(await renderDossierPdf(sampleDossier('fr')));
    expect(final.text).not.toMatch(/provisoire|à parfaire/);
  });
});

describe('buildDossierJson — provisional rate', () => {
  it('flags each period and the amounts, with the mentions the PDF prints', () => {
    const json = JSON.parse(
      buildDossierJson({ ...sampleDossier('fr'), invoice: acrossJulyInvoice, penalties: acrossJuly }),
    );
    expect(json.penalties.provisional).toBe(true);
    expect(json.penalties.periods).toEqual([
      expect.objectContaining({ from: '2026-06-16', provisional: false }),
      expect.objectContaining({
        from: '2026-07-01',
        provisional: true,
        rateNote: 'taux provisoire — dernier taux publié connu',
      }),
    ]);
    expect(json.penalties.periods[0]).not.toHaveProperty('rateNote');
    expect(json.amounts).toMatchObject({
      totalDue: '1048.32',
      provisional: true,
      totalDueNote: 'Total dû, à parfaire',
    });
    const en = JSON.parse(
      buildDossierJson({ ...sampleDossier('en'), penalties: sampleProvisionalPenalties }),
    );
    expect(en.amounts.totalDueNote).toBe('Total due, subject to adjustment');
    expect(en.penalties.periods[0].rateNote).toBe('provisional rate — last published rate known');
  });

  it('says provisional: false and adds no note when every rate is loaded', () => {
    const json = JSON.parse(buildDossierJson(sampleDossier('fr')));
    expect(json.amounts.provisional).toBe(false);
    expect(json.amounts).not.toHaveProperty('totalDueNote');
    expect(json.penalties.periods.map((p: { provisional: boolean }) => p.provisional)).toEqual([false]);
  });
});
