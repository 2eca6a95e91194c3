import { formatMoney, parseMoney } from '@relance/domain';
import { describe, expect, it } from 'vitest';
import { formatter, nextDay, sumAmounts, townOf } from './format';

describe('formatter', () => {
  const fr = formatter('fr', 'EUR', 'Europe/Paris');
  const en = formatter('en', 'EUR', 'Europe/Paris');

  it('formats money the French and English ways, with plain spaces', () => {
    expect(fr.money('1200.00')).toBe('1 200,00 €');
    expect(en.money('1200.00')).toBe('€1,200.00');
    expect(formatter('en', 'GBP').money('70.00')).toBe('£70.00');
  });

  it('formats money exactly as the domain does, in every currency and locale', () => {
    for (const locale of ['fr', 'en'] as const) {
      for (const [currency, amounts] of [
        ['EUR', ['0.00', '0.05', '12.30', '1200.00', '1234567.89']],
        ['GBP', ['70.00', '999999.99']],
        ['USD', ['1.00', '10000.50']],
        ['CHF', ['1250.40']],
        ['JPY', ['0', '120000']],
        ['KWD', ['1.234']],
      ] as const) {
        const f = formatter(locale, currency);
        for (const amount of amounts) {
          expect(f.money(amount)).toBe(formatMoney(parseMoney(amount, currency), locale));
        }
      }
    }
  });

  it('writes dates in full, day first in both languages, "1er" for the first in French', () => {
    expect(fr.date('2026-10-15')).toBe('15 octobre 2026');
    expect(en.date('2026-10-15')).toBe('15 October 2026');
    expect(fr.date('2026-11-01')).toBe('1er novembre 2026');
    expect(en.date('2026-11-01')).toBe('1 November 2026');
  });

  it('shows instants in the reader’s time zone', () => {
    expect(fr.instant('2026-10-20T07:42:00Z')).toBe('20 octobre 2026 à 09:42');
    expect(en.instant('2026-10-20T07:42:00Z')).toBe('20 October 2026 at 09:42');
    expect(fr.date('2026-10-31T23:30:00Z')).toBe('1er novembre 2026');
    expect(fr.instant('2026-10-20')).toBe('20 octobre 2026');
  });

  it('formats rates as percentages without narrow spaces', () => {
    expect(fr.percent('12.15')).toBe('12,15 %');
    expect(en.percent('12.15')).toBe('12.15%');
    expect(fr.percent('14.5')).toBe('14,50 %');
  });

  it('refuses a malformed date rather than printing "Invalid Date"', () => {
    expect(() => fr.date('2026-13-45')).toThrow(/invalid/);
  });
});

describe('sumAmounts', () => {
  it('adds decimal strings exactly', () => {
    expect(sumAmounts('EUR', '1200.00', '52.78')).toBe('1252.78');
    expect(sumAmounts('EUR', '0.10', '0.20')).toBe('0.30');
  });
});

describe('nextDay', () => {
  it('crosses month and year ends', () => {
    expect(nextDay('2026-10-31')).toBe('2026-11-01');
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
  });
});

describe('townOf', () => {
  it('finds the town after a French or British postcode', () => {
    expect(townOf('12 rue des Lilas, 75011 Paris')).toBe('Paris');
    expect(townOf('12 rue des Lilas, 75011 Paris, France')).toBe('Paris');
    expect(townOf('3 Market Street, London EC2A 4NE, United Kingdom')).toBe('London');
    expect(townOf('somewhere')).toBeUndefined();
    expect(townOf(undefined)).toBeUndefined();
  });
});
