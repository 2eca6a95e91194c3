import { describe, expect, it } from 'vitest';
import { contextOf } from '../context';
import { formalNoticeFileName, invoicePdfFileName } from '../documents/file-names';
import { sampleMessage } from '../fixtures';
import {
  sampleAlsoOutstanding,
  sampleGroupedFormalNoticeMessage,
  sampleGroupedLines,
  sampleGroupedReminder,
} from '../fixtures-grouped';
import { renderEmail } from '../render';
import { expectInBothParts, visible } from '../testing/email';
import { balanceOf, claimOf, euros, occurrences } from '../testing/grouped';
import {
  GROUPED_TEMPLATE_NAMES,
  type CreditorAlert,
  type FormalNoticeMessage,
  type GroupedFormalNoticeMessage,
  type GroupedReminderMessage,
  type Locale,
  type ReminderMessage,
  type ReminderTone,
} from '../types';

const locales: Locale[] = ['fr', 'en'];
const tones: ReminderTone[] = ['courtesy', 'friendly', 'firm', 'urgent'];
const both = async (message: Parameters<typeof renderEmail>[0]) => {
  const out = await renderEmail(message);
  return { ...out, html: visible(out.html), text: out.text.replace(/\s+/g, ' ') };
};

/** A single-invoice reminder as the grouped message about that one invoice. */
function asGrouped(single: ReminderMessage): GroupedReminderMessage {
  const { template, invoice, penalties, ...rest } = single;
  return {
    ...rest,
    template: 'grouped_reminder',
    tone: template as ReminderTone,
    invoices: [{ ...invoice, daysLate: 8, ...(penalties ? { penalties } : {}) }],
  };
}

describe('the client-account templates', () => {
  it('render in both languages, with non-empty parts and the reader’s language', async () => {
    const samples = {
      grouped_reminder: (locale: Locale) => sampleGroupedReminder(locale, 3),
      grouped_formal_notice: (locale: Locale) => sampleGroupedFormalNoticeMessage(locale, 3),
    };
    for (const template of GROUPED_TEMPLATE_NAMES) {
      for (const locale of locales) {
        const out = await renderEmail(samples[template](locale));
        expect(out.html, `${template}/${locale}`).toContain(`lang="${locale}"`);
        expect(out.text, `${template}/${locale}`).toContain('F-2026-0044');
        expect(out.subject, `${template}/${locale}`).toMatch(
          locale === 'fr' ? /3 factures/ : /3 unpaid invoices/,
        );
      }
    }
  });
});

describe('grouped_reminder email', () => {
  it('about one invoice, is the single reminder of its tone, byte for byte', async () => {
    for (const locale of locales) {
      for (const tone of tones) {
        const single = sampleMessage(tone, locale);
        expect(await renderEmail(asGrouped(single)), `${tone}/${locale}`).toEqual(await renderEmail(single));
      }
    }
  });

  it.each([4, 50])(
    'lists all %i invoices in both parts with the total to the cent, at every tone',
    async (count) => {
      for (const locale of locales) {
        for (const tone of tones) {
          const message = sampleGroupedReminder(locale, count, tone);
          const total = euros(balanceOf(message.invoices), locale);
          const out = await both(message);
          for (const line of message.invoices) {
            expect(out.html, `${line.number} ${tone}/${locale}`).toContain(line.number);
            expect(out.text, `${line.number} ${tone}/${locale}`).toContain(line.number);
          }
          const label = locale === 'fr' ? 'Total restant dû' : 'Total outstanding';
          const amount = locale === 'fr' ? 'Montant' : 'Amount';
          for (const part of [out.html, out.text]) {
            expect(part).toContain(`${label} ${total}`);
            expect(part).toContain(`${amount} ${total}`);
          }
          expect(out.subject).toContain(
            locale === 'fr'
              ? `${count} factures`
              : `${count} ${tone === 'courtesy' ? '' : 'unpaid '}invoices`,
          );
          expect(out.subject.endsWith(`— ${total}`), out.subject).toBe(true);
        }
      }
    },
  );

  it('shows each invoice’s dates, balance and days late in one row', async () => {
    const out = await both(sampleGroupedReminder('fr', 4, 'friendly'));
    expect(out.text).toContain('F-2026-0042 25 août 2026 24 septembre 2026 1 200,00 € 29 jours');
    expect(out.text).toContain('F-2026-0045 15 septembre 2026 15 octobre 2026 349,99 € 8 jours');
    const en = await both(sampleGroupedReminder('en', 4, 'friendly'));
    expect(en.text).toContain('F-2026-0042 25 August 2026 24 September 2026 €1,200.00 29 days');
  });

  it('names the count and the total in the subject, after the tone’s word, in both languages', async () => {
    const subjects: string[] = [];
    for (const locale of locales)
      for (const tone of tones)
        subjects.push((await renderEmail(sampleGroupedReminder(locale, 3, tone))).subject);
    expect(subjects).toMatchInlineSnapshot(`
      [
        "3 factures à échéance prochaine — 4 250,00 €",
        "Rappel : 3 factures impayées — 4 250,00 €",
        "Retard de paiement : 3 factures impayées — 4 250,00 €",
        "Dernière relance avant mise en demeure : 3 factures impayées — 4 250,00 €",
        "3 invoices falling due soon — €4,250.00",
        "Reminder: 3 unpaid invoices — €4,250.00",
        "Payment overdue: 3 unpaid invoices — €4,250.00",
        "Final reminder before formal notice: 3 unpaid invoices — €4,250.00",
      ]
    `);
  });

  it('lists the other overdue invoices apart, outside the amount asked, with the account total', async () => {
    const others = sampleAlsoOutstanding();
    const message = { ...sampleGroupedReminder('fr', 3, 'firm'), alsoOutstanding: others };
    const out = await expectInBothParts(message, [
      'Autres factures en retard',
      'elles ne sont pas l’objet de ce message',
      'F-2026-0017 10 juillet 2026 9 août 2026 500,00 € 75 jours',
      'F-2026-0023 1er août 2026 31 août 2026 310,40 € 53 jours',
      'Total de ces factures 810,40 €',
      'Total restant dû sur votre compte 5 060,40 €',
      'Montant 4 250,00 €',
    ]);
    // Chased first, then the others, each in its own section.
    const other = out.text.indexOf('Autres factures en retard');
    expect(out.text.indexOf('F-2026-0044')).toBeLessThan(other);
    expect(out.text.indexOf('F-2026-0017')).toBeGreaterThan(other);
    expect(out.subject).toBe('Retard de paiement : 3 factures impayées — 4 250,00 €');
    expect(out.text).not.toContain('Montant 5 060,40 €');
  });

  it('about one invoice with others overdue, keeps the single email and subject and adds the others', async () => {
    for (const locale of locales) {
      const single = sampleMessage('friendly', locale);
      const message = { ...asGrouped(single), alsoOutstanding: sampleAlsoOutstanding() };
      const out = await both(message);
      expect(out.subject).toBe((await renderEmail(single)).subject);
      const account = euros(120000 + 50000 + 31040, locale);
      for (const part of [out.html, out.text]) {
        expect(part).toContain('F-2026-0017');
        expect(part).toContain('F-2026-0023');
        expect(part).toContain(
          `${locale === 'fr' ? 'Total restant dû sur votre compte' : 'Total outstanding on your account'} ${account}`,
        );
        expect(part).toContain(
          locale === 'fr' ? 'ne semble pas nous être parvenu' : 'does not seem to have reached us',
        );
      }
    }
  });

  it('firm: states that late fees run from the day after each due date, 40 € per invoice', async () => {
    await expectInBothParts(sampleGroupedReminder('fr', 3, 'firm'), [
      'article L441-10 du Code de commerce',
      'indemnité forfaitaire pour frais de recouvrement de 40 € par facture',
      'à compter du lendemain de la date d’échéance de chaque facture',
    ]);
    await expectInBothParts(sampleGroupedReminder('en', 3, 'firm'), [
      'fixed indemnity of €40 per invoice',
      'These apply from the day after each invoice’s due date.',
    ]);
    const sameDay = sampleGroupedReminder('fr', 2, 'firm');
    sameDay.invoices = sameDay.invoices.map((l) => ({ ...l, dueDate: '2026-10-15' }));
    await expectInBothParts(sameDay, ['Ces pénalités s’appliquent à compter du 16 octobre 2026.']);
    const consumer = await expectInBothParts(
      { ...sampleGroupedReminder('fr', 3, 'firm'), clientType: 'consumer' },
      ['intérêts au taux légal pourront vous être réclamés'],
    );
    expect(consumer.text).not.toMatch(/40 €|L441-10/);
  });

  it('urgent: announces the formal notice and its date', async () => {
    await expectInBothParts(sampleGroupedReminder('fr', 4, 'urgent'), [
      'Dernière relance avant mise en demeure',
      'nous vous adresserons le 16 novembre 2026 une mise en demeure de payer',
    ]);
    await expectInBothParts(sampleGroupedReminder('en', 4, 'urgent'), [
      'we will send you on 16 November 2026 a formal notice',
    ]);
  });

  it('has one payment block: bank details, the numbers as reference, one link or one per invoice', async () => {
    const message = sampleGroupedReminder('fr', 3, 'friendly');
    const out = await expectInBothParts(message, [
      'FR76 3000 6000 0112 3456 7890 189',
      'AGRIFRPP',
      'Référence à indiquer F-2026-0042, F-2026-0043, F-2026-0044',
      'Ou en ligne, facture par facture :',
      'F-2026-0043 : https://pay.example/i/43',
    ]);
    expect(occurrences(out.text, 'Comment régler')).toBe(1);
    const account = await expectInBothParts(
      { ...message, paymentUrl: 'https://pay.example/c/acme', paymentReference: 'ACME-2026' },
      ['Ou en ligne, en quelques clics : https://pay.example/c/acme', 'Référence à indiquer ACME-2026'],
    );
    expect(account.text).not.toContain('https://pay.example/i/43');
    // Fifty numbers do not fit a transfer's reference: the reader is told what to write.
    await expectInBothParts(sampleGroupedReminder('fr', 50, 'friendly'), [
      'Référence à indiquer les numéros des factures réglées',
    ]);
  });

  it('totals each currency apart', async () => {
    const message = sampleGroupedReminder('fr', 3, 'friendly');
    message.invoices[2] = { ...message.invoices[2]!, currency: 'GBP', total: '300.00', balance: '300.00' };
    const out = await expectInBothParts(message, [
      'Total restant dû 2 650,50 €',
      'Total restant dû 300,00 £',
      'Montant 2 650,50 €',
      'Montant 300,00 £',
    ]);
    // fr-FR writes pounds "£GB".
    expect(out.subject).toMatch(/^Rappel : 3 factures impayées — 2 650,50 € \+ 300,00 £/);
  });

  it('names the invoice PDFs attached, links those left out, offers the others', async () => {
    const message = sampleGroupedReminder('fr', 4, 'friendly');
    const [a, b, c, d] = message.invoices;
    message.invoices = [
      { ...a!, pdfAttached: true },
      { ...b!, pdfAttached: true },
      { ...c!, pdfAttached: false, pdfUrl: 'https://files.example/F-2026-0044.pdf' },
      { ...d!, pdfAttached: false },
    ];
    await expectInBothParts(message, [
      'Factures jointes en PDF : F-2026-0042 et F-2026-0043.',
      'Factures à télécharger :',
      'F-2026-0044 : https://files.example/F-2026-0044.pdf',
      'La facture F-2026-0045 n’est pas jointe à ce message',
    ]);
    expect(message.invoices.filter((l) => l.pdfAttached).map((l) => invoicePdfFileName(l.number))).toEqual([
      'F-2026-0042.pdf',
      'F-2026-0043.pdf',
    ]);
    expect(invoicePdfFileName('F 2026/7')).toBe('F_2026_7.pdf');
  });

  it('notes that the amounts are balances when an invoice is partly paid', async () => {
    const message = sampleGroupedReminder('en', 3, 'friendly');
    message.invoices[0] = { ...message.invoices[0]!, paid: '200.00', balance: '1000.00' };
    await expectInBothParts(message, [
      'F-2026-0042 1 September 2026 1 October 2026 €1,000.00',
      'The amounts shown are the balances outstanding',
      'Total outstanding €4,050.00',
    ]);
  });

  it('refuses a message about no invoice', async () => {
    await expect(renderEmail({ ...sampleGroupedReminder('fr', 1), invoices: [] })).rejects.toThrow(
      /at least one/,
    );
  });
});

/** A single-invoice formal notice as the grouped message about that one invoice. */
function noticeAsGrouped(single: FormalNoticeMessage): GroupedFormalNoticeMessage {
  const { template: _t, invoice, penalties, ...rest } = single;
  return { ...rest, template: 'grouped_formal_notice', invoices: [{ ...invoice, daysLate: 32, penalties }] };
}

describe('grouped_formal_notice email', () => {
  it('about one invoice, is the single formal notice email, byte for byte', async () => {
    for (const locale of locales) {
      const single = sampleMessage('formal_notice', locale);
      expect(await renderEmail(noticeAsGrouped(single))).toEqual(await renderEmail(single));
      expect(await renderEmail(sampleGroupedFormalNoticeMessage(locale, 1))).toEqual(
        await renderEmail(single),
      );
    }
  });

  it.each([4, 50])(
    'claims %i invoices, each with its own 40 €, one total and one deadline',
    async (count) => {
      for (const locale of locales) {
        const message = sampleGroupedFormalNoticeMessage(locale, count);
        const total = euros(claimOf(message.invoices), locale);
        const out = await both(message);
        for (const line of message.invoices) {
          const row =
            locale === 'fr'
              ? `${line.number} ${euros(Math.round(Number(line.balance) * 100), 'fr')}`
              : `${line.number} ${euros(Math.round(Number(line.balance) * 100), 'en')}`;
          expect(out.html, row).toContain(row);
          expect(out.text, row).toContain(row);
        }
        const fee = locale === 'fr' ? '40,00 €' : '€40.00';
        expect(occurrences(out.text, fee)).toBe(count);
        expect(occurrences(out.html, fee)).toBe(count);
        const principal = euros(balanceOf(message.invoices), locale);
        const interest = euros(
          message.invoices.reduce((acc, l) => acc + Math.round(Number(l.penalties.interest) * 100), 0),
          locale,
        );
        const fees = euros(4000 * count, locale);
        const totalRow = `${locale === 'fr' ? 'Total dû' : 'Total due'} ${principal} ${interest} ${fees} ${total}`;
        for (const part of [out.html, out.text]) {
          expect(part).toContain(totalRow);
          expect(part).toContain(
            locale === 'fr'
              ? `la somme de ${total} au plus tard le 24 novembre 2026`
              : `the sum of ${total} no later than 24 November 2026`,
          );
        }
        expect(out.subject).toBe(
          locale === 'fr'
            ? `Mise en demeure de payer : ${count} factures impayées — ${total}`
            : `Formal notice to pay: ${count} unpaid invoices — ${total}`,
        );
      }
    },
  );

  it('states the consequences and the registered letter as the single notice does', async () => {
    for (const locale of locales) {
      // The single notice's own paragraphs, as its copy words them for the same letter.
      const single = sampleMessage('formal_notice', locale);
      const { m, f, v } = contextOf(single);
      const x = {
        deadline: f.date(single.deadline),
        sentOn: f.date(single.sentOn),
        totalDue: '',
        jurisdiction: 'FR' as const,
        letter: { postedOn: f.date(single.registeredLetter!.postedOn) },
      };
      const [, , consequences, letter] = m.formal_notice.body(v, x);
      const out = await expectInBothParts(sampleGroupedFormalNoticeMessage(locale, 4), [
        consequences!,
        letter!,
      ]);
      expect(out.text).toContain(
        locale === 'fr' ? 'lettre recommandée avec accusé de réception' : 'registered mail',
      );
    }
  });

  it('shows no indemnity column for a consumer', async () => {
    const message = sampleGroupedFormalNoticeMessage('fr', 3);
    message.clientType = 'consumer';
    message.invoices = message.invoices.map((l) => ({
      ...l,
      penalties: { periods: [], interest: '0.00', fixedFee: '0.00', total: '0.00', asOf: '2026-11-16' },
    }));
    const out = await expectInBothParts(message, ['la somme de 4 250,00 € au plus tard le 24 novembre 2026']);
    expect(out.text).not.toMatch(/Indemnité|40,00 €/);
  });

  it('names the letter it comes with', () => {
    expect(formalNoticeFileName('fr', ['F-2026-0042'], '2026-11-16')).toBe('mise-en-demeure-F-2026-0042.pdf');
    expect(formalNoticeFileName('en', ['F-2026-0042'], '2026-11-16')).toBe('formal-notice-F-2026-0042.pdf');
    expect(formalNoticeFileName('fr', ['A', 'B', 'C'], '2026-11-16')).toBe(
      'mise-en-demeure-2026-11-16-3-factures.pdf',
    );
    expect(formalNoticeFileName('en', ['A', 'B'], '2026-11-16')).toBe(
      'formal-notice-2026-11-16-2-invoices.pdf',
    );
  });
});

describe('creditor_alert about several invoices', () => {
  const alertOf = (alert: CreditorAlert, locale: Locale = 'fr', count = 4) => ({
    ...sampleMessage('creditor_alert', locale),
    alert,
    invoices: sampleGroupedLines(count),
  });

  it('one call task for the client lists every invoice and the total', async () => {
    for (const count of [4, 50]) {
      const message = alertOf(
        { kind: 'call_task', step: 'final_notice', phone: '+33 4 72 00 00 00' },
        'fr',
        count,
      );
      const total = euros(balanceOf(message.invoices), 'fr');
      const out = await expectInBothParts(message, [
        `Les relances de ${count} factures de ACME SARL arrivent à l’étape « final_notice »`,
        'au +33 4 72 00 00 00',
        `Total restant dû ${total}`,
        ...message.invoices.map((l) => l.number),
      ]);
      expect(out.subject).toBe(`À faire : appeler ACME SARL au sujet de ${count} factures (${total})`);
    }
    const en = alertOf({ kind: 'call_task', step: 'final_notice' }, 'en');
    const out = await expectInBothParts(en, [
      'covering all these invoices at once',
      'No phone number is on file',
    ]);
    expect(out.subject).toBe('To do: call Northwind Trading Ltd about 4 invoices (€4,599.99)');
  });

  it('an action required on several invoices resumes the client account', async () => {
    const alert: CreditorAlert = {
      kind: 'action_required',
      step: 'formal_notice',
      reason: 'Resend refused the email',
      externalId: 'INV-1',
      clientId: 'cli_acme',
    };
    const out = await expectInBothParts(alertOf(alert), [
      'L’étape « formal_notice » des 4 factures de ACME SARL listées ci-dessous n’a pas pu aboutir',
      'POST /v1/clients/cli_acme/resume',
      'PATCH /v1/clients/cli_acme',
    ]);
    expect(out.subject).toBe('Action requise : 4 factures (ACME SARL)');
    await expectInBothParts(alertOf(alert, 'en'), [
      'resume them all at once: POST /v1/clients/cli_acme/resume',
    ]);
  });

  it('speaks of all the invoices for every kind a grouped message or step raises (fr, en)', async () => {
    const kinds: CreditorAlert[] = [
      {
        kind: 'reply',
        from: 'compta@acme.example',
        receivedAt: '2026-10-24T07:42:00Z',
        text: 'Nous regardons.',
      },
      { kind: 'bounce', step: 'reminder_2', recipient: 'compta@acme.example', reason: 'mailbox full' },
      { kind: 'call_task', step: 'reminder_2', reason: 'email_bounced' },
      { kind: 'formal_notice_sent', deadline: '2026-11-24' },
      { kind: 'handed_off', lawyer: 'Maître Durand' },
      { kind: 'unrecovered', reason: 'le total est inférieur au seuil.' },
      {
        kind: 'letter_task',
        step: 'formal_notice',
        sentOn: '2026-11-16',
        deadline: '2026-11-24',
        totalDue: '4811.99',
      },
    ];
    for (const locale of locales) {
      for (const alert of kinds) {
        const message = alertOf(alert, locale);
        const out = await expectInBothParts(
          message,
          message.invoices.map((l) => l.number),
        );
        expect(out.subject, `${alert.kind}/${locale}`).toMatch(locale === 'fr' ? /4 factures/ : /4 invoices/);
        expect(out.text, `${alert.kind}/${locale}`).toMatch(locale === 'fr' ? /4 factures/ : /4 invoices/);
      }
    }
  });

  it('keeps the single-invoice alert for one invoice, and for kinds about one invoice', async () => {
    const single = sampleMessage('creditor_alert', 'fr');
    expect(await renderEmail({ ...single, invoices: sampleGroupedLines(1) })).toEqual(
      await renderEmail(single),
    );
    const paid = { ...single, alert: { kind: 'paid' as const, amountPaid: '1200.00' } };
    expect(await renderEmail({ ...paid, invoices: sampleGroupedLines(3) })).toEqual(await renderEmail(paid));
  });
});
