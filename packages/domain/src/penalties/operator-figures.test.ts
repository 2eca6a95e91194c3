import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors';
import { operatorFigureProblems, rateTableStatus, withOperatorFigures } from './operator-figures';
import { checkRateTables, DEFAULT_RATE_TABLES, RATE_TABLE_IDS } from './rates';
import { legalRateFor, rateInForce } from './reference-rates';

const WHY = 'test';

describe('operatorFigureProblems', () => {
  it('accepts each table with a date and a percent of at most two decimals between 0 and 100', () => {
    for (const figure of [
      { table: 'ecb', effectiveFrom: '2026-06-11', percent: '2.15' },
      { table: 'boe', effectiveFrom: '2026-06-30', percent: '0' },
      { table: 'fr-legal-other', effectiveFrom: '2026-07-01', percent: '2.6' },
      { table: 'fr-legal-individuals', effectiveFrom: '2027-01-01', percent: '100.00' },
    ])
      expect(operatorFigureProblems(figure)).toEqual([]);
  });
  it('names every bad field: unknown table, non-date, percent with 3 decimals, over 100 or negative', () => {
    expect(operatorFigureProblems({ table: 'fed', effectiveFrom: '2026-02-30', percent: '2.155' })).toEqual([
      { path: ['table'], message: 'must be one of ecb, boe, fr-legal-other, fr-legal-individuals' },
      { path: ['effectiveFrom'], message: '"2026-02-30" is not a date like 2026-07-01' },
      {
        path: ['percent'],
        message: '"2.155" is not an annual percent between 0 and 100 with at most 2 decimals, like "2.15"',
      },
    ]);
    for (const percent of ['100.01', '-1', '2,15', '', '1e2'])
      expect(operatorFigureProblems({ table: 'ecb', effectiveFrom: '2026-07-01', percent })).toHaveLength(1);
  });
  it('asks for the first day of a half-year for the taux légal', () => {
    expect(
      operatorFigureProblems({ table: 'fr-legal-other', effectiveFrom: '2026-07-02', percent: '2.60' }),
    ).toEqual([
      {
        path: ['effectiveFrom'],
        message:
          "the taux légal is set per half-year: give the half-year's first day, 2026-01-01 or 2026-07-01",
      },
    ]);
  });
});

describe('withOperatorFigures', () => {
  const { ecbMainRefinancing: ecb, boeBaseRate: boe, frLegalRate: legal } = DEFAULT_RATE_TABLES;

  it('returns the defaults untouched without figures', () => {
    expect(withOperatorFigures(DEFAULT_RATE_TABLES, [])).toEqual(DEFAULT_RATE_TABLES);
  });
  it('confirms the ECB rate on the day of the figure, and only that day', () => {
    const t = withOperatorFigures(DEFAULT_RATE_TABLES, [
      { table: 'ecb', effectiveFrom: '2026-07-01', percent: '2.15' },
    ]);
    expect(rateInForce(t.ecbMainRefinancing, '2026-07-01', WHY)).toEqual({ bp: 215, missing: null });
    expect(rateInForce(t.ecbMainRefinancing, '2027-01-01', WHY).missing?.id).toBe('ecb:2027-01-01');
    expect(t.ecbMainRefinancing.verifiedThrough).toBe(ecb.verifiedThrough);
    expect(t.boeBaseRate).toBe(boe);
  });
  it('records a change: the new rate from its day on, still provisional for a later reference day', () => {
    const t = withOperatorFigures(DEFAULT_RATE_TABLES, [
      { table: 'ecb', effectiveFrom: '2026-06-17', percent: '2.40' },
    ]);
    expect(rateInForce(t.ecbMainRefinancing, '2026-06-17', WHY)).toEqual({ bp: 240, missing: null });
    // 1 July itself was not confirmed (another change may have followed): 2.40 is used, provisionally.
    expect(rateInForce(t.ecbMainRefinancing, '2026-07-01', WHY)).toMatchObject({
      bp: 240,
      missing: { id: 'ecb:2026-07-01', lastKnown: { effectiveFrom: '2026-06-17', percent: '2.40' } },
    });
  });
  it('replaces a shipped line of the same day (a correction) without a duplicate', () => {
    const t = withOperatorFigures(DEFAULT_RATE_TABLES, [
      { table: 'boe', effectiveFrom: '2025-05-08', percent: '4.30' },
    ]);
    expect(t.boeBaseRate.changes.filter((c) => c.from === '2025-05-08')).toEqual([
      { from: '2025-05-08', percent: '4.30' },
    ]);
    expect(t.boeBaseRate.confirmed).toEqual([]);
    expect(checkRateTables(t)).toEqual([]);
  });
  it('fills a taux légal half-year category by category, and moves verifiedThrough over half-years now listed', () => {
    const t = withOperatorFigures(DEFAULT_RATE_TABLES, [
      { table: 'fr-legal-other', effectiveFrom: '2026-07-01', percent: '2.60' },
    ]);
    expect(legalRateFor(t.frLegalRate, '2026-09-01', 'otherCases')).toEqual({ bp: 260, missing: null });
    expect(legalRateFor(t.frLegalRate, '2026-09-01', 'individuals').missing?.id).toBe(
      'fr-legal-individuals:2026-H2',
    );
    expect(t.frLegalRate.verifiedThrough).toBe('2026-12-31');
    const both = withOperatorFigures(t, [
      { table: 'fr-legal-individuals', effectiveFrom: '2026-07-01', percent: '6.70' },
    ]);
    expect(both.frLegalRate.halfYears.at(-1)).toEqual({
      halfYear: '2026-H2',
      otherCases: '2.60',
      individuals: '6.70',
    });
    expect(checkRateTables(both)).toEqual([]);
  });
  it('leaves a skipped half-year visible: adding 2027-H1 alone does not vouch for 2026-H2', () => {
    const t = withOperatorFigures(DEFAULT_RATE_TABLES, [
      { table: 'fr-legal-other', effectiveFrom: '2027-01-01', percent: '2.50' },
    ]);
    expect(t.frLegalRate.verifiedThrough).toBe('2027-06-30');
    expect(legalRateFor(t.frLegalRate, '2027-02-01', 'otherCases')).toEqual({ bp: 250, missing: null });
    expect(legalRateFor(t.frLegalRate, '2026-08-01', 'otherCases')).toMatchObject({
      bp: 262,
      missing: { id: 'fr-legal-other:2026-H2', lastKnown: { effectiveFrom: '2026-01-01' } },
    });
    expect(legal.verifiedThrough).toBe('2026-06-30');
  });
  it('refuses an invalid figure with its index and field', () => {
    const bad = () =>
      withOperatorFigures(DEFAULT_RATE_TABLES, [
        { table: 'ecb', effectiveFrom: '2026-07-01', percent: '2.15' },
        { table: 'ecb', effectiveFrom: '2026-07-01', percent: '200' },
      ]);
    expect(bad).toThrow(ValidationError);
    expect(bad).toThrow(/figures\.1\.percent/);
  });
  it('always composes into valid tables, whatever the figures and their order', () => {
    const figure = fc.record({
      table: fc.constantFrom(...RATE_TABLE_IDS),
      day: fc.integer({ min: 0, max: 2000 }),
      bp: fc.integer({ min: 0, max: 10_000 }),
    });
    fc.assert(
      fc.property(fc.array(figure, { maxLength: 12 }), (raw) => {
        const figures = raw.map(({ table, day, bp }) => {
          const date = new Date(Date.UTC(2024, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
          const effectiveFrom = table.startsWith('fr-legal-') ? `${date.slice(0, 4)}-07-01` : date;
          return {
            table,
            effectiveFrom,
            percent: `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}`,
          };
        });
        const t = withOperatorFigures(DEFAULT_RATE_TABLES, figures);
        expect(checkRateTables(t)).toEqual([]);
        // Every figure reads back as given on its own day, the last one given winning.
        const last = new Map(figures.map((f) => [`${f.table}:${f.effectiveFrom}`, f.percent]));
        for (const [key, percent] of last) {
          const [table, day] = [key.slice(0, key.lastIndexOf(':')), key.slice(key.lastIndexOf(':') + 1)];
          const reading =
            table === 'ecb'
              ? rateInForce(t.ecbMainRefinancing, day, WHY)
              : table === 'boe'
                ? rateInForce(t.boeBaseRate, day, WHY)
                : legalRateFor(t.frLegalRate, day, table === 'fr-legal-other' ? 'otherCases' : 'individuals');
          expect(reading.bp).toBe(Math.round(Number(percent) * 100));
          if (table === 'ecb' || table === 'boe') expect(reading.missing).toBeNull();
        }
      }),
    );
  });
});

describe('rateTableStatus', () => {
  it('lists the four tables with their latest figure and how far they are verified', () => {
    expect(rateTableStatus(DEFAULT_RATE_TABLES)).toEqual([
      expect.objectContaining({
        table: 'ecb',
        latest: { effectiveFrom: '2025-06-11', percent: '2.15' },
        verifiedThrough: '2026-02-05',
      }),
      expect.objectContaining({ table: 'boe', latest: { effectiveFrom: '2025-12-18', percent: '3.75' } }),
      expect.objectContaining({
        table: 'fr-legal-other',
        latest: { effectiveFrom: '2026-01-01', percent: '2.62' },
      }),
      expect.objectContaining({
        table: 'fr-legal-individuals',
        latest: { effectiveFrom: '2026-01-01', percent: '6.67' },
      }),
    ]);
  });
});
