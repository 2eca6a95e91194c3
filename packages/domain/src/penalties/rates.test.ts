import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkRateTables,
  DEFAULT_RATE_TABLES,
  formatRatePercent,
  parseRatePercent,
  RateUnknownError,
  tryParseRatePercent,
  type StepRateTable,
} from './rates';
import { figureLabel, legalRateFor, parseFigureId, rateInForce } from './reference-rates';

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
  const bp = (table: StepRateTable, date: string) => rateInForce(table, date, WHY).bp;
  it('switches to a new rate on its effective date, not the day before', () => {
    expect(bp(ecb, '2024-06-11')).toBe(450);
    expect(bp(ecb, '2024-06-12')).toBe(425);
    expect(bp(boe, '2024-07-31')).toBe(525);
    expect(bp(boe, '2024-08-01')).toBe(500);
  });
  it('gives the appendix L441-10 reference rates on 1 January and 1 July (14.50, 14.25, 13.15, 12.15, 12.15 with +10)', () => {
    const refs = ['2024-01-01', '2024-07-01', '2025-01-01', '2025-07-01', '2026-01-01'];
    expect(refs.map((d) => bp(ecb, d) + 1000)).toEqual([1450, 1425, 1315, 1215, 1215]);
  });
  it('gives the appendix BoE reference for debts starting in H1 2026: 3.75 % on 2025-12-31', () => {
    expect(bp(boe, '2025-12-31')).toBe(375);
  });
  it('covers every reference date needed from 2024 on, back to 2023-07-01', () => {
    expect(bp(ecb, '2023-07-01')).toBe(400);
    expect(bp(boe, '2023-06-30')).toBe(500);
    expect(bp(boe, '2023-12-31')).toBe(525);
  });
  it('vouches for verifiedThrough itself; from the day after, uses the last known rate and names the figure to add', () => {
    expect(rateInForce(boe, '2026-11-22', WHY)).toEqual({ bp: 375, missing: null });
    const r = rateInForce(boe, '2026-11-23', 'reference for H2 2026');
    expect(r.bp).toBe(375);
    expect(r.missing).toMatchObject({
      id: 'boe:2026-11-23',
      table: 'boe',
      referenceDate: '2026-11-23',
      halfYear: null,
      lastKnown: { effectiveFrom: '2025-12-18', percent: '3.75' },
      label: 'Bank of England base rate on 2026-11-23',
    });
    expect(r.missing?.message).toMatch(/Bank of England base rate on 2026-11-23 \(reference for H2 2026\)/);
    expect(r.missing?.message).toMatch(/checked through 2026-11-22/);
    expect(r.missing?.message).toMatch(/rates add boe 2026-11-23 <percent>/);
  });
  it('reads the H2 2026 ECB reference provisionally (2.15 %) while the June 2026 decision is unverified', () => {
    expect(rateInForce(ecb, ecb.verifiedThrough, WHY).missing).toBeNull();
    const r = rateInForce(ecb, '2026-07-01', WHY);
    expect(r.bp).toBe(215);
    expect(r.missing).toMatchObject({ id: 'ecb:2026-07-01', lastKnown: { effectiveFrom: '2025-06-11' } });
    expect(r.missing?.message).toMatch(/ECB main refinancing operations rate on 2026-07-01/);
  });
  it('treats a day an operator confirmed as known, and only that day', () => {
    const confirmed: StepRateTable = { ...ecb, confirmed: ['2026-07-01'] };
    expect(rateInForce(confirmed, '2026-07-01', WHY).missing).toBeNull();
    expect(rateInForce(confirmed, '2026-06-30', WHY).missing?.id).toBe('ecb:2026-06-30');
    expect(rateInForce(confirmed, '2027-01-01', WHY).missing?.id).toBe('ecb:2027-01-01');
  });
  it('refuses a date before the first change, naming where the table starts: there is nothing to fall back on', () => {
    const e = thrown(() => rateInForce(ecb, '2023-01-01', WHY));
    expect(e.code).toBe('penalties.rate_unknown');
    expect(e.figure).toBe('2023-01-01');
    expect(e.message).toMatch(/starts on 2023-06-21/);
    expect(e.message).toMatch(/Add the rate in force on 2023-01-01/);
  });
  it('reads an extended table whatever the order of its lines', () => {
    const extended: StepRateTable = {
      ...ecb,
      changes: [{ from: '2026-06-17', percent: '2.40' }, ...[...ecb.changes].reverse()],
      verifiedThrough: '2026-12-31',
    };
    expect(rateInForce(extended, '2026-07-01', WHY)).toEqual({ bp: 240, missing: null });
    expect(bp(extended, '2026-06-16')).toBe(215);
  });
});

describe('legalRateFor', () => {
  const bp = (date: string, category: 'otherCases' | 'individuals') => legalRateFor(legal, date, category).bp;
  it('reads both categories of the half-year containing the date', () => {
    expect(bp('2026-01-01', 'otherCases')).toBe(262);
    expect(bp('2026-06-30', 'individuals')).toBe(667);
    expect(bp('2024-07-01', 'otherCases')).toBe(492);
    expect(bp('2023-07-01', 'otherCases')).toBe(422);
    expect(legalRateFor(legal, '2026-03-15', 'otherCases').missing).toBeNull();
  });
  it('puts the contractual floor at 3 × 2.62 = 7.86 % in H1 2026', () => {
    expect(formatRatePercent(3 * bp('2026-03-15', 'otherCases'))).toBe('7.86');
  });
  it('reads H2 2026 (not published in the appendix) provisionally with the H1 2026 figure, naming the half-year to add', () => {
    const r = legalRateFor(legal, '2026-07-01', 'otherCases');
    expect(r.bp).toBe(262);
    expect(r.missing).toMatchObject({
      id: 'fr-legal-other:2026-H2',
      table: 'fr-legal-other',
      referenceDate: '2026-07-01',
      halfYear: '2026-H2',
      lastKnown: { effectiveFrom: '2026-01-01', percent: '2.62' },
    });
    expect(r.missing?.message).toMatch(/taux de l'intérêt légal \("autres cas"\) for H2 2026 is not loaded/);
    expect(r.missing?.message).toMatch(/rates add fr-legal-other 2026-07-01 <percent>/);
    expect(legalRateFor(legal, '2027-03-01', 'individuals')).toMatchObject({
      bp: 667,
      missing: { id: 'fr-legal-individuals:2027-H1', lastKnown: { percent: '6.67' } },
    });
  });
  it('refuses a half-year before the table; a listed half-year beyond verifiedThrough is provisional', () => {
    expect(thrown(() => legalRateFor(legal, '2023-06-30', 'otherCases')).figure).toBe('2023-H1');
    const early = { ...legal, verifiedThrough: '2025-12-31' };
    expect(legalRateFor(early, '2026-01-01', 'otherCases')).toMatchObject({
      bp: 262,
      missing: { id: 'fr-legal-other:2026-H1', lastKnown: { effectiveFrom: '2026-01-01', percent: '2.62' } },
    });
  });
  it('needs the figure of the category asked for: a half-year listing only the other one is provisional', () => {
    const partial = {
      ...legal,
      halfYears: [...legal.halfYears, { halfYear: '2026-H2', individuals: '6.80' }],
      verifiedThrough: '2026-12-31',
    };
    expect(legalRateFor(partial, '2026-08-01', 'individuals')).toEqual({ bp: 680, missing: null });
    expect(legalRateFor(partial, '2026-08-01', 'otherCases').missing?.id).toBe('fr-legal-other:2026-H2');
  });
});

describe('parseFigureId / figureLabel', () => {
  it('reads back the ids the lookups give', () => {
    expect(parseFigureId('ecb:2026-07-01')).toEqual({
      table: 'ecb',
      referenceDate: '2026-07-01',
      halfYear: null,
    });
    expect(parseFigureId('fr-legal-other:2026-H2')).toEqual({
      table: 'fr-legal-other',
      referenceDate: '2026-07-01',
      halfYear: '2026-H2',
    });
    expect(figureLabel('boe:2026-06-30')).toBe('Bank of England base rate on 2026-06-30');
    expect(figureLabel('fr-legal-individuals:2027-H1')).toBe(
      'French legal interest rate (private individuals) for 2027-H1',
    );
  });
  it('refuses anything else, and labels it as given', () => {
    for (const bad of ['ecb', 'ecb:2026-H2', 'fr-legal-other:2026-07-01', 'fed:2026-07-01', 'boe:2026-02-30'])
      expect(parseFigureId(bad)).toBeNull();
    expect(figureLabel('ECB rate on 1 July')).toBe('ECB rate on 1 July');
  });
});

describe('checkRateTables', () => {
  it('finds nothing wrong with the default tables', () => {
    expect(checkRateTables(DEFAULT_RATE_TABLES)).toEqual([]);
  });
  it('reports bad dates, duplicate changes, bad percents, malformed half-years and confirmed days', () => {
    const problems = checkRateTables({
      ecbMainRefinancing: { ...ecb, changes: [...ecb.changes, { from: '2025-06-11', percent: '2.15' }] },
      boeBaseRate: {
        ...boe,
        changes: [{ from: '2025-02-30', percent: '4,50' }],
        verifiedThrough: 'soon',
        confirmed: ['2026-13-01'],
      },
      frLegalRate: { ...legal, halfYears: [{ halfYear: '2026-S2', individuals: '6.67', otherCases: 'x' }] },
    });
    expect(problems).toEqual([
      'ECB main refinancing operations rate: two changes on 2025-06-11',
      'Bank of England base rate: verifiedThrough is not a date',
      'Bank of England base rate: "2025-02-30" is not a date',
      'Bank of England base rate: bad percent "4,50"',
      'Bank of England base rate: confirmed day "2026-13-01" is not a date',
      `French taux de l'intérêt légal: bad half-year "2026-S2"`,
      `French taux de l'intérêt légal 2026-S2: bad percent "x"`,
    ]);
  });
});
