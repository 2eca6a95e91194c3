import { groupFormat, partyLabel } from '../context';
import { sumAmounts, totalsByCurrency, transferReference } from '../format';
import { letterMessages, statementMessages } from '../messages/documents';
import type { StatementOfAccount } from '../types';
import { chronological } from './dossier-json';
import { writeAddresses, writePayment } from './formal-notice';
import { PdfWriter } from './pdf-writer';

/**
 * The relevé de compte: every open invoice of the client (dates, total, paid, balance, days late),
 * the payments and credit notes received, and the balance per currency with what is overdue, then
 * how to pay. Printable like the letters (addresses in the envelope window).
 */
export async function renderStatementPdf(input: StatementOfAccount): Promise<Uint8Array> {
  const s = statementMessages(input.locale);
  const t = letterMessages(input.locale);
  const f = groupFormat(input.locale, input.timeZone);
  const client = partyLabel(input.client);
  const invoices = [...input.invoices].sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  const w = await PdfWriter.create({
    title: `${s.title} — ${client}`,
    author: partyLabel(input.creditor),
    subject: s.subtitle(client, f.date(input.asOf)),
    lang: input.locale,
    date: new Date(`${input.asOf}T00:00:00Z`),
  });

  writeAddresses(w, input.locale, input.creditor, input.client, t.attention);
  w.text(s.title, { size: 15, bold: true, after: 2 });
  w.text(s.subtitle(client, f.date(input.asOf)), { size: 11, after: 8 });

  w.heading(s.invoicesTitle, 12);
  const widths = [0.15, 0.15, 0.15, 0.14, 0.13, 0.14, 0.14];
  w.table(
    s.invoiceColumns.map((title, i) => ({
      title,
      width: w.width * (widths[i] ?? 0),
      align: i >= 3 ? ('right' as const) : ('left' as const),
    })),
    invoices.map((i) => [
      i.number,
      f.date(i.issueDate),
      f.date(i.dueDate),
      f.money(i.total, i.currency),
      f.money(i.paid, i.currency),
      f.money(i.balance, i.currency),
      s.daysLate(i.daysLate),
    ]),
    8.5,
  );

  w.heading(s.paymentsTitle, 12);
  if (input.payments.length === 0) w.text(s.noPayments, { size: 9 });
  else
    w.table(
      [
        { title: s.paymentColumns[0], width: w.width * 0.2 },
        { title: s.paymentColumns[1], width: w.width * 0.14 },
        { title: s.paymentColumns[2], width: w.width * 0.22 },
        { title: s.paymentColumns[3], width: w.width * 0.26 },
        { title: s.paymentColumns[4], width: w.width * 0.18, align: 'right' },
      ],
      chronological(input.payments, (p) => p.date).map((p) => [
        f.date(p.date),
        p.kind === 'credit_note' ? s.creditNote : s.payment,
        p.reference ?? '',
        (p.invoiceNumbers ?? []).join(', '),
        f.money(p.amount, p.currency),
      ]),
      8.5,
    );

  w.heading(s.balanceTitle, 12);
  const currencies = totalsByCurrency(invoices, (i) => i.balance);
  for (const { currency, amount } of currencies) {
    const of = invoices.filter((i) => i.currency === currency);
    const sum = (list: typeof of, pick: (i: (typeof of)[number]) => string) =>
      f.money(sumAmounts(currency, ...list.map(pick)), currency);
    const suffix = currencies.length > 1 ? ` (${currency})` : '';
    w.rows(
      [
        [s.totalInvoiced + suffix, sum(of, (i) => i.total)],
        [s.totalPaid + suffix, sum(of, (i) => i.paid)],
        [s.balance + suffix, f.money(amount, currency), true],
        [
          s.overdue,
          sum(
            of.filter((i) => i.daysLate > 0),
            (i) => i.balance,
          ),
        ],
        [
          s.notYetDue,
          sum(
            of.filter((i) => i.daysLate <= 0),
            (i) => i.balance,
          ),
        ],
      ],
      9.5,
    );
    w.space(4);
  }
  w.space(4);

  const reference = transferReference(invoices.map((i) => i.number)) ?? t.many.referenceMany;
  writePayment(w, t, input.creditor, reference, input.paymentUrl ? [input.paymentUrl] : []);
  w.text(s.closing, { size: 9.5, after: 8 });
  return w.finish((page, pages) => s.footer(f.date(input.asOf), page, pages));
}
