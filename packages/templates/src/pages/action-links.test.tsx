import { describe, expect, it } from 'vitest';
import { sampleMessage } from '../fixtures';
import { renderEmail } from '../render';
import type { CreditorAlertMessage } from '../types';
import { renderActionPage } from './action-page';

const actions = [
  { kind: 'resume' as const, url: 'https://relance.example.com/a/v1.resume.sig' },
  { kind: 'client_email' as const, url: 'https://relance.example.com/a/v1.email.sig' },
];

function alert(locale: 'fr' | 'en', withActions: boolean): CreditorAlertMessage {
  return {
    ...(sampleMessage('creditor_alert', locale) as CreditorAlertMessage),
    alert: { kind: 'action_required', step: 'friendly', reason: 'address bounced', externalId: 'INV-1' },
    ...(withActions ? { actions } : {}),
  };
}

describe('creditor alert actions', () => {
  it('shows each action as a button in HTML and as its label and URL in the text part, without API routes', async () => {
    const en = await renderEmail(alert('en', true));
    expect(en.html).toContain('href="https://relance.example.com/a/v1.resume.sig"');
    expect(en.html).toContain('>Resume reminders<');
    expect(en.text).toContain('Resume reminders https://relance.example.com/a/v1.resume.sig');
    expect(en.text).toContain('Give a new client email address https://relance.example.com/a/v1.email.sig');
    expect(en.text).not.toContain('/v1/invoices');
    const fr = await renderEmail(alert('fr', true));
    expect(fr.text).toContain('Agir depuis cet email');
    expect(fr.text).toContain('Reprendre les relances https://relance.example.com/a/v1.resume.sig');
    expect(fr.text).not.toContain('POST /v1');
  });

  it('keeps naming the API routes when the alert has no links', async () => {
    const en = await renderEmail(alert('en', false));
    expect(en.text).toContain('POST /v1/invoices/INV-1/resume');
    expect(en.text).not.toContain('Act from this email');
  });
});

describe('action page', () => {
  const summary = {
    kind: 'invoice' as const,
    number: 'F-2026-0042',
    client: 'Durand SARL',
    balance: '1200.00',
    currency: 'EUR',
    status: 'paused' as const,
    nextAction: { action: 'friendly', at: '2026-12-10T08:00:00Z' },
  };

  it('renders an accessible confirm form in the tenant locale that posts to its own path', () => {
    const html = renderActionPage({
      locale: 'fr',
      path: '/a/v1.x.y',
      summary,
      state: {
        kind: 'confirm',
        action: 'promise',
        fields: [
          { name: 'date', type: 'date', required: true },
          { name: 'note', type: 'textarea', required: false },
        ],
        errors: [{ field: 'date', message: 'date invalide' }],
        values: { note: 'au téléphone' },
      },
    });
    expect(html).toMatch(/^<!DOCTYPE html><html lang="fr">/);
    expect(html).toContain('<h1>Enregistrer une promesse de paiement</h1>');
    expect(html).toContain('<form action="/a/v1.x.y" method="post">');
    expect(html).toContain('<label for="field-date">Date de paiement promise</label>');
    expect(html).toContain(
      '<input type="date" id="field-date" required="" aria-invalid="true" aria-describedby="field-date-hint field-date-error" name="date"/>',
    );
    expect(html).toContain('role="alert"');
    expect(html).toContain('>au téléphone</textarea>');
    expect(html).toContain('<button type="submit">Confirmer la promesse</button>');
    expect(html).toContain('<dd>1 200,00 €</dd>');
    expect(html).toContain('<dd>en pause</dd>');
    expect(html).not.toContain('<script');
  });

  it('renders a choice as radio buttons in a labelled group, keeping the posted value and its error', () => {
    const html = renderActionPage({
      locale: 'en',
      path: '/a/v1.x.y',
      summary,
      state: {
        kind: 'confirm',
        action: 'call_outcome',
        fields: [
          {
            name: 'outcome',
            type: 'choice',
            options: ['reached', 'no_answer', 'promised', 'disputed'],
            required: true,
          },
          { name: 'promiseDate', type: 'date', required: false },
        ],
        values: { outcome: 'promised' },
        errors: [{ field: 'promiseDate', message: 'required when outcome is promised' }],
      },
    });
    expect(html).toContain('<h1>Record the call’s outcome</h1>');
    expect(html).toContain(
      '<fieldset class="field" id="field-outcome" role="radiogroup"><legend>Outcome of the call</legend>',
    );
    expect(html).toContain(
      '<label class="choice"><input type="radio" required="" name="outcome" checked="" value="promised"/> The client promised to pay</label>',
    );
    expect(html).toContain(
      '<label class="choice"><input type="radio" required="" name="outcome" value="no_answer"/> No answer</label>',
    );
    expect(html).toContain(
      '<a href="#field-promiseDate">Promised payment date</a>: required when outcome is promised',
    );
    expect(html).toContain('aria-describedby="field-promiseDate-hint field-promiseDate-error"');
    expect(html).toContain('<span class="muted"> (optional)</span>');
    expect(html).not.toContain('<script');
  });

  it('renders the pages of links that act no more, without a form', () => {
    const used = renderActionPage({
      locale: 'en',
      path: '/a/t',
      state: { kind: 'used', usedAt: '8 December 2026' },
    });
    expect(used).toContain('<h1>This link was already used</h1>');
    expect(used).toContain('applied on 8 December 2026');
    expect(used).not.toContain('<form');
    const forged = renderActionPage({ locale: 'fr', path: '/a/t', state: { kind: 'forged' } });
    expect(forged).toContain('<h1>Ce lien n’est pas valide</h1>');
  });
});
