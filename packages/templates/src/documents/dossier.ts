import { isTimelineType } from '@relance/domain';
import { partyLabel } from '../context';
import { formatter, isPositive, sumAmounts, type Formatter } from '../format';
import { dossierMessages, letterMessages, type DossierMessages } from '../messages/documents';
import type { Creditor, LegalDossier, Party } from '../types';
import { chronological } from './dossier-json';
import { totalDueLabel, writePenaltyPeriods } from './penalty-table';
import { PdfWriter } from './pdf-writer';

/**
 * The lawyer's file: parties, invoice, amounts with the penalty breakdown, the formal notice,
 * the complete timeline (dates, email ids, delivery statuses), the debtor's replies and a copy
 * of every message sent. Long texts wrap and flow over as many pages as needed.
 */
export async function renderDossierPdf(dossier: LegalDossier): Promise<Uint8Array> {
  const locale = dossier.locale ?? 'fr';
  const d = dossierMessages(locale);
  const { invoice } = dossier;
  const f = formatter(locale, invoice.currency, dossier.timeZone);
  const w = await PdfWriter.create({
    title: `${d.title} — ${invoice.number}`,
    author: partyLabel(dossier.creditor),
    subject: d.subtitle(invoice.number, partyLabel(dossier.client)),
    lang: locale,
    date: new Date(dossier.generatedAt),
  });

  w.text(d.title, { size: 18, bold: true, after: 2 });
  w.text(d.subtitle(invoice.number, partyLabel(dossier.client)), { size: 12, after: 2 });
  w.text(d.generatedAt(f.instant(dossier.generatedAt)), { size: 9, muted: true, after: 4 });
  w.text(d.jurisdiction(dossier.jurisdiction, dossier.clientType), { size: 9, muted: true, after: 6 });
  w.rule();

  w.heading(d.sections.parties, 13);
  w.heading(d.sections.creditor, 10.5);
  w.rows(partyRows(d, dossier.creditor), 9);
  w.heading(d.sections.debtor, 10.5);
  w.rows(partyRows(d, dossier.client), 9);

  w.heading(d.sections.invoice, 13);
  const inv: [string, string, boolean?][] = [
    [d.invoice.number, invoice.number],
    [d.invoice.issueDate, f.date(invoice.issueDate)],
    [d.invoice.dueDate, f.date(invoice.dueDate)],
    [d.invoice.currency, invoice.currency],
    [d.invoice.total, f.money(invoice.total)],
    [d.invoice.paid, f.money(invoice.paid)],
    [d.invoice.balance, f.money(invoice.balance), true],
  ];
  if (invoice.paymentUrl) inv.splice(4, 0, [d.invoice.paymentUrl, invoice.paymentUrl]);
  w.rows(inv, 9);

  writeAmounts(w, dossier, f);

  w.heading(d.sections.formalNotice, 13);
  if (dossier.formalNotice) {
    w.rows(
      [
        [d.formalNotice.sentOn, f.date(dossier.formalNotice.sentOn)],
        [d.formalNotice.deadline, f.date(dossier.formalNotice.deadline)],
      ],
      9,
    );
  } else {
    w.text(d.formalNotice.none, { size: 9 });
  }

  w.heading(d.sections.timeline, 13);
  const [at, event, step, emailId, status] = d.timelineColumns;
  w.table(
    [
      { title: at, width: w.width * 0.24 },
      { title: event, width: w.width * 0.3 },
      { title: step, width: w.width * 0.16 },
      { title: emailId, width: w.width * 0.16 },
      { title: status, width: w.width * 0.14 },
    ],
    chronological(dossier.timeline).map((e) => [
      f.instant(e.at),
      [
        isTimelineType(e.type) ? d.events[e.type] : e.type,
        e.data && Object.keys(e.data).length ? JSON.stringify(e.data) : '',
      ]
        .filter(Boolean)
        .join('\n'),
      e.step ?? '',
      e.emailId ?? '',
      e.deliveryStatus ?? '',
    ]),
  );

  w.heading(d.sections.replies, 13);
  if (dossier.replies.length === 0) w.text(d.noReplies, { size: 9 });
  for (const reply of chronological(dossier.replies, (r) => r.receivedAt)) {
    w.text(d.reply(reply.from, f.instant(reply.receivedAt)), { size: 9, bold: true, after: 2 });
    w.text(reply.text, { size: 9, after: 8 });
  }

  w.heading(d.sections.messages, 13);
  if (dossier.messages.length === 0) w.text(d.noMessages, { size: 9 });
  for (const message of chronological(dossier.messages)) {
    w.ensure(80);
    w.rule();
    w.text(`${f.instant(message.at)} — ${d.message.subject} ${message.subject}`, {
      size: 9.5,
      bold: true,
      after: 2,
    });
    const meta = [
      `${d.message.to} ${message.to}`,
      message.step && `${d.message.step} ${message.step}`,
      message.status && `${d.message.status} ${message.status}`,
      message.emailId && `${d.message.emailId} ${message.emailId}`,
    ];
    w.text(meta.filter(Boolean).join(' · '), { size: 8.5, muted: true, after: 4 });
    w.text(message.text, { size: 8.5, after: 8 });
  }

  return w.finish((page, pages) => d.footer(invoice.number, page, pages));
}

function writeAmounts(w: PdfWriter, dossier: LegalDossier, f: Formatter): void {
  const locale = dossier.locale ?? 'fr';
  const d = dossierMessages(locale);
  const t = letterMessages(locale);
  const { invoice, penalties } = dossier;
  const law = { jurisdiction: dossier.jurisdiction, clientType: dossier.clientType ?? 'business' };
  w.heading(d.sections.amounts, 13);
  w.text(t.breakdownTitle(f.date(penalties.asOf)), { size: 9.5, bold: true, after: 4 });
  writePenaltyPeriods(w, t, f, penalties, law);
  const rows: [string, string, boolean?][] = [
    [t.principal, f.money(invoice.balance)],
    [t.interest, f.money(penalties.interest)],
  ];
  if (isPositive(penalties.fixedFee, invoice.currency))
    rows.push([t.fixedFee(law), f.money(penalties.fixedFee)]);
  rows.push([
    totalDueLabel(t, penalties),
    f.money(sumAmounts(invoice.currency, invoice.balance, penalties.total)),
    true,
  ]);
  w.rows(rows, 9.5);
}

function partyRows(d: DossierMessages, party: Party | Creditor): [string, string][] {
  const rows: [string, string][] = [
    [d.party.name, party.company ? `${party.company} (${party.name})` : party.name],
  ];
  const add = (label: string, value: string | undefined) => value && rows.push([label, value]);
  add(d.party.address, party.address);
  add(d.party.registration, party.registrationNumber);
  add(d.party.vat, party.vatNumber);
  add(d.party.email, party.email);
  add(d.party.phone, party.phone);
  if ('iban' in party && party.iban) add(d.party.bank, [party.iban, party.bic].filter(Boolean).join(' · '));
  return rows;
}
