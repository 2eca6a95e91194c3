import { describe, expect, it } from 'vitest';
import { sampleDossier } from '../fixtures';
import { partiesBeyondLatin1, pdfText } from '../testing/pdf';
import type { LegalDossier } from '../types';
import { renderDossierPdf } from './dossier';
import { buildDossierJson } from './dossier-json';

const expectAll = (text: string, phrases: string[]) => {
  for (const phrase of phrases) expect(text, `PDF should contain "${phrase}"`).toContain(phrase);
};

describe('renderDossierPdf', () => {
  it('holds parties, invoice, penalty breakdown, formal notice, timeline, replies and messages (fr)', async () => {
    const { text } = await pdfText(await renderDossierPdf(sampleDossier('fr')));
    expectAll(text, [
      'Dossier de recouvrement',
      'Facture F-2026-0042 — ACME SARL',
      'Dossier établi le 25 novembre 2026 à 11:00',
      'Code de commerce, art. L441-10 et D441-5',
      'Créancier',
      'Studio Dupont SARL',
      'FR76 3000 6000 0112 3456 7890 189',
      'Débiteur',
      'ACME SARL (Jeanne Martin)',
      '8 avenue Victor Hugo, 69002 Lyon',
      'Reste dû (principal) 1 200,00 €',
      'du 16 octobre 2026 au 25 novembre 2026 41 12,15 % 16,38 €',
      'Total dû 1 256,38 €',
      'Envoyée le 16 novembre 2026',
      'Date limite de paiement 24 novembre 2026',
      'Relance envoyée',
      'reminder_1',
      'em_01J9R1',
      'delivered',
      'opened',
      'Mise en demeure envoyée',
      '{"deadline":"2026-11-24"}',
      'De compta@acme.example, le 20 octobre 2026 à 09:42',
      'Le virement partira vendredi',
      'Objet : Deuxième relance : facture F-2026-0042 en retard de paiement',
      'Id email : em_01J9R4',
    ]);
  });

  it('speaks English for an English-speaking creditor', async () => {
    const { text } = await pdfText(await renderDossierPdf(sampleDossier('en')));
    expectAll(text, [
      'Debt recovery file',
      'Invoice F-2026-0042 — Northwind Trading Ltd',
      'Creditor',
      'Debtor',
      'Outstanding (principal) €1,200.00',
      'Total due €1,256.38',
      'Payment deadline 24 November 2026',
      'Reminder sent',
      'From accounts@northwind.example, on 20 October 2026 at 09:42',
      'Email id: em_01J9R2',
    ]);
  });

  it('flows long texts over as many pages as needed, keeping every message', async () => {
    const base = sampleDossier('fr');
    const long = Array.from(
      { length: 40 },
      (_, i) => `Paragraphe ${i + 1} : ${'texte du message envoyé au débiteur, '.repeat(12)}`,
    ).join('\n');
    const dossier: LegalDossier = {
      ...base,
      messages: Array.from({ length: 6 }, (_, i) => ({
        ...base.messages[0]!,
        subject: `Message ${i + 1}`,
        text: long,
        emailId: `em_${i + 1}`,
      })),
      timeline: Array.from({ length: 120 }, (_, i) => ({
        at: `2026-10-${String((i % 28) + 1).padStart(2, '0')}T08:00:00Z`,
        type: 'email_opened',
        emailId: `em_t${i}`,
      })),
    };
    const { text, pages } = await pdfText(await renderDossierPdf(dossier));
    expect(pages).toBeGreaterThan(6);
    expectAll(text, ['Message 6', 'em_6', 'Paragraphe 40', 'em_t119', `page ${pages}/${pages}`]);
  });

  it('says so when there were no replies, messages or formal notice', async () => {
    const { formalNotice: _, ...rest } = sampleDossier('fr');
    const { text } = await pdfText(await renderDossierPdf({ ...rest, replies: [], messages: [] }));
    expectAll(text, [
      'Aucune réponse du débiteur.',
      'Aucun message envoyé.',
      'Aucune mise en demeure n’a été envoyée.',
    ]);
  });

  it.each(partiesBeyondLatin1)(
    'prints $creditor.name and $client.name with their addresses letter for letter',
    async ({ creditor, client }) => {
      const base = sampleDossier('fr');
      const dossier: LegalDossier = {
        ...base,
        creditor: { ...base.creditor, company: undefined, ...creditor },
        client: { ...base.client, company: undefined, ...client },
      };
      const label = client.company ? `${client.company} (${client.name})` : client.name!;
      const { text, fonts } = await pdfText(await renderDossierPdf(dossier));
      expectAll(text, [
        `Facture F-2026-0042 — ${client.company ?? client.name}`,
        `Créancier Nom ${creditor.name} Adresse ${creditor.address}`,
        `Débiteur Nom ${label} Adresse ${client.address}`,
      ]);
      expect(fonts.every((f) => f.embedded)).toBe(true);
    },
  );
});

describe('buildDossierJson', () => {
  it('carries the whole dossier with computed amounts, lists in chronological order', () => {
    const dossier = sampleDossier('fr');
    const shuffled = {
      ...dossier,
      timeline: [...dossier.timeline].reverse(),
      messages: [...dossier.messages].reverse(),
    };
    const json = JSON.parse(buildDossierJson(shuffled));
    expect(json).toMatchObject({
      format: 'relance.legal-dossier',
      version: 1,
      generatedAt: '2026-11-25T10:00:00Z',
      jurisdiction: 'FR',
      creditor: { company: 'Studio Dupont SARL', iban: 'FR76 3000 6000 0112 3456 7890 189' },
      debtor: { company: 'ACME SARL', address: '8 avenue Victor Hugo, 69002 Lyon' },
      invoice: { number: 'F-2026-0042', total: '1200.00', balance: '1200.00' },
      amounts: {
        currency: 'EUR',
        principal: '1200.00',
        interest: '16.38',
        fixedFee: '40.00',
        penalties: '56.38',
        totalDue: '1256.38',
      },
      penalties: { periods: [{ from: '2026-10-16', to: '2026-11-25', days: 41, ratePercent: '12.15' }] },
      formalNotice: { sentOn: '2026-11-16', deadline: '2026-11-24' },
    });
    expect(json.timeline.map((e: { type: string }) => e.type)).toEqual(dossier.timeline.map((e) => e.type));
    expect(json.timeline[1]).toEqual({
      at: '2026-10-16T07:00:00Z',
      type: 'reminder_sent',
      step: 'reminder_1',
      emailId: 'em_01J9R1',
      deliveryStatus: 'delivered',
    });
    expect(json.messages.map((m: { emailId: string }) => m.emailId)).toEqual([
      'em_01J9R1',
      'em_01J9R2',
      'em_01J9R4',
    ]);
    expect(json.messages[0].text).toBe(dossier.messages[0]!.text);
    expect(json.replies).toEqual(dossier.replies);
  });

  it('rejects amounts that are not decimal strings of the currency', () => {
    const dossier = sampleDossier('fr');
    expect(() =>
      buildDossierJson({ ...dossier, penalties: { ...dossier.penalties, total: '56.385' } }),
    ).toThrow(/decimals/);
  });
});
