// Renders every email (fr, en) from the sample data to HTML, text and a PNG screenshot, plus the
// formal notice and dossier PDFs, under screenshots/ (git-ignored), for a human look.
// Needs a Chromium: CHROMIUM_PATH, else /usr/bin/chromium (Debian: apt-get install chromium).
// Not part of the test suite: CI machines may have no browser.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const t = require('../dist/index.js');
const out = fileURLToPath(new URL('../screenshots/', import.meta.url));
const templates = t.TEMPLATE_NAMES;

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
try {
  const desktop = await browser.newPage({ viewport: { width: 800, height: 900 } });
  const mobile = await browser.newPage({ viewport: { width: 390, height: 800 }, deviceScaleFactor: 2 });
  for (const locale of ['fr', 'en']) {
    for (const template of templates) {
      const email = await t.renderEmail(t.sampleMessage(template, locale));
      const name = `${template}.${locale}`;
      writeFileSync(`${out}${name}.html`, email.html);
      writeFileSync(`${out}${name}.txt`, `Subject: ${email.subject}\n\n${email.text}\n`);
      await desktop.setContent(email.html, { waitUntil: 'load' });
      await desktop.screenshot({ path: `${out}${name}.png`, fullPage: true });
      if (template === 'friendly' || template === 'formal_notice') {
        await mobile.setContent(email.html, { waitUntil: 'load' });
        await mobile.screenshot({ path: `${out}${name}.mobile.png`, fullPage: true });
      }
    }
    writeFileSync(
      `${out}formal-notice.${locale}.pdf`,
      await t.renderFormalNoticePdf(t.sampleFormalNotice(locale)),
    );
    writeFileSync(`${out}dossier.${locale}.pdf`, await t.renderDossierPdf(t.sampleDossier(locale)));
    writeFileSync(`${out}dossier.${locale}.json`, t.buildDossierJson(t.sampleDossier(locale)));
    // Client accounts: one message, one letter, one file for several invoices; the statement.
    const grouped = {
      grouped_reminder: {
        ...t.sampleGroupedReminder(locale, 4, 'firm'),
        alsoOutstanding: t.sampleAlsoOutstanding(),
      },
      grouped_formal_notice: t.sampleGroupedFormalNoticeMessage(locale, 4),
    };
    for (const [template, message] of Object.entries(grouped)) {
      const email = await t.renderEmail(message);
      const name = `${template}.${locale}`;
      writeFileSync(`${out}${name}.html`, email.html);
      writeFileSync(`${out}${name}.txt`, `Subject: ${email.subject}\n\n${email.text}\n`);
      await desktop.setContent(email.html, { waitUntil: 'load' });
      await desktop.screenshot({ path: `${out}${name}.png`, fullPage: true });
      await mobile.setContent(email.html, { waitUntil: 'load' });
      await mobile.screenshot({ path: `${out}${name}.mobile.png`, fullPage: true });
    }
    writeFileSync(
      `${out}grouped-formal-notice.${locale}.pdf`,
      await t.renderGroupedFormalNoticePdf(t.sampleGroupedFormalNotice(locale, 4)),
    );
    writeFileSync(
      `${out}grouped-dossier.${locale}.pdf`,
      await t.renderGroupedDossierPdf(t.sampleGroupedDossier(locale, 4)),
    );
    writeFileSync(`${out}statement.${locale}.pdf`, await t.renderStatementPdf(t.sampleStatement(locale)));
  }
} finally {
  await browser.close();
}
console.log(`screenshots written to ${out}`);
