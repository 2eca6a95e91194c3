import { describe, expect, it } from 'vitest';
import { sampleMessage } from '../fixtures';
import { renderEmail } from '../render';
import { expectInBothParts } from '../testing/email';
import type { CreditorAlert, Locale } from '../types';

// Issue 18: a reply from an address that is neither the client's nor a cc is flagged to the
// creditor, who is told whether it paused the case.
describe('creditor_alert email: a reply from an unverified sender', () => {
  const reply = (extra: Partial<Extract<CreditorAlert, { kind: 'reply' }>> = {}): CreditorAlert => ({
    kind: 'reply',
    from: 'someone@elsewhere.example',
    receivedAt: '2026-10-20T07:42:00Z',
    text: 'Nous avons déjà payé, arrêtez les relances.',
    unverified: true,
    paused: false,
    ...extra,
  });
  const alertOf = (alert: CreditorAlert, locale: Locale) => ({
    ...sampleMessage('creditor_alert', locale),
    alert,
  });

  it('says "expéditeur non vérifié" in the subject, the HTML and the text part, and that nothing was paused (fr)', async () => {
    const out = await expectInBothParts(alertOf(reply(), 'fr'), [
      'expéditeur non vérifié',
      'someone@elsewhere.example · expéditeur non vérifié',
      'Les relances continuent : cette réponse n’a rien suspendu',
      'Nous avons déjà payé',
    ]);
    expect(out.subject).toBe('Réponse d’un expéditeur non vérifié : facture F-2026-0042 (ACME SARL)');
    expect(out.text).not.toContain('Les relances sont suspendues');
  });

  it('says "unverified sender" in the subject, the HTML and the text part (en)', async () => {
    const out = await expectInBothParts(alertOf(reply(), 'en'), [
      'unverified sender',
      'someone@elsewhere.example · unverified sender',
      'Reminders continue: this reply paused nothing',
    ]);
    expect(out.subject).toBe('Reply from an unverified sender: invoice F-2026-0042 (Northwind Trading Ltd)');
  });

  it('says the reminders are paused when the tenant asked to pause on unverified replies', async () => {
    await expectInBothParts(alertOf(reply({ paused: true }), 'fr'), [
      'expéditeur non vérifié',
      'Les relances sont suspendues, comme vos réglages le demandent',
    ]);
    await expectInBothParts(alertOf(reply({ paused: true, count: 3 }), 'en'), [
      '3 replies about invoice F-2026-0042 since our last alert',
      'is from an unverified sender: someone@elsewhere.example',
      'Reminders are paused, as your settings ask',
    ]);
  });

  it('keeps a verified reply as it was: no "unverified" wording', async () => {
    for (const locale of ['fr', 'en'] as Locale[]) {
      const out = await renderEmail(alertOf(reply({ unverified: undefined, paused: undefined }), locale));
      expect(`${out.subject} ${out.html} ${out.text}`).not.toMatch(/non vérifié|unverified/);
    }
  });
});
