import type { Locale } from '../types';

// Attachment names. About one invoice they are the names the worker gives today; about several,
// they name the date and the count (invoice numbers would not fit a file name).

/** An invoice PDF: "F-2026-0042.pdf" (characters a file name may not carry become "_"). */
export const invoicePdfFileName = (number: string): string =>
  `${number.replace(/[^A-Za-z0-9_.-]+/g, '_')}.pdf`;

/** "mise-en-demeure-F-2026-0042.pdf"; several: "mise-en-demeure-2026-11-16-3-factures.pdf". */
export function formalNoticeFileName(
  locale: Locale,
  invoiceNumbers: readonly string[],
  sentOn: string,
): string {
  const [only, ...more] = invoiceNumbers;
  const name = locale === 'fr' ? 'mise-en-demeure' : 'formal-notice';
  if (only !== undefined && !more.length) return `${name}-${only}.pdf`;
  return `${name}-${sentOn}-${invoiceNumbers.length}-${locale === 'fr' ? 'factures' : 'invoices'}.pdf`;
}

/** "dossier-F-2026-0042.pdf" / ".json"; several: "dossier-2026-11-25-3-factures.pdf" / ".json". */
export function dossierFileNames(
  locale: Locale,
  invoiceNumbers: readonly string[],
  generatedAt: string,
): { pdf: string; json: string } {
  const [only, ...more] = invoiceNumbers;
  const base =
    only !== undefined && !more.length
      ? `dossier-${only}`
      : `dossier-${generatedAt.slice(0, 10)}-${invoiceNumbers.length}-${locale === 'fr' ? 'factures' : 'invoices'}`;
  return { pdf: `${base}.pdf`, json: `${base}.json` };
}

/** "releve-de-compte-2026-11-30.pdf" / "statement-of-account-2026-11-30.pdf". */
export const statementFileName = (locale: Locale, asOf: string): string =>
  `${locale === 'fr' ? 'releve-de-compte' : 'statement-of-account'}-${asOf}.pdf`;
