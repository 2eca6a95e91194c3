import type { OutgoingEmail } from './mailer';

/** A first reminder with its invoice PDF, as the activities hand it to a mailer; for the mailers' tests. */
export function sampleEmail(overrides: Partial<OutgoingEmail> = {}): OutgoingEmail {
  return {
    from: 'Studio Dupont <factures@dupont.example>',
    to: ['compta@acme.example'],
    subject: 'Rappel : facture F-2026-0042',
    html: '<p>Bonjour</p>',
    text: 'Bonjour',
    headers: { 'X-Relance-Case': 'dunning:default:INV-42' },
    tags: [{ name: 'step', value: 'reminder_1' }],
    attachments: [{ filename: 'F-2026-0042.pdf', content: Buffer.from('%PDF-1.4') }],
    ...overrides,
  };
}
