import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  add,
  currencyDigits,
  divideHalfUp,
  formatMoney,
  isCurrency,
  parseMoney,
  subtract,
  toDecimal,
} from './money';

describe('parseMoney', () => {
  it('reads a decimal string into integer minor units', () => {
    expect(parseMoney('1200.00', 'EUR')).toEqual({ currency: 'EUR', minor: 120000 });
    expect(parseMoney('0.5', 'EUR').minor).toBe(50);
    expect(parseMoney('12', 'JPY').minor).toBe(12);
    expect(parseMoney('1.234', 'KWD').minor).toBe(1234);
  });
  it('refuses more decimals than the currency has', () => {
    expect(() => parseMoney('1.001', 'EUR')).toThrow(/at most 2 decimals/);
    expect(() => parseMoney('1.5', 'JPY')).toThrow(/at most 0 decimals/);
  });
  it('refuses negatives, exponents and garbage', () => {
    for (const bad of ['-1.00', '1e3', '', '1,00', ' 1.00', '.5', '1.'])
      expect(() => parseMoney(bad, 'EUR')).toThrow();
  });
  it('refuses unknown currencies', () => {
    expect(isCurrency('EUR')).toBe(true);
    expect(isCurrency('XYZ')).toBe(false);
    expect(() => currencyDigits('eur')).toThrow(/unknown currency/);
  });
  it('round-trips every amount through its decimal string', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 ** 13 }),
        fc.constantFrom('EUR', 'GBP', 'JPY', 'KWD'),
        (minor, currency) => {
          expect(parseMoney(toDecimal({ currency, minor }), currency).minor).toBe(minor);
        },
      ),
    );
  });
});

describe('arithmetic', () => {
  it('adds and subtracts within one currency only', () => {
    expect(toDecimal(subtract(parseMoney('1200.00', 'EUR'), parseMoney('500.10', 'EUR')))).toBe('699.90');
    expect(() => add(parseMoney('1', 'EUR'), parseMoney('1', 'GBP'))).toThrow(/cannot combine/);
  });
  it('rounds half up exactly', () => {
    expect(divideHalfUp(5n, 2n)).toBe(3);
    expect(divideHalfUp(4n, 2n)).toBe(2);
    expect(divideHalfUp(149n, 100n)).toBe(1);
    expect(divideHalfUp(150n, 100n)).toBe(2);
  });
});

describe('formatMoney', () => {
  it('formats the French and English ways', () => {
    expect(formatMoney(parseMoney('1200.00', 'EUR'), 'fr')).toBe('1 200,00 €');
    expect(formatMoney(parseMoney('1200.00', 'EUR'), 'en')).toBe('€1,200.00');
  });
});
