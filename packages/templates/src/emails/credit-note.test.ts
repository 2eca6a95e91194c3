import { describe, expect, it } from 'vitest';
import { sampleInvoice, sampleMessage } from '../fixtures';
import { renderEmail } from '../render';

// SPEC 3.2: a credit note is an "avoir", never called a payment in any message.
describe('reminders after a credit note', () => {
  it('say an avoir was deducted, never that the client paid it (fr)', async () => {
    const out = await renderEmail({
      ...sampleMessage('firm', 'fr'),
      invoice: { ...sampleInvoice, paid: '0.00', credited: '300.00', balance: '900.00' },
    });
    const text = out.text.replace(/\s+/g, ' ');
    expect(text).toContain(
      'Sur un total de 1 200,00 €, un avoir de 300,00 € a été déduit : le solde restant dû est de 900,00 €.',
    );
    expect(text).toContain('Avoir déduit 300,00 €');
    expect(text).not.toMatch(/déjà réglé/i);
  });

  it('name payments and the credit note apart when both happened (en)', async () => {
    const out = await renderEmail({
      ...sampleMessage('friendly', 'en'),
      invoice: { ...sampleInvoice, paid: '200.00', credited: '300.00', balance: '700.00' },
    });
    const text = out.text.replace(/\s+/g, ' ');
    expect(text).toContain(
      'you have already paid €200.00, thank you, and a credit note of €300.00 was deducted: the balance outstanding is €700.00.',
    );
    expect(text).toContain('Credit note deducted €300.00');
  });
});
