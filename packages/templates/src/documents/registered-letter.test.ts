import { describe, expect, it } from 'vitest';
import { sampleFormalNotice, sampleMessage } from '../fixtures';
import { sampleGroupedFormalNotice, sampleGroupedFormalNoticeMessage } from '../fixtures-grouped';
import { renderEmail } from '../render';
import { pdfText } from '../testing/pdf';
import { renderFormalNoticePdf, renderGroupedFormalNoticePdf } from './formal-notice';

// SPEC 3.2b "Say only what is done": registered mail is named only for a letter recorded as posted.
describe('formal notice and registered mail', () => {
  it('says nothing of registered mail without a letter recorded as posted (email fr/en, single and grouped)', async () => {
    for (const locale of ['fr', 'en'] as const) {
      const { registeredLetter: _l, ...single } = sampleMessage('formal_notice', locale);
      const { registeredLetter: _g, ...grouped } = sampleGroupedFormalNoticeMessage(locale, 3);
      for (const message of [single, grouped]) {
        const out = await renderEmail(message);
        expect(out.text).toContain(locale === 'fr' ? 'est jointe à ce message.' : 'is attached.');
        expect(out.text).not.toMatch(/recommandée|registered mail/);
        expect(out.html).not.toMatch(/recommandée|registered mail/);
      }
    }
  });

  it('names the posting date and tracking number of the letter recorded', async () => {
    const out = await renderEmail({
      ...sampleMessage('formal_notice', 'fr'),
      registeredLetter: { postedOn: '2026-11-17', trackingNumber: '1A 234 567 8901 2' },
    });
    expect(out.text.replace(/\s+/g, ' ')).toContain(
      'elle vous a également été adressée par lettre recommandée avec accusé de réception, postée le 17 novembre 2026 (n° 1A 234 567 8901 2).',
    );
  });

  it('heads the PDF with registered mail only for a letter posted or printed to post', async () => {
    const { registeredLetter: _l, ...bare } = sampleFormalNotice('fr');
    expect((await pdfText(await renderFormalNoticePdf(bare))).text).not.toContain('Lettre recommandée');
    const toPost = await pdfText(await renderFormalNoticePdf({ ...bare, forRegisteredMail: true }));
    expect(toPost.text).toContain('Lettre recommandée avec accusé de réception');
    const posted = await pdfText(
      await renderFormalNoticePdf({
        ...bare,
        registeredLetter: { postedOn: '2026-11-16', trackingNumber: 'RR123' },
      }),
    );
    expect(posted.text).toContain('Lettre recommandée avec accusé de réception n° RR123');
    const { registeredLetter: _g, ...grouped } = sampleGroupedFormalNotice('en', 3);
    expect((await pdfText(await renderGroupedFormalNoticePdf(grouped))).text).not.toContain(
      'registered mail',
    );
  });
});
