import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkRateTables,
  DEFAULT_RATE_TABLES,
  formatRatePercent,
  legalRateFor,
  parseRatePercent,
  rateInForce,
  RateUnknownError,
  tryParseRatePercent,
  type StepRateTable,
} from './rates';

const { ecbMainRefinancing: ecb, frLegalRate: legal, boeBaseRate: boe } = DEFAULT_RATE_TABLES;
const WHY = 'test';

function thrown(fn: () => unknown): RateUnknownError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(RateUnknownError);
    return e as RateUnknownError;
  }
  throw new Error('expected a RateUnknownError');
}

describe('parseRatePercent / formatRatePercent', () => {
  it('reads a published percent into basis points', () => {
    expect(parseRatePercent('14.25')).toBe(1425);
    expect(parseRatePercent('12')).toBe(1200);
    expect(parseRatePercent('12.5')).toBe(1250);
    expect(parseRatePercent('0.05')).toBe(5);
  });
  it('refuses signs, exponents and more than two decimals', () => {
    for (const bad of ['-1', '1e2', '12.345', '', '.5', '12,00', '1000'])
      expect(tryParseRatePercent(bad)).toBeNull();
    expect(() => parseRatePercent('12.345')).toThrow(/not a percent/);
  });
  it('formats basis points back with exactly two decimals', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999 }), (bp) => {
        expect(parseRatePercent(formatRatePercent(bp))).toBe(bp);
      }),
    );
    expect(formatRatePercent(786)).toBe('7.86');
  });
});

describe('rateInForce', () => {
  it('switches to a new rate on its effective date, not the day before', () => {
    expect(rateInForce(ecb, '2024-06-11', WHY)).toBe(450);
    expect(rateInForce(ecb, '2024-06-12', WHY)).toBe(425);
    expect(rateInForce(boe, '2024-07-31', WHY)).toBe(525);
    expect(rateInForce(boe, '2024-08-01', WHY)).toBe(500);
  });
  it('gives the appendix L441-10 reference rates on 1 January and 1 July (14.50, 14.25, 13.15, 12.15, 12.15 with +10)', () => {
    const refs = ['2024-01-01', '2024-07-01', '2025-01-01', '2025-07-01', '2026-01-01'];
    expect(refs.map((d) => rateInForce(ecb, d, WHY) + 1000)).toEqual([1450, 1425, 1315, 1215, 1215]);
  });
  it('gives the appendix BoE reference for debts starting in H1 2026: 3.75 % on 2025-12-31', () => {
    expect(rateInForce(boe, '2025-12-31', WHY)).toBe(375);
  });
  it('covers every reference date needed from 2024 on, back to 2023-07-01', () => {
    expect(rateInForce(ecb, '2023-07-01', WHY)).toBe(400);
    expect(rateInForce(boe, '2023-06-30', WHY)).toBe(500);
    expect(rateInForce(boe, '2023-12-31', WHY)).toBe(525);
  });
  it('accepts verifiedThrough itself and refuses the day after, naming the date to add', () => {
    expect(rateInForce(boe, '2026-11-22', WHY)).toBe(375);
    const e = thrown(() => rateInForce(boe, '2026-11-23', 'reference for H2 2026'));
    expect(e.code).toBe('penalties.rate_unknown');
    expect(e.figure).toBe('2026-11-23');
    expect(e.message).toMatch(/Bank of England base rate on 2026-11-23 \(reference for H2 2026\)/);
    expect(e.message).toMatch(/checked through 2026-11-22/);
  });
  it('refuses the ECB reference for H2 2026 while the June 2026 decision is unverified', () => {
    expect(rateInForce(ecb, ecb.verifiedThrough, WHY)).toBe(215);
    expect(thrown(() => rateInForce(ecb, '2026-07-01', WHY)).message).toMatch(
      /ECB main refinancing operations rate on 2026-07-01/,
    );
  });
  it('refuses a date before the first change, naming where the table starts', () => {
    const e = thrown(() => rateInForce(ecb, '2023-01-01', WHY));
    expect(e.message).toMatch(/starts on 2023-06-21/);
    expect(e.message).toMatch(/Add the rate in force on 2023-01-01/);
  });
  it('reads an extended table whatever the order of its lines', () => {
    const extended: StepRateTable = {
      ...ecb,
      changes: [{ from: '2026-06-17', percent: '2.40' }, ...[...ecb.changes].reverse()],
      verifiedThrough: '2026-12-31',
    };
    expect(rateInForce(extended, '2026-07-01', WHY)).toBe(240);
    expect(rateInForce(extended, '2026-06-16', WHY)).toBe(215);
  });
});

describe('legalRateFor', () => {
  it('reads both categories of the half-year containing the date', () => {
    expect(legalRateFor(legal, '2026-01-01', 'otherCases')).toBe(262);
    expect(legalRateFor(legal, '2026-06-30', 'individuals')).toBe(667);
    expect(legalRateFor(legal, '2024-07-01', 'otherCases')).toBe(492);
    expect(legalRateFor(legal, '2023-07-01', 'otherCases')).toBe(422);
  });
  it('puts the contractual floor at 3 × 2.62 = 7.86 % in H1 2026', () => {
    expect(formatRatePercent(3 * legalRateFor(legal, '2026-03-15', 'otherCases'))).toBe('7.86');
  });
  it('refuses H2 2026 (not published in the appendix), naming the half-year and both figures to add', () => {
    const e = thrown(() => legalRateFor(legal, '2026-07-01', 'otherCases'));
    expect(e.figure).toBe('2026-H2');
    expect(e.message).toMatch(/taux de l'intérêt légal for H2 2026 is unknown/);
    expect(e.message).toMatch(/"particuliers" and "autres cas"/);
  });
  it('refuses a half-year before the table, and a listed half-year beyond verifiedThrough', () => {
    expect(thrown(() => legalRateFor(legal, '2023-06-30', 'otherCases')).figure).toBe('2023-H1');
    const early = { ...legal, verifiedThrough: '2025-12-31' };
    expect(thrown(() => legalRateFor(early, '2026-01-01', 'otherCases')).figure).toBe('2026-H1');
  });
});

describe('checkRateTables', () => {
  it('finds nothing wrong with the default tables', () => {
    expect(checkRateTables(DEFAULT_RATE_TABLES)).toEqual([]);
  });
  it('reports bad dates, duplicate changes, bad percents and malformed half-years', () => {
    const problems = checkRateTables({
      ecbMainRefinancing: { ...ecb, changes: [...ecb.changes, { from: '2025-06-11', percent: '2.15' }] },
      boeBaseRate: { ...boe, changes: [{ from: '2025-02-30', percent: '4,50' }], verifiedThrough: 'soon' },
      frLegalRate: { ...legal, halfYears: [{ halfYear: '2026-S2', individuals: '6.67', otherCases: 'x' }] },
    });
    expect(problems).toEqual([
      'ECB main refinancing operations rate: two changes on 2025-06-11',
      'Bank of England base rate: verifiedThrough is not a date',
      'Bank of England base rate: "2025-02-30" is not a date',
      'Bank of England base rate: bad percent "4,50"',
      `French taux de l'intérêt légal: bad half-year "2026-S2"`,
      `French taux de l'intérêt légal 2026-S2: bad percent "x"`,
    ]);
  });
});
