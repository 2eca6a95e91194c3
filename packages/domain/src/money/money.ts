import { DomainError } from '../errors';

/** An amount in integer minor units (cents) of an ISO 4217 currency. Never a float. */
export interface Money {
  readonly currency: string;
  readonly minor: number;
}

// ISO 4217 minor-unit exponents that differ from 2; any other known currency has 2.
const EXPONENTS: Record<string, number> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

const KNOWN = new Set(
  (typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('currency') : []).concat(
    Object.keys(EXPONENTS),
  ),
);

export function isCurrency(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && KNOWN.has(code);
}

export function currencyDigits(currency: string): number {
  if (!isCurrency(currency))
    throw new DomainError('money.unknown_currency', `unknown currency "${currency}"`);
  return EXPONENTS[currency] ?? 2;
}

/** Parses "1200.00" (at most the currency's minor digits, no sign) into minor units. */
export function parseMoney(decimal: string, currency: string): Money {
  const digits = currencyDigits(currency);
  const m = /^(\d{1,15})(?:\.(\d+))?$/.exec(decimal);
  if (!m)
    throw new DomainError(
      'money.invalid',
      `"${decimal}" is not a non-negative decimal amount like "1200.00"`,
    );
  const frac = m[2] ?? '';
  if (frac.length > digits) {
    throw new DomainError('money.too_many_decimals', `${currency} amounts have at most ${digits} decimals`);
  }
  const minor = Number(m[1]) * 10 ** digits + Number(frac.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(minor)) throw new DomainError('money.too_large', `"${decimal}" is too large`);
  return { currency, minor };
}

/** Formats minor units as the API's decimal string with exactly the currency's minor digits. */
export function toDecimal(money: Money): string {
  const digits = currencyDigits(money.currency);
  const sign = money.minor < 0 ? '-' : '';
  const abs = Math.abs(money.minor);
  if (digits === 0) return `${sign}${abs}`;
  const unit = 10 ** digits;
  return `${sign}${Math.floor(abs / unit)}.${String(abs % unit).padStart(digits, '0')}`;
}

export const money = (minor: number, currency: string): Money => ({ currency, minor });
export const zero = (currency: string): Money => ({ currency, minor: 0 });

function same(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new DomainError('money.currency_mismatch', `cannot combine ${a.currency} and ${b.currency}`);
  }
}

export function add(a: Money, b: Money): Money {
  same(a, b);
  return { currency: a.currency, minor: a.minor + b.minor };
}

export function subtract(a: Money, b: Money): Money {
  same(a, b);
  return { currency: a.currency, minor: a.minor - b.minor };
}

export function compare(a: Money, b: Money): -1 | 0 | 1 {
  same(a, b);
  return a.minor === b.minor ? 0 : a.minor < b.minor ? -1 : 1;
}

/**
 * Rounds numerator/denominator half-up to an integer, exactly (BigInt), for non-negative inputs.
 * Money maths multiplies minor units by rational rates and divides once, at the end.
 */
export function divideHalfUp(numerator: bigint, denominator: bigint): number {
  if (denominator <= 0n || numerator < 0n)
    throw new DomainError('money.invalid_division', 'non-negative ratio required');
  const q = numerator / denominator;
  const r = numerator % denominator;
  return Number(r * 2n >= denominator ? q + 1n : q);
}

/** Formats for people, e.g. "1 200,00 €" (fr) or "€1,200.00" (en). */
export function formatMoney(m: Money, locale: string): string {
  const digits = currencyDigits(m.currency);
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: m.currency,
    minimumFractionDigits: digits,
  })
    .format(m.minor / 10 ** digits)
    .replace(/\u202f|\u00a0/g, ' ');
}
