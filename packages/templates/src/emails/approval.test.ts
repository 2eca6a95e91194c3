import { describe, expect, it } from 'vitest';
import { sampleMessage } from '../fixtures';
import { renderEmail } from '../render';
import { expectInBothParts } from '../testing/email';
import type { CreditorAlert, Locale } from '../types';

describe('creditor alert: a hand-off waiting for approval (SPEC §3.2b)', () => {
  const alert: CreditorAlert = {
    kind: 'handoff_approval',
    step: 'legal_handoff',
    externalId: 'INV-2026-0042',
    lawyer: 'Maître Durand',
    penalties: '52.78',
    totalClaimed: '1252.78',
    formalNotice: { sentOn: '2026-11-16', deadline: '2026-11-24' },
  };
  const alertOf = (a: CreditorAlert, locale: Locale = 'fr') => ({
    ...sampleMessage('creditor_alert', locale),
    alert: a,
  });

  it('sums up the dossier and says how to approve or decline (fr)', async () => {
    const out = await expectInBothParts(alertOf(alert), [
      'a atteint l’étape « legal_handoff » : il est prêt pour Maître Durand',
      'Rien n’est envoyé sans votre accord',
      '52,78 € de pénalités de retard (1 252,78 € réclamés au total)',
      'mise en demeure du 16 novembre 2026 restée sans réponse à l’échéance du 24 novembre 2026',
      'POST /v1/invoices/INV-2026-0042/handoff',
      'keepChasing',
    ]);
    expect(out.subject).toBe('Transmettre le dossier à l’avocat ? Facture F-2026-0042 (ACME SARL)');
    expect(out.text).not.toContain('Ce rappel est le seul');
  });

  it('says the same in English, and the reminder says it is one', async () => {
    const out = await expectInBothParts(alertOf({ ...alert, reminder: true }, 'en'), [
      'the file is ready for Maître Durand. Nothing is sent until you approve.',
      '€52.78 of late-payment penalties (€1,252.78 claimed in all)',
      'POST /v1/invoices/INV-2026-0042/handoff',
      'This is the only reminder',
    ]);
    expect(out.subject).toMatch(/^Reminder: Approve the hand-off to the lawyer\? Invoice F-2026-0042/);
  });

  it('without a legal contact, penalties or notice, names none of them', async () => {
    const bare: CreditorAlert = {
      kind: 'handoff_approval',
      step: 'legal_handoff',
      externalId: 'X',
      lawyer: '',
    };
    const out = await renderEmail(alertOf(bare));
    expect(out.text).toContain('votre contact juridique');
    expect(out.text).not.toContain('pénalités');
    expect(out.text).not.toContain('mise en demeure du');
  });
});
