import { ValidationError } from '../errors';
import { JURISDICTIONS } from '../invoice/fields';
import { currencyDigits, divideHalfUp, toDecimal } from '../money';
import { addDays, daysBetween, halfYearEnd, halfYearOf, isIsoDate } from './dates';
import {
  checkRateTables,
  DEFAULT_RATE_TABLES,
  formatRatePercent,
  tryParseRatePercent,
  type RateTables,
} from './rates';
import type { MissingFigure } from './reference-rates';
import { planFor } from './rules';
import type { PenaltyBreakdown, PenaltyInput, PenaltyPeriod } from './types';

// Days/365 in every year, leap years included: the usual practice for L441-10 penalties and the
// UK statutory daily rate. Rates are basis points, hence 100 (percent) × 100 (bp) × 365.
const YEAR_DIVISOR = 100n * 100n * 365n;

/**
 * Late-payment interest and fixed recovery fee on one invoice (docs/penalties.md). Simple interest, never
 * compounded, rounded half-up once per period; the fixed fee is counted once. Pure: `asOf` and the
 * rate tables are arguments.
 */
export function computePenalties(input: PenaltyInput): PenaltyBreakdown {
  const tables = input.tables ?? DEFAULT_RATE_TABLES;
  validate(input, tables);
  const { principal, dueDate, asOf } = input;
  const plan = planFor(input, tables);

  const late = asOf > dueDate;
  const periods: PenaltyPeriod[] = [];
  if (late && plan.anchor !== null && plan.anchor < asOf) {
    let from = addDays(plan.anchor, 1);
    while (from <= asOf) {
      const halfEnd = halfYearEnd(halfYearOf(from));
      const to = plan.splitByHalfYear && halfEnd < asOf ? halfEnd : asOf;
      const rate = plan.rateFor(from);
      const days = daysBetween(from, to) + 1;
      const interestMinor = divideHalfUp(
        BigInt(principal.minor) * BigInt(rate.bp) * BigInt(days),
        YEAR_DIVISOR,
      );
      periods.push({
        from,
        to,
        days,
        ratePercent: formatRatePercent(rate.bp),
        basis: rate.basis,
        referenceRatePercent: rate.referenceBp === null ? null : formatRatePercent(rate.referenceBp),
        referenceDate: rate.referenceDate,
        interest: toDecimal({ currency: principal.currency, minor: interestMinor }),
        interestMinor,
        provisional: rate.missing !== null,
        missingFigure: rate.missing,
      });
      from = addDays(to, 1);
    }
  }

  const missingFigures = [
    ...new Map(
      periods.flatMap((p) => (p.missingFigure ? [[p.missingFigure.id, p.missingFigure]] : [])),
    ).values(),
  ];
  // Read after the loop: a rate lookup may add a note (e.g. the FR contractual floor).
  const notes = late
    ? [...plan.notes, ...missingFigures.map(provisionalNote)]
    : [`Not late on ${asOf}: payment was due ${dueDate}, so no penalty yet.`];
  const interestMinor = periods.reduce((sum, p) => sum + p.interestMinor, 0);
  const fixedFeeMinor = late ? plan.fixedFeeMinor : 0;
  const totalMinor = interestMinor + fixedFeeMinor;
  const dec = (minor: number) => toDecimal({ currency: principal.currency, minor });
  return {
    jurisdiction: input.jurisdiction,
    clientType: input.clientType,
    dueDate,
    asOf,
    currency: principal.currency,
    principal: dec(principal.minor),
    principalMinor: principal.minor,
    periods,
    interest: dec(interestMinor),
    interestMinor,
    fixedFee: dec(fixedFeeMinor),
    fixedFeeMinor,
    total: dec(totalMinor),
    totalMinor,
    notes,
    provisional: missingFigures.length > 0,
    missingFigures,
  };
}

/** For the creditor reading the breakdown: no operator instructions, just what it means. */
function provisionalNote(f: MissingFigure): string {
  return (
    `Provisional: the ${f.label} is not loaded yet, so the last published rate known ` +
    `(${f.lastKnown.percent} % from ${f.lastKnown.effectiveFrom}) is used; the total is subject to adjustment.`
  );
}

function validate(input: PenaltyInput, tables: RateTables): void {
  const issues: { path: (string | number)[]; message: string }[] = [];
  const { principal } = input;
  try {
    currencyDigits(principal.currency);
  } catch (e) {
    issues.push({ path: ['principal', 'currency'], message: (e as Error).message });
  }
  if (!Number.isSafeInteger(principal.minor) || principal.minor < 0) {
    issues.push({
      path: ['principal', 'minor'],
      message: 'must be a non-negative integer number of minor units',
    });
  }
  for (const key of ['dueDate', 'asOf', 'formalNoticeDate'] as const) {
    const value = input[key];
    if (value !== undefined && !isIsoDate(value))
      issues.push({ path: [key], message: `"${value}" is not a date like "2026-01-31"` });
  }
  if (!(JURISDICTIONS as readonly string[]).includes(input.jurisdiction))
    issues.push({ path: ['jurisdiction'], message: 'must be FR, EU or GB' });
  if (!['business', 'consumer'].includes(input.clientType)) {
    issues.push({ path: ['clientType'], message: 'must be business or consumer' });
  }
  const rate = input.contractualRatePercent;
  if (rate !== undefined && tryParseRatePercent(rate) === null) {
    issues.push({
      path: ['contractualRatePercent'],
      message: `"${rate}" is not an annual percent like "12.00" (at most 2 decimals)`,
    });
  }
  for (const problem of checkRateTables(tables)) issues.push({ path: ['tables'], message: problem });
  if (issues.length > 0) throw new ValidationError(issues);
}
