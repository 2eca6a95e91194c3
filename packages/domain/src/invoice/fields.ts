import { z } from 'zod';
import { isCurrency } from '../money';
import { isValidTimeZone } from '../time';

/** Field schemas shared by the invoice and tenant contracts. */

export const DateString = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((d) => {
    const [y, m, day] = d.split('-').map(Number) as [number, number, number];
    const t = new Date(Date.UTC(y, m - 1, day));
    return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === day;
  }, 'is not a calendar date');

export const DecimalAmount = z
  .string()
  .regex(/^\d{1,15}(\.\d+)?$/, 'must be a non-negative decimal string like "1200.00"');

/** An amount that must be more than zero, e.g. a payment. */
export const PositiveAmount = DecimalAmount.refine((s) => /[1-9]/.test(s), 'must be greater than zero');

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const SINGLE_LINE = /^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]*$/;
const SINGLE_LINE_HELP = 'must be a single line without control characters (no CR, LF, tab, …)';

/**
 * A text that ends up in one line of something: an email header or subject, a PDF line, a log
 * line. CR and LF (header injection) and every other control character are refused: C0, DEL, C1,
 * and the Unicode line and paragraph separators. Chain `.min()`/`.max()` as on any string.
 */
export const SingleLine = z.string().regex(SINGLE_LINE, SINGLE_LINE_HELP);

/** Free text that may span lines (a reason, a note): newlines and tabs, no other control character. */
export const MultiLine = z.string().regex(
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$/,
  'must not contain control characters other than newlines and tabs',
);

/** An absolute http(s) URL, on one line: no `javascript:`, `data:` or `file:` links in emails. */
export const HttpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an absolute http:// or https:// URL' })
  .max(2000)
  .regex(SINGLE_LINE, SINGLE_LINE_HELP);

/**
 * A link mailed to the debtor (payment page): refused with credentials in it (`user:password@`),
 * which the debtor would receive, rather than silently stripped, which would store and send a
 * link other than the one the creditor gave and may no longer work.
 */
export const PublicHttpUrl = HttpUrl.refine(
  // The authority runs to the first / \ ? or # (WHATWG, http and https); an @ in it ends userinfo.
  (url) => !/^[a-z][a-z0-9+.-]*:[/\\]*[^/\\?#]*@/i.test(url),
  'must not contain a user name or password (user:password@…): the link is sent to the debtor',
);

/** A DNS domain name such as "dupont.example" (letters, digits, dashes; at least two labels). */
export const DomainName = z
  .string()
  .max(253)
  .regex(
    /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i,
    'must be a domain name like "dupont.example"',
  );

export const Currency = z.string().refine(isCurrency, 'must be an ISO 4217 currency code like "EUR"');

export const Email = z.email('must be an email address').max(254);

export const TimeZone = z.string().refine(isValidTimeZone, 'must be an IANA time zone like "Europe/Paris"');

export const Country = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code like "FR"');

export const Locale = z.enum(['fr', 'en']);

/** The laws a case's penalties and notices follow; every Jurisdiction type and schema derives from this list. */
export const JURISDICTIONS = ['FR', 'GB', 'EU'] as const;
export type Jurisdiction = (typeof JURISDICTIONS)[number];
export const JurisdictionSchema = z.enum(JURISDICTIONS);

export const RatePercent = z.string().regex(/^\d{1,2}(\.\d{1,2})?$/, 'must be an annual rate like "12.00"');

/** IBAN with its ISO 13616 mod-97 check; spaces allowed. */
export const Iban = z
  .string()
  .transform((s) => s.replace(/\s+/g, '').toUpperCase())
  .refine((s) => /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(s) && ibanChecksumOk(s), 'must be a valid IBAN');

function ibanChecksumOk(iban: string): boolean {
  const moved = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const ch of moved) {
    const v = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of v) rest = (rest * 10 + Number(digit)) % 97;
  }
  return rest === 1;
}

export const Bic = z.string().regex(/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/, 'must be a BIC like "AGRIFRPP"');
