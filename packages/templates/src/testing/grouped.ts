// Test helpers for the client-account templates (used by the *.test.ts files only).
import type { GroupedInvoiceLine, GroupedNoticeLine, Locale } from '../types';

const cents = (amount: string): number => Math.round(Number(amount) * 100);

/**
 * An amount in minor units as a reader sees it, written independently of the code under test:
 * "4 250,00 €" / "€4,250.00".
 */
export function euros(minor: number, locale: Locale): string {
  const [int = '', dec = ''] = (minor / 100).toFixed(2).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, locale === 'fr' ? ' ' : ',');
  return locale === 'fr' ? `${grouped},${dec} €` : `€${grouped}.${dec}`;
}

/** The sum of the balances, in minor units. */
export const balanceOf = (lines: readonly GroupedInvoiceLine[]): number =>
  lines.reduce((acc, l) => acc + cents(l.balance), 0);

/** What a formal notice claims: every balance plus every invoice's own penalties, in minor units. */
export const claimOf = (lines: readonly GroupedNoticeLine[]): number =>
  lines.reduce((acc, l) => acc + cents(l.balance) + cents(l.penalties.total), 0);

/** How many times `phrase` occurs in `text`. */
export const occurrences = (text: string, phrase: string): number => text.split(phrase).length - 1;
