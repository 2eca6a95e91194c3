import { describe, expect, it } from 'vitest';
import { sampleMessage, sampleProvisionalPenalties } from '../fixtures';
import { renderEmail } from '../render';
import { expectInBothParts } from '../testing/email';
import type { Locale } from '../types';

// docs/penalties.md: penalties computed with the last published rate known.

describe('formal_notice email — provisional rate', () => {
  it('marks the provisional period and shows the total "à parfaire" (fr)', async () => {
    const out = await expectInBothParts(
      { ...sampleMessage('formal_notice', 'fr'), penalties: sampleProvisionalPenalties },
      [
        'Intérêts du 16 octobre 2026 au 16 novembre 2026 (32 jours à 12,15 %) 12,78 € (taux provisoire — dernier taux publié connu)',
        'Total dû, à parfaire 1 252,78 €',
      ],
    );
    expect(out.text).toContain('la somme de 1 252,78 € au plus tard le 24 novembre 2026');
  });

  it('says "provisional rate — last published rate known" and "subject to adjustment" (en)', async () => {
    await expectInBothParts(
      { ...sampleMessage('formal_notice', 'en'), penalties: sampleProvisionalPenalties },
      [
        '(32 days at 12.15%) €12.78 (provisional rate — last published rate known)',
        'Total due, subject to adjustment €1,252.78',
      ],
    );
  });

  it('has neither mention when every rate is loaded', async () => {
    const out = await renderEmail(sampleMessage('formal_notice', 'fr'));
    expect(out.text).not.toMatch(/provisoire|à parfaire/);
  });
});

describe('creditor_alert email — provisional_rate', () => {
  const alertOf = (figures: string[], locale: Locale = 'fr') => ({
    ...sampleMessage('creditor_alert', locale),
    alert: { kind: 'provisional_rate' as const, figures },
  });

  it('names each missing figure in the creditor’s words and says what to do (fr)', async () => {
    const out = await expectInBothParts(alertOf(['ecb:2026-07-01', 'fr-legal-other:2026-H2']), [
      'Pénalités calculées avec un taux provisoire',
      'il manque aux tables de taux le taux de refinancement principal de la BCE au 1er juillet 2026 ; le taux de l’intérêt légal (autres cas) du second semestre 2026.',
      '« taux provisoire — dernier taux publié connu »',
      '« à parfaire »',
      'rates add',
      'POST /v1/admin/rates',
      'F-2026-0042',
      'ACME SARL (Jeanne Martin)',
    ]);
    expect(out.subject).toBe(
      'Taux de référence à ajouter : pénalités provisoires sur la facture F-2026-0042',
    );
  });

  it('speaks English to an English-speaking creditor, and shows any other text as given', async () => {
    const out = await expectInBothParts(alertOf(['boe:2026-06-30', 'fr-legal-individuals:2027-H1'], 'en'), [
      'the rate tables lack the Bank of England base rate on 30 June 2026; the French legal interest rate (private individuals) for the first half of 2027.',
      '"provisional rate — last published rate known"',
      '"subject to adjustment"',
    ]);
    expect(out.subject).toBe('Reference rate to add: provisional penalties on invoice F-2026-0042');
    await expectInBothParts(alertOf(['ECB main refinancing rate on 2026-07-01'], 'en'), [
      'the rate tables lack the ECB main refinancing rate on 2026-07-01.',
    ]);
  });
});
