import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, dayNumber, fromDayNumber } from './dates';
import { computePenalties } from './penalties';
import type { PenaltyBreakdown, PenaltyInput } from './types';

// Property tests over every rule set, on dates the default tables cover (2023-H2 to 2026-H1).

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
const LAST = dayNumber('2026-06-30');
const principalMinor = fc.integer({ min: 0, max: 10_000_000_000 });
/** `n` distinct sorted dates in the covered range. */
const sortedDates = (n: number) =>
  fc
    .uniqueArray(fc.integer({ min: FIRST, max: LAST }), { minLength: n, maxLength: n })
    .map((days) => days.sort((a, b) => a - b).map(fromDayNumber));

function run(rules: Rules, minor: number, dueDate: string, asOf: string): PenaltyBreakdown {
  const { currency, noticeAfterDue, ...rest } = rules;
  return computePenalties({
    ...rest,
    principal: { currency, minor },
    dueDate,
    asOf,
    formalNoticeDate: noticeAfterDue === undefined ? undefined : addDays(dueDate, noticeAfterDue),
  });
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
});
