import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, dayNumber, fromDayNumber } from './dates';
import { withOperatorFigures, type OperatorRateFigure } from './operator-figures';
import { computePenalties } from './penalties';
import { DEFAULT_RATE_TABLES, type RateTables } from './rates';
import type { PenaltyBreakdown, PenaltyInput } from './types';

// Property tests over every rule set, from the first half-year the default tables cover (2023-H2)
// to the end of 2027: from H2 2026 on, the figures are not loaded and the periods are provisional.

type Rules = Pick<PenaltyInput, 'jurisdiction' | 'clientType' | 'contractualRatePercent'> & {
  currency: string;
  /** FR consumer: the mise en demeure this many days after the due date. */
  noticeAfterDue?: number;
};

/** Rules whose rate depends only on the calendar day, so a delay can be cut in two anywhere. */
const DAY_BASED: Rules[] = [
  { jurisdiction: 'FR', clientType: 'business', currency: 'EUR' },
  { jurisdiction: 'FR', clientType: 'business', currency: 'EUR', contractualRatePercent: '12.00' },
  { jurisdiction: 'FR', clientType: 'business', currency: 'EUR', contractualRatePercent: '5.00' },
  { jurisdiction: 'EU', clientType: 'business', currency: 'EUR' },
  { jurisdiction: 'EU', clientType: 'business', currency: 'EUR', contractualRatePercent: '9.50' },
];
const ALL: Rules[] = [
  ...DAY_BASED,
  { jurisdiction: 'FR', clientType: 'consumer', currency: 'EUR', noticeAfterDue: 30 },
  { jurisdiction: 'FR', clientType: 'consumer', currency: 'EUR' },
  { jurisdiction: 'GB', clientType: 'business', currency: 'GBP' },
  { jurisdiction: 'GB', clientType: 'business', currency: 'GBP', contractualRatePercent: '10.00' },
  { jurisdiction: 'EU', clientType: 'consumer', currency: 'EUR' },
];

const FIRST = dayNumber('2023-07-01');
const LAST = dayNumber('2027-12-31');
const principalMinor = fc.integer({ min: 0, max: 10_000_000_000 });
/** `n` distinct sorted dates in the covered range. */
const sortedDates = (n: number) =>
  fc
    .uniqueArray(fc.integer({ min: FIRST, max: LAST }), { minLength: n, maxLength: n })
    .map((days) => days.sort((a, b) => a - b).map(fromDayNumber));

function run(
  rules: Rules,
  minor: number,
  dueDate: string,
  asOf: string,
  tables?: RateTables,
): PenaltyBreakdown {
  const { currency, noticeAfterDue, ...rest } = rules;
  return computePenalties({
    ...rest,
    principal: { currency, minor },
    dueDate,
    asOf,
    formalNoticeDate: noticeAfterDue === undefined ? undefined : addDays(dueDate, noticeAfterDue),
    tables,
  });
}

/** The figures an operator would add to confirm exactly the rates the provisional breakdown used. */
function lastKnownAsFigures(r: PenaltyBreakdown): OperatorRateFigure[] {
  return r.missingFigures.map((f) => ({
    table: f.table,
    effectiveFrom: f.referenceDate,
    percent: f.lastKnown.percent,
  }));
}

/** A breakdown without its provisional marks, to compare amounts and rates. */
function figures(r: PenaltyBreakdown) {
  return {
    periods: r.periods.map(({ provisional: _p, missingFigure: _m, ...period }) => period),
    interestMinor: r.interestMinor,
    fixedFeeMinor: r.fixedFeeMinor,
    totalMinor: r.totalMinor,
  };
}

function expectedFee(rules: Rules, minor: number): number {
  if (rules.clientType === 'consumer') return 0;
  if (rules.jurisdiction !== 'GB') return 4000;
  if (rules.contractualRatePercent !== undefined) return 0;
  return minor < 100_000 ? 4000 : minor < 1_000_000 ? 7000 : 10_000;
}

describe('computePenalties — properties', () => {
  it('is additive over a cut of the delay, within one minor unit of rounding per period', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DAY_BASED),
        principalMinor,
        sortedDates(3),
        (rules, minor, [due, cut, end]) => {
          const whole = run(rules, minor, due!, end!);
          const before = run(rules, minor, due!, cut!);
          const after = run(rules, minor, cut!, end!); // interest over (cut, end]
          const drift = Math.abs(whole.interestMinor - before.interestMinor - after.interestMinor);
          expect(drift).toBeLessThanOrEqual(before.periods.length + after.periods.length);
        },
      ),
    );
  });

  it('never decreases as asOf moves later', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ALL),
        principalMinor,
        sortedDates(3),
        (rules, minor, [due, early, later]) => {
          const a = run(rules, minor, due!, early!);
          const b = run(rules, minor, due!, later!);
          expect(b.interestMinor).toBeGreaterThanOrEqual(a.interestMinor);
          expect(b.totalMinor).toBeGreaterThanOrEqual(a.totalMinor);
        },
      ),
    );
  });

  it('is never negative, and its periods tile the delay day by day up to asOf', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ALL), principalMinor, sortedDates(2), (rules, minor, [due, asOf]) => {
        const r = run(rules, minor, due!, asOf!);
        expect(r.interestMinor).toBeGreaterThanOrEqual(0);
        expect(r.interestMinor).toBe(r.periods.reduce((s, p) => s + p.interestMinor, 0));
        r.periods.forEach((p, i) => {
          expect(p.interestMinor).toBeGreaterThanOrEqual(0);
          expect(p.days).toBe(dayNumber(p.to) - dayNumber(p.from) + 1);
          if (i > 0) expect(p.from).toBe(addDays(r.periods[i - 1]!.to, 1));
        });
        if (r.periods.length > 0) expect(r.periods.at(-1)!.to).toBe(asOf);
        // A business debt accrues from the day after the due date (due < asOf here, so it is late).
        if (rules.clientType === 'business') expect(r.periods[0]?.from).toBe(addDays(due!, 1));
      }),
    );
  });

  it('counts the fixed fee once, whatever the length of the delay or the number of periods', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ALL), principalMinor, sortedDates(2), (rules, minor, [due, asOf]) => {
        const r = run(rules, minor, due!, asOf!);
        expect(r.fixedFeeMinor).toBe(expectedFee(rules, minor));
        expect(r.totalMinor).toBe(r.interestMinor + r.fixedFeeMinor);
        expect(run(rules, minor, due!, addDays(due!, 1)).fixedFeeMinor).toBe(r.fixedFeeMinor);
      }),
    );
  });

  it('is simple interest: doubling the principal doubles the interest, within rounding', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ALL), principalMinor, sortedDates(2), (rules, minor, [due, asOf]) => {
        const single = run(rules, minor, due!, asOf!);
        const double = run(rules, 2 * minor, due!, asOf!);
        expect(Math.abs(double.interestMinor - 2 * single.interestMinor)).toBeLessThanOrEqual(
          single.periods.length,
        );
      }),
    );
  });

  it('never blocks and never charges a silent zero: a late business debt always has a positive rate', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ALL), principalMinor, sortedDates(2), (rules, minor, [due, asOf]) => {
        const r = run(rules, minor, due!, asOf!);
        for (const p of r.periods) expect(Number(p.ratePercent)).toBeGreaterThan(0);
        expect(r.provisional).toBe(r.periods.some((p) => p.provisional));
        expect(r.missingFigures.map((f) => f.id)).toEqual([
          ...new Set(r.periods.flatMap((p) => (p.missingFigure ? [p.missingFigure.id] : []))),
        ]);
      }),
    );
  });
});

describe('computePenalties — provisional figures', () => {
  it('equals the breakdown computed with the last known figures added explicitly, which is final', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ALL), principalMinor, sortedDates(2), (rules, minor, [due, asOf]) => {
        const provisional = run(rules, minor, due!, asOf!);
        const tables = withOperatorFigures(DEFAULT_RATE_TABLES, lastKnownAsFigures(provisional));
        const confirmed = run(rules, minor, due!, asOf!, tables);
        expect(figures(confirmed)).toEqual(figures(provisional));
        expect(confirmed.provisional).toBe(false);
        expect(confirmed.missingFigures).toEqual([]);
        expect(confirmed.periods.every((p) => !p.provisional && p.missingFigure === null)).toBe(true);
      }),
    );
  });

  it('flips only the periods whose figure was added: adding one figure leaves the others provisional', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ALL),
        principalMinor,
        sortedDates(2),
        fc.nat(),
        (rules, minor, [due, asOf], pick) => {
          const before = run(rules, minor, due!, asOf!);
          fc.pre(before.missingFigures.length > 0);
          const added = before.missingFigures[pick % before.missingFigures.length]!;
          const tables = withOperatorFigures(DEFAULT_RATE_TABLES, [
            { table: added.table, effectiveFrom: added.referenceDate, percent: added.lastKnown.percent },
          ]);
          const after = run(rules, minor, due!, asOf!, tables);
          expect(after.missingFigures.map((f) => f.id)).toEqual(
            before.missingFigures.filter((f) => f.id !== added.id).map((f) => f.id),
          );
          after.periods.forEach((p, i) =>
            expect(p.provisional).toBe(
              before.periods[i]!.provisional && before.periods[i]!.missingFigure?.id !== added.id,
            ),
          );
        },
      ),
    );
  });
});
