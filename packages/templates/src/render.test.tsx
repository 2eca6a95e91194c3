import { Html, Text } from '@react-email/components';
import { describe, expect, it } from 'vitest';
import { sampleMessage } from './fixtures';
import { renderEmail, renderGuarded } from './render';
import { TEMPLATE_NAMES, type EmailMessage, type Locale } from './types';

const templates = TEMPLATE_NAMES;

describe('renderGuarded', () => {
  const Empty = () => null;

  it('returns subject, HTML and plain text of the same email', async () => {
    const out = await renderGuarded(
      <Html>
        <Text>Bonjour</Text>
      </Html>,
      ' Objet ',
    );
    expect(out.subject).toBe('Objet');
    expect(out.html).toContain('<p');
    expect(out.text).toBe('Bonjour');
  });

  it('throws when the component renders nothing', async () => {
    await expect(renderGuarded(<Empty />, 'Objet')).rejects.toThrow(/empty HTML body/);
  });

  it('throws when the body has markup but no text', async () => {
    await expect(renderGuarded(<Html>{''}</Html>, 'Objet')).rejects.toThrow(/empty/);
  });

  it('throws on an empty subject', async () => {
    await expect(renderGuarded(<Text>Bonjour</Text>, '  ')).rejects.toThrow(/empty subject/);
  });
});

describe('renderEmail', () => {
  it('refuses an unknown template', async () => {
    const bad = { ...sampleMessage('friendly'), template: 'nope' } as unknown as EmailMessage;
    await expect(renderEmail(bad)).rejects.toThrow(/unknown email template "nope"/);
  });

  it('refuses an unsupported locale', async () => {
    const bad = { ...sampleMessage('friendly'), locale: 'de' } as unknown as EmailMessage;
    await expect(renderEmail(bad)).rejects.toThrow();
  });

  it('renders every template in both languages with non-empty parts naming the invoice', async () => {
    for (const locale of ['fr', 'en'] as Locale[]) {
      for (const template of templates) {
        const out = await renderEmail(sampleMessage(template, locale));
        expect(out.subject, `${template}/${locale}`).toContain('F-2026-0042');
        expect(out.html.length, `${template}/${locale}`).toBeGreaterThan(1000);
        expect(out.text, `${template}/${locale}`).toContain('F-2026-0042');
        expect(out.html, `${template}/${locale}`).toContain(`lang="${locale}"`);
      }
    }
  });

  it('keeps the preview line and button duplicates out of the plain text', async () => {
    const { text } = await renderEmail(sampleMessage('friendly'));
    for (const invisible of ['\u200c', '\u200d', '\u200e', '\u200f', '\ufeff'])
      expect(text).not.toContain(invisible);
    expect(text.match(/https:\/\/pay\.example\/i\/42/g)).toHaveLength(1);
    expect(text).not.toMatch(/[\u202f\u00a0]/);
  });

  it('keeps amounts on one line in HTML, with plain spaces in the text part', async () => {
    const { html, text } = await renderEmail(sampleMessage('friendly'));
    expect(html).toContain('règlement de <span style="white-space:nowrap">1 200,00 €</span>');
    expect(html).toContain('<span style="white-space:nowrap">F-2026-0042</span>');
    expect(text).toContain('règlement de 1 200,00 €');
  });
});

describe('subjects', () => {
  it('name the invoice number and the stage, in the reader’s language', async () => {
    const subjects: Record<string, string> = {};
    for (const locale of ['fr', 'en'] as Locale[]) {
      for (const template of templates) {
        subjects[`${locale} ${template}`] = (await renderEmail(sampleMessage(template, locale))).subject;
      }
    }
    expect(subjects).toMatchInlineSnapshot(`
      {
        "en courtesy": "Invoice F-2026-0042: due on 15 October 2026",
        "en creditor_alert": "Reply from Northwind Trading Ltd: invoice F-2026-0042",
        "en firm": "Second reminder: invoice F-2026-0042 is overdue",
        "en formal_notice": "Formal notice to pay: invoice F-2026-0042",
        "en friendly": "Reminder: invoice F-2026-0042 is now due",
        "en instalment_due": "Invoice F-2026-0042: instalment 2 of 3 due",
        "en legal_handoff": "Debt recovery file: invoice F-2026-0042 (Northwind Trading Ltd)",
        "en payment_confirmation": "Payment received: invoice F-2026-0042, thank you!",
        "en promise_missed": "Invoice F-2026-0042: following up on your payment date",
        "en urgent": "Final reminder before formal notice: invoice F-2026-0042",
        "fr courtesy": "Facture F-2026-0042 : échéance le 15 octobre 2026",
        "fr creditor_alert": "ACME SARL a répondu : facture F-2026-0042",
        "fr firm": "Deuxième relance : facture F-2026-0042 en retard de paiement",
        "fr formal_notice": "Mise en demeure de payer : facture F-2026-0042",
        "fr friendly": "Rappel : facture F-2026-0042 arrivée à échéance",
        "fr instalment_due": "Facture F-2026-0042 : échéance 2/3 de votre échéancier",
        "fr legal_handoff": "Transmission d’un dossier de recouvrement : facture F-2026-0042 (ACME SARL)",
        "fr payment_confirmation": "Paiement reçu : facture F-2026-0042, merci !",
        "fr promise_missed": "Facture F-2026-0042 : suite à votre engagement de paiement",
        "fr urgent": "Dernière relance avant mise en demeure : facture F-2026-0042",
      }
    `);
  });
});
