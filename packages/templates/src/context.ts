import { formatter, isPositive, totalsByCurrency, type CurrencyTotal, type Formatter } from './format';
import { messagesFor, type Copy, type GroupVars, type Messages, type Vars } from './messages';
import type { Creditor, InvoiceFacts, Locale, MessageBase, Party } from './types';

/** Everything an email needs to speak to its reader: copy, formatter and the shared values. */
export interface EmailContext {
  m: Messages;
  f: Formatter;
  v: Vars;
}

export const partyLabel = (p: Party): string => p.company ?? p.name;

export function contextOf(message: MessageBase): EmailContext {
  const { invoice } = message;
  const f = formatter(message.locale, invoice.currency, message.timeZone);
  const credited =
    invoice.credited && isPositive(invoice.credited, invoice.currency) ? invoice.credited : undefined;
  const v: Vars = {
    number: invoice.number,
    issueDate: f.date(invoice.issueDate),
    dueDate: f.date(invoice.dueDate),
    total: f.money(invoice.total),
    paid: f.money(invoice.paid),
    balance: f.money(invoice.balance),
    partlyPaid: isPositive(invoice.paid, invoice.currency) || credited !== undefined,
    paidSome: isPositive(invoice.paid, invoice.currency),
    ...(credited !== undefined ? { credited: f.money(credited) } : {}),
    client: partyLabel(message.client),
    creditor: partyLabel(message.creditor),
  };
  return { m: messagesFor(message.locale), f, v };
}

/** Preview line, heading and paragraphs of one email's copy. */
export function texts<X>(
  copy: Copy<X>,
  v: Vars,
  x: X,
): { preview: string; heading: string; paragraphs: string[] } {
  return { preview: copy.preview(v, x), heading: copy.heading(v, x), paragraphs: copy.body(v, x) };
}

/** Formats for one reader across currencies: dates as usual, each amount in its own currency. */
export interface GroupFormat {
  readonly locale: Locale;
  date(value: string): string;
  instant(value: string): string;
  percent(ratePercent: string): string;
  money(amount: string, currency: string): string;
  /** Totals of several currencies joined: "4 250,00 € + 300,00 £". */
  totals(totals: readonly CurrencyTotal[]): string;
}

export function groupFormat(locale: Locale, timeZone?: string): GroupFormat {
  const byCurrency = new Map<string, Formatter>();
  const of = (currency: string): Formatter => {
    let f = byCurrency.get(currency);
    if (!f) byCurrency.set(currency, (f = formatter(locale, currency, timeZone)));
    return f;
  };
  const any = of('EUR');
  const money = (amount: string, currency: string) => of(currency).money(amount);
  return {
    locale,
    date: any.date,
    instant: any.instant,
    percent: any.percent,
    money,
    totals: (totals) => totals.map((t) => money(t.amount, t.currency)).join(' + '),
  };
}

/** Everything an email about several invoices of one client needs to speak to its reader. */
export interface GroupContext {
  m: Messages;
  f: GroupFormat;
  g: GroupVars;
}

/**
 * The copy, formatter and shared values of a message about `invoices`; `totals` (default: their
 * balances per currency) is the amount the message speaks of.
 */
export function groupContextOf(
  message: {
    locale: Locale;
    creditor: Creditor;
    client: Party;
    timeZone?: string;
    invoices: readonly InvoiceFacts[];
  },
  totals: readonly CurrencyTotal[] = totalsByCurrency(message.invoices, (i) => i.balance),
): GroupContext {
  if (message.invoices.length === 0)
    throw new Error('a message about a client’s invoices needs at least one');
  const f = groupFormat(message.locale, message.timeZone);
  const g: GroupVars = {
    count: message.invoices.length,
    total: f.totals(totals),
    client: partyLabel(message.client),
    creditor: partyLabel(message.creditor),
  };
  return { m: messagesFor(message.locale), f, g };
}
