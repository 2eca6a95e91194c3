import { partyLabel } from '../context';
import { formatter, isPositive, sumAmounts, townOf } from '../format';
import { messagesFor } from '../messages';
import { letterMessages, type Law } from '../messages/documents';
import type { FormalNoticeDocument, Party } from '../types';
import { totalDueLabel, writePenaltyPeriods } from './penalty-table';
import { A4, PdfWriter } from './pdf-writer';

// Recipient block where a right-hand window envelope (DL, 45×100 mm window) shows it.
const RECIPIENT_X = 310;
const RECIPIENT_TOP = A4[1] - 150;

/**
 * The mise en demeure (formal notice / letter before action) as an A4 letter ready to print for
 * registered mail: parties, invoice, interest per rate period, the fixed indemnity, the total,
 * the deadline, how to pay and what happens next.
 */
export async function renderFormalNoticePdf(input: FormalNoticeDocument): Promise<Uint8Array> {
  const t = letterMessages(input.locale);
  const m = messagesFor(input.locale);
  const { creditor, client, invoice, penalties } = input;
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

  // Sender, top left.
  w.text(partyLabel(creditor), { size: 11, bold: true });
  for (const line of addressLines(creditor)) w.text(line, { size: 9 });
  w.text(m.legalIds(creditor.registrationNumber, creditor.vatNumber), { size: 9, muted: true });
  w.text([creditor.email, creditor.phone].filter(Boolean).join(' · '), { size: 9, muted: true });

  // Recipient, in the envelope window.
  w.y = Math.min(w.y - 12, RECIPIENT_TOP);
  const right = { x: RECIPIENT_X, width: A4[0] - RECIPIENT_X - w.left };
  w.text(partyLabel(client), { ...right, size: 11, bold: true });
  if (client.company) w.text(t.attention(client.name), { ...right, size: 10 });
  for (const line of addressLines(client)) w.text(line, { ...right, size: 10 });
  w.space(18);
  w.text(t.placeDate(input.place ?? townOf(creditor.address), f.date(input.sentOn)), { ...right, size: 10 });
  w.space(18);

  w.text(t.registeredMail(law), { bold: true, size: 10 });
  if (client.email) w.text(t.emailCopy(client.email), { size: 9, muted: true });
  w.space(10);
  w.text(t.title, { size: 15, bold: true, after: 4 });
  w.text(t.subject(invoice.number), { bold: true, after: 10 });

  w.text(t.salutation, { after: 6 });
  w.text(t.intro({ dueDate: f.date(invoice.dueDate) }), { after: 6 });
  const widths = [0.17, 0.19, 0.19, 0.15, 0.14, 0.16];
  w.table(
    t.invoiceColumns.map((title, i) => ({
      title,
      width: w.width * (widths[i] ?? 0),
      align: i >= 3 ? ('right' as const) : ('left' as const),
    })),
    [
      [
        invoice.number,
        f.date(invoice.issueDate),
        f.date(invoice.dueDate),
        f.money(invoice.total),
        f.money(invoice.paid),
        f.money(invoice.balance),
      ],
    ],
    9,
  );
  w.space(6);

  const rates = [...new Set(penalties.periods.map((p) => f.percent(p.ratePercent)))].join(t.ratesJoin);
  w.text(t.legalBasis(law, { fixedFee: f.money(penalties.fixedFee), rates }), { after: 6 });

  w.heading(t.breakdownTitle(f.date(penalties.asOf)), 11);
  writePenaltyPeriods(w, t, f, penalties, law, 9);
  w.space(4);
  const rows: [string, string, boolean?][] = [[t.principal, f.money(invoice.balance)]];
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

  w.heading(t.paymentTitle, 11);
  const pay: [string, string][] = [];
  if (creditor.iban) pay.push([`${t.transfer} — ${t.iban}`, creditor.iban]);
  if (creditor.bic) pay.push([t.bic, creditor.bic]);
  pay.push([t.reference, invoice.number]);
  w.rows(pay, 9.5);
  if (invoice.paymentUrl) w.text(`${t.online} ${invoice.paymentUrl}`, { size: 9.5 });
  w.space(8);

  for (const paragraph of t.consequences(law)) w.text(paragraph, { after: 6 });
  w.text(t.amicable, { after: 10 });
  w.text(t.closing, { after: 24 });
  w.ensure(60);
  w.text(creditor.fromName, { x: RECIPIENT_X, bold: true });
  if (partyLabel(creditor) !== creditor.fromName) w.text(partyLabel(creditor), { x: RECIPIENT_X });

  return w.finish((page, pages) => t.footer(invoice.number, page, pages));
}

/** "12 rue des Lilas, 75011 Paris" → two lines, as an address is printed on a letter. */
export function addressLines(party: Party): string[] {
  return (party.address ?? '')
    .split(/\n|,\s*/)
    .map((s) => s.trim())
    .filter(Boolean);
}
