import { isTimelineType } from '@relance/domain';
import { groupFormat, partyLabel } from '../context';
import { formatter, isPositive, sumAmounts, totalsByCurrency, type Formatter } from '../format';
import { dossierMessages, letterMessages, type DossierMessages } from '../messages/documents';
import type { Creditor, GroupedLegalDossier, LegalDossier, Party } from '../types';
import { chronological } from './dossier-json';
import { totalDueLabel, writeClaim, writeClaimsSummary, writePenaltyPeriods } from './penalty-table';
import { PdfWriter } from './pdf-writer';

type Common = Omit<LegalDossier, 'invoice' | 'penalties' | 'timeline' | 'formalNotice'>;

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
  const subtitle = d.subtitle(invoice.number, partyLabel(dossier.client));
  const w = await PdfWriter.create({
    title: `${d.title} — ${invoice.number}`,
    author: partyLabel(dossier.creditor),
    subject: subtitle,
    lang: locale,
    date: new Date(dossier.generatedAt),
  });
  writeHead(w, d, dossier, subtitle, f.instant);

  w.heading(d.sections.invoice, 13);
  const inv: [string, string, boolean?][] = [
    [d.invoice.number, invoice.number],
    [d.invoice.issueDate, f.date(invoice.issueDate)],
    [d.invoice.dueDate, f.date(invoice.dueDate)],
    [d.invoice.currency, invoice.currency],
    [d.invoice.total, f.money(invoice.total)],
    [d.invoice.paid, f.money(invoice.paid)],
    ...(invoice.credited ? ([[d.invoice.credited, f.money(invoice.credited)]] as [string, string][]) : []),
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
  for (const l of dossier.letters ?? [])
    w.text(d.letter(f.date(l.postedOn), l.trackingNumber, l.receivedOn && f.date(l.receivedOn)), { size: 9 });
  for (const n of dossier.creditNotes ?? [])
    w.text(d.creditNote(n.id, f.date(n.issuedOn), f.money(n.amount)), { size: 9 });

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
      eventCell(d, e),
      e.step ?? '',
      e.emailId ?? '',
      e.deliveryStatus ?? '',
    ]),
  );

  writeCorrespondence(w, d, dossier, f.instant);
  return w.finish((page, pages) => d.footer(invoice.number, page, pages));
}

/**
 * One file for several cases of the client handed off together: every invoice, each one's penalty
 * breakdown with its own indemnity, the totals, each formal notice, one timeline of the account
 * (each entry naming its invoice), the replies and the messages once. About one case, it is
 * `renderDossierPdf`'s.
 */
export async function renderGroupedDossierPdf(dossier: GroupedLegalDossier): Promise<Uint8Array> {
  const { cases, ...common } = dossier;
  const [first, ...more] = cases;
  if (!first) throw new Error('a dossier needs at least one case');
  if (!more.length) return renderDossierPdf({ ...common, ...first });
  const locale = dossier.locale ?? 'fr';
  const d = dossierMessages(locale);
  const t = letterMessages(locale);
  const f = groupFormat(locale, dossier.timeZone);
  const law = { jurisdiction: dossier.jurisdiction, clientType: dossier.clientType ?? 'business' };
  const subtitle = d.many.subtitle(cases.length, partyLabel(dossier.client));
  const w = await PdfWriter.create({
    title: `${d.title} — ${t.many.invoices(cases.length)}`,
    author: partyLabel(dossier.creditor),
    subject: subtitle,
    lang: locale,
    date: new Date(dossier.generatedAt),
  });
  writeHead(w, d, dossier, subtitle, f.instant);

  w.heading(d.many.invoices, 13);
  const invoices = cases.map((c) => c.invoice);
  const rows = invoices.map((i) => [
    i.number,
    f.date(i.issueDate),
    f.date(i.dueDate),
    f.money(i.total, i.currency),
    f.money(i.paid, i.currency),
    f.money(i.balance, i.currency),
  ]);
  const widths = [0.17, 0.19, 0.19, 0.15, 0.14, 0.16];
  w.table(
    d.many.invoiceColumns.map((title, i) => ({
      title,
      width: w.width * (widths[i] ?? 0),
      align: i >= 3 ? ('right' as const) : ('left' as const),
    })),
    rows,
    9,
  );
  w.space(4);
  w.rows(
    totalsByCurrency(invoices, (i) => i.balance).map(({ currency, amount }) => [
      d.invoice.balance,
      f.money(amount, currency),
      true,
    ]),
    9.5,
  );

  w.heading(d.sections.amounts, 13);
  const claims = cases.map((c) => ({ ...c.invoice, penalties: c.penalties }));
  w.text(t.breakdownTitle(f.date(first.penalties.asOf)), { size: 9.5, bold: true, after: 4 });
  for (const claim of claims) writeClaim(w, t, f, law, claim);
  if (claims.some((c) => c.penalties.periods.some((p) => p.provisional)))
    w.text(t.provisionalNote, { size: 8.5, muted: true, after: 4 });
  w.text(d.many.summaryTitle, { size: 9.5, bold: true, after: 4 });
  writeClaimsSummary(w, t, f, law, claims);

  w.heading(d.sections.formalNotice, 13);
  if (cases.some((c) => c.formalNotice)) {
    const [number, sentOn, deadline] = d.many.formalNoticeColumns;
    w.table(
      [
        { title: number, width: w.width * 0.3 },
        { title: sentOn, width: w.width * 0.35 },
        { title: deadline, width: w.width * 0.35 },
      ],
      cases.map((c) => [
        c.invoice.number,
        c.formalNotice ? f.date(c.formalNotice.sentOn) : '—',
        c.formalNotice ? f.date(c.formalNotice.deadline) : '—',
      ]),
      9,
    );
  } else {
    w.text(d.formalNotice.none, { size: 9 });
  }

  w.heading(d.sections.timeline, 13);
  const [at, invoice, event, step, emailId, status] = d.many.timelineColumns;
  const entries = chronological(
    cases.flatMap((c) => c.timeline.map((e) => ({ ...e, number: c.invoice.number }))),
  );
  w.table(
    [
      { title: at, width: w.width * 0.2 },
      { title: invoice, width: w.width * 0.16 },
      { title: event, width: w.width * 0.24 },
      { title: step, width: w.width * 0.14 },
      { title: emailId, width: w.width * 0.14 },
      { title: status, width: w.width * 0.12 },
    ],
    entries.map((e) => [
      f.instant(e.at),
      e.number,
      eventCell(d, e),
      e.step ?? '',
      e.emailId ?? '',
      e.deliveryStatus ?? '',
    ]),
  );

  writeCorrespondence(w, d, dossier, f.instant);
  return w.finish((page, pages) => d.many.footer(cases.length, page, pages));
}

/** Title, subtitle, date, governing rules, then the parties. */
function writeHead(
  w: PdfWriter,
  d: DossierMessages,
  dossier: Common,
  subtitle: string,
  instant: (value: string) => string,
): void {
  w.text(d.title, { size: 18, bold: true, after: 2 });
  w.text(subtitle, { size: 12, after: 2 });
  w.text(d.generatedAt(instant(dossier.generatedAt)), { size: 9, muted: true, after: 4 });
  w.text(d.jurisdiction(dossier.jurisdiction, dossier.clientType), { size: 9, muted: true, after: 6 });
  w.rule();

  w.heading(d.sections.parties, 13);
  w.heading(d.sections.creditor, 10.5);
  w.rows(partyRows(d, dossier.creditor), 9);
  w.heading(d.sections.debtor, 10.5);
  w.rows(partyRows(d, dossier.client), 9);
}

/** The event in words, with its data. */
function eventCell(d: DossierMessages, e: { type: string; data?: Record<string, unknown> }): string {
  return [
    isTimelineType(e.type) ? d.events[e.type] : e.type,
    e.data && Object.keys(e.data).length ? JSON.stringify(e.data) : '',
  ]
    .filter(Boolean)
    .join('\n');
}

/** The debtor's replies, then a copy of every message sent. */
function writeCorrespondence(
  w: PdfWriter,
  d: DossierMessages,
  dossier: Common,
  instant: (value: string) => string,
): void {
  w.heading(d.sections.replies, 13);
  if (dossier.replies.length === 0) w.text(d.noReplies, { size: 9 });
  for (const reply of chronological(dossier.replies, (r) => r.receivedAt)) {
    w.text(d.reply(reply.from, instant(reply.receivedAt)), { size: 9, bold: true, after: 2 });
    w.text(reply.text, { size: 9, after: 8 });
  }

  w.heading(d.sections.messages, 13);
  if (dossier.messages.length === 0) w.text(d.noMessages, { size: 9 });
  for (const message of chronological(dossier.messages)) {
    w.ensure(80);
    w.rule();
    w.text(`${instant(message.at)} — ${d.message.subject} ${message.subject}`, {
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
