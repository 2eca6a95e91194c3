import { describe, expect, it } from 'vitest';
import { sampleMessage } from '../fixtures';
import { expectInBothParts } from '../testing/email';
import type { CreditorAlert, Locale } from '../types';

// SPEC 3.2b: a case paused by a reply reminds the creditor after 3 business days.
describe('creditor_alert email: a reply still waiting', () => {
  const waiting = (resumesAt?: string): CreditorAlert => ({
    kind: 'reply_waiting',
    from: 'compta@acme.example',
    receivedAt: '2026-12-08T09:30:00Z',
    ...(resumesAt ? { resumesAt } : {}),
  });
  const alertOf = (alert: CreditorAlert, locale: Locale) => ({
    ...sampleMessage('creditor_alert', locale),
    alert,
  });

  it('says the reply is waiting and the reminders stay paused (fr)', async () => {
    const out = await expectInBothParts(alertOf(waiting(), 'fr'), [
      'La réponse de ACME SARL attend toujours',
      'ACME SARL (compta@acme.example) a répondu le',
      'les relances sont suspendues depuis',
      'Elles restent suspendues jusqu’à votre décision.',
    ]);
    expect(out.subject).toBe('En attente de votre décision : réponse de ACME SARL, facture F-2026-0042');
  });

  it('says when the reminders resume by themselves (en)', async () => {
    const out = await expectInBothParts(alertOf(waiting('2026-12-13T09:30:00Z'), 'en'), [
      'Northwind Trading Ltd’s reply is still waiting',
      'reminders have been paused since',
      'Unless you act, reminders resume by themselves on',
    ]);
    expect(out.subject).toBe(
      'Still waiting for you: Northwind Trading Ltd’s reply about invoice F-2026-0042',
    );
    expect(out.text).not.toContain('stay paused until you act');
  });
});
