import { groupFormat, partyLabel } from '../context';
import { formatter, isPositive, joinList, sumAmounts, townOf, transferReference } from '../format';
import { messagesFor } from '../messages';
import { letterMessages, type Law, type LetterMessages } from '../messages/documents';
import type {
  Creditor,
  FormalNoticeDocument,
  GroupedFormalNoticeDocument,
  InvoiceFacts,
  Locale,
  Party,
} from '../types';
import {
  isProvisional,
  totalDueLabel,
  writeClaim,
  writeClaimsSummary,
  writePenaltyPeriods,
} from './penalty-table';
import { A4, PdfWriter } from './pdf-writer';

// Recipient block where a right-hand window envelope (DL, 45×100 mm window) shows it.
const RECIPIENT_X = 310;
const RECIPIENT_TOP = A4[1] - 150;

type Letter = Omit<FormalNoticeDocument, 'invoice' | 'penalties'>;
type Row = [string, string, boolean?];

/**
 * The mise en demeure (formal notice / letter before action) as an A4 letter ready to print for
 * registered mail: parties, invoice, interest per rate period, the fixed indemnity, the total,
 * the deadline, how to pay and what happens next.
 */
export async function renderFormalNoticePdf(input: FormalNoticeDocument): Promise<Uint8Array> {
  const t = letterMessages(input.locale);
  const { creditor, invoice, penalties } = input;
  const f = formatter(input.locale, invoice.currency, input.timeZone);
  const law: Law = { jurisdiction: input.jurisdiction, clientType: input.clientType };
  const totalDue = f.money(sumAmounts(invoice.currency, invoice.balance, penalties.total));
  const w = await PdfWriter.create({
    title: `${t.title} — ${invoice.number}`,
    author: partyLabel(creditor),
    subject: t.subject(invoice.number),
    lang: input.locale,
    date: new Date(`${input.sentOn}T00:00:00Z`),
  });

  writeLetterHead(w, input, t, f.date, t.subject(invoice.number));
  w.text(t.intro({ dueDate: f.date(invoice.dueDate) }), { after: 6 });
  writeInvoiceTable(w, t, [invoice], (a, c) => formatter(input.locale, c, input.timeZone).money(a), f.date);
  w.space(6);

  const rates = [...new Set(penalties.periods.map((p) => f.percent(p.ratePercent)))].join(t.ratesJoin);
  w.text(t.legalBasis(law, { fixedFee: f.money(penalties.fixedFee), rates }), { after: 6 });

  w.heading(t.breakdownTitle(f.date(penalties.asOf)), 11);
  writePenaltyPeriods(w, t, f, penalties, law, 9);
  w.space(4);
  const rows: Row[] = [[t.principal, f.money(invoice.balance)]];
  if (penalties.periods.length > 0 || isPositive(penalties.interest, invoice.currency))
    rows.push([t.interest, f.money(penalties.interest)]);
  if (isPositive(penalties.fixedFee, invoice.currency))
    rows.push([t.fixedFee(law), f.money(penalties.fixedFee)]);
  const label = totalDueLabel(t, penalties);
  rows.push([label, totalDue, true]);
  w.rows(rows);
  w.space(8);

  const demanded = label === t.totalDue ? totalDue : t.toAdjust(totalDue);
  w.text(t.demand({ total: demanded, deadline: f.date(input.deadline) }), { bold: true, after: 8 });

  writePayment(w, t, creditor, invoice.number, invoice.paymentUrl ? [invoice.paymentUrl] : []);
  writeLetterEnd(w, input, t, law);
  return w.finish((page, pages) => t.footer(invoice.number, page, pages));
}

/**
 * One mise en demeure for several invoices of the client: the same letter, with one row per invoice,
 * each invoice's own interest periods and fixed indemnity (per invoice, CJEU C-78/22), one total
 * per currency (normally one), one deadline. About one invoice, it is `renderFormalNoticePdf`'s.
 */
export async function renderGroupedFormalNoticePdf(input: GroupedFormalNoticeDocument): Promise<Uint8Array> {
  const { invoices, paymentUrl, paymentReference: _r, ...letter } = input;
  const [first, ...more] = invoices;
  if (!first) throw new Error('a formal notice needs at least one invoice');
  if (!more.length) {
    const { daysLate: _d, penalties, pdfAttached: _a, pdfUrl: _u, ...invoice } = first;
    const url = paymentUrl ?? invoice.paymentUrl;
    return renderFormalNoticePdf({ ...letter, invoice: { ...invoice, paymentUrl: url }, penalties });
  }
  const t = letterMessages(input.locale);
  const f = groupFormat(input.locale, input.timeZone);
  const law: Law = { jurisdiction: input.jurisdiction, clientType: input.clientType };
  const provisional = invoices.some((l) => isProvisional(l.penalties));
  const w = await PdfWriter.create({
    title: `${t.title} — ${t.many.invoices(invoices.length)}`,
    author: partyLabel(input.creditor),
    subject: t.many.subject(invoices.length),
    lang: input.locale,
    date: new Date(`${input.sentOn}T00:00:00Z`),
  });

  writeLetterHead(w, letter, t, f.date, t.many.subject(invoices.length));
  w.text(t.many.intro, { after: 6 });
  writeInvoiceTable(w, t, invoices, f.money, f.date);
  w.space(6);

  const periods = invoices.flatMap((l) => l.penalties.periods);
  const rates = [...new Set(periods.map((p) => f.percent(p.ratePercent)))].join(t.ratesJoin);
  const fees = [
    ...new Set(
      invoices
        .filter((l) => isPositive(l.penalties.fixedFee, l.currency))
        .map((l) => f.money(l.penalties.fixedFee, l.currency)),
    ),
  ];
  w.text(t.legalBasis(law, { fixedFee: t.many.perInvoice(fees), rates }), { after: 6 });

  w.heading(t.breakdownTitle(f.date(first.penalties.asOf)), 11);
  for (const line of invoices) writeClaim(w, t, f, law, line);
  if (periods.some((p) => p.provisional)) w.text(t.provisionalNote, { size: 8.5, muted: true, after: 4 });
  w.heading(t.many.summaryTitle, 11);
  const claims = writeClaimsSummary(w, t, f, law, invoices);
  w.space(4);

  const total = joinList(
    claims.map((c) => f.money(c.amount, c.currency)),
    t.many.and,
  );
  w.text(t.demand({ total: provisional ? t.toAdjust(total) : total, deadline: f.date(input.deadline) }), {
    bold: true,
    after: 8,
  });

  const reference =
    input.paymentReference ?? transferReference(invoices.map((l) => l.number)) ?? t.many.referenceMany;
  const urls = [...new Set(invoices.map((l) => l.paymentUrl))];
  const shared = paymentUrl ?? (urls.length === 1 ? urls[0] : undefined);
  const links = shared
    ? [shared]
    : invoices.flatMap((l) => (l.paymentUrl ? [`${l.number} — ${l.paymentUrl}`] : []));
  writePayment(w, t, letter.creditor, reference, links);
  writeLetterEnd(w, letter, t, law);
  return w.finish((page, pages) => t.many.footer(invoices.length, page, pages));
}

/** Sender, recipient (in the envelope window), place and date, mode of sending, title and subject. */
function writeLetterHead(
  w: PdfWriter,
  input: Letter,
  t: LetterMessages,
  date: (value: string) => string,
  subject: string,
): void {
  const { creditor, client } = input;
  const law: Law = { jurisdiction: input.jurisdiction, clientType: input.clientType };
  const right = writeAddresses(w, input.locale, creditor, client, t.attention);
  w.text(t.placeDate(input.place ?? townOf(creditor.address), date(input.sentOn)), { ...right, size: 10 });
  w.space(18);

  const letter = input.registeredLetter;
  if (letter || input.forRegisteredMail)
    w.text(t.registeredMail(law, letter?.trackingNumber), { bold: true, size: 10 });
  if (client.email) w.text(t.emailCopy(client.email), { size: 9, muted: true });
  w.space(10);
  w.text(t.title, { size: 15, bold: true, after: 4 });
  w.text(subject, { bold: true, after: 10 });
  w.text(t.salutation, { after: 6 });
}

/**
 * The sender top left, the recipient where a window envelope shows it; returns the recipient
 * column, where the date goes.
 */
export function writeAddresses(
  w: PdfWriter,
  locale: Locale,
  creditor: Creditor,
  client: Party,
  attention: (name: string) => string,
): { x: number; width: number } {
  const m = messagesFor(locale);
  // Sender, top left.
  w.text(partyLabel(creditor), { size: 11, bold: true });
  for (const line of addressLines(creditor)) w.text(line, { size: 9 });
  w.text(m.legalIds(creditor.registrationNumber, creditor.vatNumber), { size: 9, muted: true });
  w.text([creditor.email, creditor.phone].filter(Boolean).join(' · '), { size: 9, muted: true });

  // Recipient, in the envelope window.
  w.y = Math.min(w.y - 12, RECIPIENT_TOP);
  const right = { x: RECIPIENT_X, width: A4[0] - RECIPIENT_X - w.left };
  w.text(partyLabel(client), { ...right, size: 11, bold: true });
  if (client.company) w.text(attention(client.name), { ...right, size: 10 });
  for (const line of addressLines(client)) w.text(line, { ...right, size: 10 });
  w.space(18);
  return right;
}

/** One row per invoice: number, dates, total, paid, balance. */
function writeInvoiceTable(
  w: PdfWriter,
  t: LetterMessages,
  invoices: readonly InvoiceFacts[],
  money: (amount: string, currency: string) => string,
  date: (value: string) => string,
): void {
  const widths = [0.17, 0.19, 0.19, 0.15, 0.14, 0.16];
  w.table(
    t.invoiceColumns.map((title, i) => ({
      title,
      width: w.width * (widths[i] ?? 0),
      align: i >= 3 ? ('right' as const) : ('left' as const),
    })),
    invoices.map((invoice) => [
      invoice.number,
      date(invoice.issueDate),
      date(invoice.dueDate),
      money(invoice.total, invoice.currency),
      money(invoice.paid, invoice.currency),
      money(invoice.balance, invoice.currency),
    ]),
    9,
  );
}

/** How to pay: bank details, the reference to give, the payment link(s). */
export function writePayment(
  w: PdfWriter,
  t: LetterMessages,
  creditor: Creditor,
  reference: string,
  links: string[],
): void {
  w.heading(t.paymentTitle, 11);
  const pay: [string, string][] = [];
  if (creditor.iban) pay.push([`${t.transfer} — ${t.iban}`, creditor.iban]);
  if (creditor.bic) pay.push([t.bic, creditor.bic]);
  pay.push([t.reference, reference]);
  w.rows(pay, 9.5);
  for (const link of links) w.text(`${t.online} ${link}`, { size: 9.5 });
  w.space(8);
}

/** What happens next, the closing and the signature. */
function writeLetterEnd(w: PdfWriter, input: Letter, t: LetterMessages, law: Law): void {
  const { creditor } = input;
  for (const paragraph of t.consequences(law)) w.text(paragraph, { after: 6 });
  w.text(t.amicable, { after: 10 });
  w.text(t.closing, { after: 24 });
  w.ensure(60);
  w.text(creditor.fromName, { x: RECIPIENT_X, bold: true });
  if (partyLabel(creditor) !== creditor.fromName) w.text(partyLabel(creditor), { x: RECIPIENT_X });
}

/** "12 rue des Lilas, 75011 Paris" → two lines, as an address is printed on a letter. */
export function addressLines(party: Party): string[] {
  return (party.address ?? '')
    .split(/\n|,\s*/)
    .map((s) => s.trim())
    .filter(Boolean);
}
