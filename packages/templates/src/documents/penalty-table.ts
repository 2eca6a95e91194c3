import type { GroupFormat } from '../context';
import { isPositive, sumAmounts, totalsByCurrency, type CurrencyTotal, type Formatter } from '../format';
import type { Law, LetterMessages } from '../messages/documents';
import type { PenaltyView } from '../types';
import type { PdfWriter } from './pdf-writer';

/** What a document claims for one invoice: its balance and its own penalties. */
export interface Claim {
  number: string;
  currency: string;
  balance: string;
  penalties: PenaltyView;
}

type Row = [string, string, boolean?];

/**
 * The interest breakdown, one row per rate period, shared by the formal notice and the dossier; a
 * provisional period says so under its dates, and a note explains it once (`note`: false when the
 * document prints it once for several invoices).
 */
export function writePenaltyPeriods(
  w: PdfWriter,
  t: LetterMessages,
  f: Pick<Formatter, 'date' | 'percent' | 'money'>,
  penalties: PenaltyView,
  law: Law,
  size?: number,
  note = true,
): void {
  if (penalties.periods.length === 0) {
    w.text(t.noInterestYet(law), { size: 9, muted: true, after: 4 });
    return;
  }
  w.table(
    [
      { title: t.periodColumns[0], width: w.width * 0.5 },
      { title: t.periodColumns[1], width: w.width * 0.12, align: 'right' },
      { title: t.periodColumns[2], width: w.width * 0.18, align: 'right' },
      { title: t.periodColumns[3], width: w.width * 0.2, align: 'right' },
    ],
    penalties.periods.map((p) => [
      // The mention sits under the period: the rate column is too narrow for it.
      [t.period(f.date(p.from), f.date(p.to)), p.provisional ? t.provisionalRate : '']
        .filter(Boolean)
        .join('\n'),
      String(p.days),
      f.percent(p.ratePercent),
      f.money(p.interest),
    ]),
    size,
  );
  if (note && penalties.periods.some((p) => p.provisional))
    w.text(t.provisionalNote, { size: 8.5, muted: true, after: 4 });
}

/** "Total dû" or, when a period is provisional, "Total dû, à parfaire". */
export function totalDueLabel(t: LetterMessages, penalties: PenaltyView): string {
  return isProvisional(penalties) ? t.totalDueProvisional : t.totalDue;
}

/** Some figure of the breakdown is provisional: its total is "à parfaire". */
export const isProvisional = (penalties: PenaltyView): boolean =>
  penalties.provisional === true || penalties.periods.some((p) => p.provisional);

/**
 * One invoice of a document about several (the grouped notice, the grouped dossier): its heading,
 * interest periods, principal, interest, its own indemnity and its total, kept on one page.
 */
export function writeClaim(w: PdfWriter, t: LetterMessages, f: GroupFormat, law: Law, claim: Claim): void {
  const { penalties, currency } = claim;
  const money = (amount: string) => f.money(amount, currency);
  w.ensure(130 + 13 * penalties.periods.length);
  w.text(t.many.invoiceHeading(claim.number), { size: 10, bold: true, after: 2 });
  // The provisional note is printed once for all the invoices, by the caller.
  writePenaltyPeriods(w, t, { ...f, money }, penalties, law, 9, false);
  w.space(2);
  const rows: Row[] = [[t.principal, money(claim.balance)]];
  if (penalties.periods.length > 0 || isPositive(penalties.interest, currency))
    rows.push([t.interest, money(penalties.interest)]);
  if (isPositive(penalties.fixedFee, currency)) rows.push([t.fixedFee(law), money(penalties.fixedFee)]);
  const total = money(sumAmounts(currency, claim.balance, penalties.total));
  rows.push([t.many.invoiceTotal(claim.number, isProvisional(penalties)), total, true]);
  w.rows(rows, 9.5);
  w.space(8);
}

/**
 * The totals of several claims, per currency (normally one): principal, interest, the indemnities
 * (one per invoice) and the total due. Returns the totals due.
 */
export function writeClaimsSummary(
  w: PdfWriter,
  t: LetterMessages,
  f: GroupFormat,
  law: Law,
  claims: readonly Claim[],
): CurrencyTotal[] {
  const totals = totalsByCurrency(claims, (c) => sumAmounts(c.currency, c.balance, c.penalties.total));
  const provisional = claims.some((c) => isProvisional(c.penalties));
  for (const { currency, amount } of totals) {
    const of = claims.filter((c) => c.currency === currency);
    const sum = (pick: (c: Claim) => string) => f.money(sumAmounts(currency, ...of.map(pick)), currency);
    const suffix = totals.length > 1 ? ` (${currency})` : '';
    const rows: Row[] = [
      [t.many.totalPrincipal + suffix, sum((c) => c.balance)],
      [t.many.totalInterest + suffix, sum((c) => c.penalties.interest)],
    ];
    if (of.some((c) => isPositive(c.penalties.fixedFee, currency)))
      rows.push([t.many.totalFixedFees(law) + suffix, sum((c) => c.penalties.fixedFee)]);
    rows.push([(provisional ? t.totalDueProvisional : t.totalDue) + suffix, f.money(amount, currency), true]);
    w.rows(rows);
    w.space(4);
  }
  return totals;
}
