import { add, currencyDigits, parseMoney, toDecimal } from '@relance/domain';
import type { Locale } from './types';

// Intl separates thousands and units with narrow/no-break spaces; mail clients, plain text and
// the PDF fonts (WinAnsi) handle a plain space better, as the domain's formatMoney does.
export const plainSpaces = (s: string): string => s.replace(/[\u202f\u00a0]/g, ' ');

/** Joins the spaces inside amounts ("1 252,78 €", "€ 12") with `glue` so they never wrap. */
export const glueAmounts = (s: string, glue: string): string =>
  s.replace(/(?<=\d) (?=\d{3}\b)|(?<=\d) (?=[€£$%])|(?<=[€£$]) (?=\d)/g, glue);

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const intlLocale = (locale: Locale): string => (locale === 'fr' ? 'fr-FR' : 'en-GB');

/** Formats values for one reader: locale, currency of the invoice, time zone for instants. */
export interface Formatter {
  readonly locale: Locale;
  money(amount: string): string;
  /** "15 octobre 2026" / "15 October 2026" for a "YYYY-MM-DD" (or the day of an instant). */
  date(value: string): string;
  /** A date, or date and time for a full timestamp. */
  instant(value: string): string;
  /** "12,15 %" / "12.15%" from "12.15". */
  percent(ratePercent: string): string;
}

// Building an Intl format costs far more than using one (about 0.3 ms each; an email needs several):
// each is built once per process for its options and reused by every render.
const intlFormats = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function cachedFormat<F extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => F): F {
  let format = intlFormats.get(key) as F | undefined;
  if (!format) intlFormats.set(key, (format = make()));
  return format;
}

const dateFormat = (tag: string, timeZone: string, withTime: boolean): Intl.DateTimeFormat =>
  cachedFormat(`date|${tag}|${timeZone}|${withTime}`, () =>
    withTime
      ? new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeStyle: 'short', timeZone })
      : new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'long', year: 'numeric', timeZone }),
  );

/** The domain's formatMoney ("1 200,00 €", "€1,200.00"), with its Intl format built once. */
function moneyFormat(locale: Locale, currency: string): (amount: string) => string {
  const digits = currencyDigits(currency);
  const format = cachedFormat(
    `money|${locale}|${currency}`,
    () => new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits }),
  );
  return (amount) => plainSpaces(format.format(parseMoney(amount, currency).minor / 10 ** digits));
}

export function formatter(locale: Locale, currency: string, timeZone = 'UTC'): Formatter {
  const tag = intlLocale(locale);
  const dayFormat = dateFormat(tag, 'UTC', false);
  const zonedDay = dateFormat(tag, timeZone, false);
  const zonedTime = dateFormat(tag, timeZone, true);
  const percentFormat = cachedFormat(
    `percent|${tag}`,
    () =>
      new Intl.NumberFormat(tag, { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 4 }),
  );
  // French writes the first of the month as an ordinal: "1er novembre 2026".
  const ordinal = (s: string): string => (locale === 'fr' ? s.replace(/^1 /, '1er ') : s);
  return {
    locale,
    money: moneyFormat(locale, currency),
    date: (value) => {
      if (DATE_ONLY.test(value)) return ordinal(plainSpaces(dayFormat.format(parseDay(value))));
      return ordinal(plainSpaces(zonedDay.format(parseInstant(value))));
    },
    instant: (value) => {
      if (DATE_ONLY.test(value)) return ordinal(plainSpaces(dayFormat.format(parseDay(value))));
      return ordinal(plainSpaces(zonedTime.format(parseInstant(value))));
    },
    percent: (ratePercent) => plainSpaces(percentFormat.format(Number(ratePercent) / 100)),
  };
}

function parseDay(value: string): Date {
  const d = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) throw new Error(`invalid date "${value}"`);
  return d;
}

function parseInstant(value: string): Date {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new Error(`invalid timestamp "${value}"`);
  return d;
}

/** Adds decimal amounts of one currency exactly (minor units). */
export function sumAmounts(currency: string, ...amounts: string[]): string {
  return toDecimal(amounts.reduce((acc, a) => add(acc, parseMoney(a, currency)), parseMoney('0', currency)));
}

export const isPositive = (amount: string, currency: string): boolean =>
  parseMoney(amount, currency).minor > 0;

/** The calendar day after a "YYYY-MM-DD" date. */
export function nextDay(value: string): string {
  const d = parseDay(value);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The town after a postcode ("12 rue des Lilas, 75011 Paris" → "Paris"), for "Paris, le …". */
export function townOf(address: string | undefined): string | undefined {
  const segments = (address ?? '')
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .reverse();
  for (const segment of segments) {
    const continental = /^\d{4,5}\s+(\D+)$/.exec(segment);
    if (continental?.[1]) return continental[1].trim();
    const british = /^(\D+?)\s+[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$/i.exec(segment);
    if (british?.[1]) return british[1].trim();
  }
  return undefined;
}

/** An amount of one currency ("4250.00" EUR). */
export interface CurrencyTotal {
  currency: string;
  amount: string;
}

/** Sums `pick` of each item per currency, exactly; currencies in the order they first appear. */
export function totalsByCurrency<T extends { currency: string }>(
  items: readonly T[],
  pick: (item: T) => string,
): CurrencyTotal[] {
  const totals = new Map<string, string>();
  for (const item of items)
    totals.set(item.currency, sumAmounts(item.currency, totals.get(item.currency) ?? '0', pick(item)));
  return [...totals].map(([currency, amount]) => ({ currency, amount }));
}

/** "a, b et c" / "a, b and c". */
export function joinList(items: readonly string[], and: string): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')}${and}${items.at(-1)}`;
}

// A SEPA transfer carries 140 characters of unstructured remittance information.
const REFERENCE_MAX = 140;

/** The invoice numbers as one transfer reference, when they fit the field; else undefined. */
export function transferReference(numbers: readonly string[]): string | undefined {
  const reference = numbers.join(', ');
  return reference.length <= REFERENCE_MAX ? reference : undefined;
}
