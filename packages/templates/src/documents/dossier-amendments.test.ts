import { describe, expect, it } from 'vitest';
import { sampleDossier } from '../fixtures';
import { pdfText } from '../testing/pdf';
import { buildDossierJson } from './dossier-json';
import { renderDossierPdf } from './dossier';

describe('dossier: registered letters and credit notes', () => {
  const dossier = {
    ...sampleDossier('fr'),
    letters: [{ postedOn: '2026-11-17', trackingNumber: '1A 234', receivedOn: '2026-11-19' }],
    creditNotes: [{ id: 'AV-1', amount: '300.00', issuedOn: '2026-11-10' }],
  };
  dossier.invoice = { ...dossier.invoice, paid: '0.00', credited: '300.00', balance: '900.00' };

  it('carries the letter dates and the credit notes in the JSON', () => {
    const json = JSON.parse(buildDossierJson(dossier));
    expect(json.letters).toEqual(dossier.letters);
    expect(json.creditNotes).toEqual(dossier.creditNotes);
    expect(json.invoice).toMatchObject({ credited: '300.00', balance: '900.00' });
  });

  it('prints them in the PDF, the avoir apart from what was paid', async () => {
    const { text } = await pdfText(await renderDossierPdf(dossier));
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain(
      'Lettre recommandée postée le 17 novembre 2026 (n° 1A 234), reçue le 19 novembre 2026',
    );
    expect(flat).toContain('Avoir AV-1 du 10 novembre 2026');
    expect(flat).toContain('Avoirs émis');
  });
});
