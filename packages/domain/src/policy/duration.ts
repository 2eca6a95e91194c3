import { Duration } from 'luxon';
import { DomainError } from '../errors';

/** A step offset as signed calendar (wall-clock) and time (elapsed) components. */
export interface Offset {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const UNITS = ['years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds'] as const;

// Integer components only, optional leading sign on the whole duration, at least one component,
// and "T" only when a time component follows (P1D, -P3D, PT12H, P1Y2M3W4DT5H6M7S).
const ISO_DURATION =
  /^([+-])?P(?!$)(?:(\d{1,6})Y)?(?:(\d{1,6})M)?(?:(\d{1,6})W)?(?:(\d{1,6})D)?(?:T(?!$)(?:(\d{1,6})H)?(?:(\d{1,6})M)?(?:(\d{1,6})S)?)?$/;

/** Parses an ISO-8601 duration such as "P8D" or "-P3D"; null when it is not one. */
export function parseOffset(after: string): Offset | null {
  const m = ISO_DURATION.exec(after);
  if (!m) return null;
  const sign = m[1] === '-' ? -1 : 1;
  const offset = {} as Offset;
  UNITS.forEach((unit, i) => {
    // `+ 0` turns -0 into 0 so equal offsets compare equal.
    offset[unit] = sign * Number(m[i + 2] ?? 0) + 0;
  });
  return offset;
}

/** The step offset as a luxon Duration, negative components for negative offsets. */
export function stepOffset(after: string): Duration {
  const offset = parseOffset(after);
  if (!offset)
    throw new DomainError(
      'policy.invalid_duration',
      `"${after}" is not an ISO-8601 duration like "P8D" or "-P3D"`,
    );
  return Duration.fromObject(offset);
}

/** a − b, component-wise (what luxon adds to go from step b's time to step a's). */
export function offsetDiff(a: Offset, b: Offset): Offset {
  const diff = {} as Offset;
  for (const unit of UNITS) diff[unit] = a[unit] - b[unit] + 0;
  return diff;
}

const DAY = 86_400;
// Calendar units are added on the wall clock; a DST change makes elapsed time differ by up to an hour.
const DST_SLACK = 3_600;
// Wall-clock length of one unit in days, shortest and longest (month-end clamping included).
const DAYS: Record<'years' | 'months' | 'weeks' | 'days', [number, number]> = {
  years: [365, 366],
  months: [28, 31],
  weeks: [7, 7],
  days: [1, 1],
};

function bound(offset: Offset, which: 'min' | 'max'): number {
  let days = 0;
  for (const unit of ['years', 'months', 'weeks', 'days'] as const) {
    const [short, long] = DAYS[unit];
    const n = offset[unit];
    // A positive count is shortest with short units; a negative one with long units.
    days += n * (n >= 0 === (which === 'min') ? short : long);
  }
  const calendar = UNITS.slice(0, 4).some((u) => offset[u] !== 0);
  const slack = calendar ? (which === 'min' ? -DST_SLACK : DST_SLACK) : 0;
  return days * DAY + slack + offset.hours * 3600 + offset.minutes * 60 + offset.seconds;
}

/**
 * Shortest and longest elapsed seconds that adding `offset` can take, whatever the start instant
 * and timezone. Durations with months are not fixed lengths, so ordering must hold for all of them.
 */
export function offsetBounds(offset: Offset): { min: number; max: number } {
  return { min: bound(offset, 'min'), max: bound(offset, 'max') };
}

/** True when step `b` comes strictly after step `a` for every due date and timezone. */
export function alwaysAfter(a: Offset, b: Offset): boolean {
  return offsetBounds(offsetDiff(b, a)).min > 0;
}

/** Whether the step comes before the due date ("-P3D"); "-P0D" is not negative. */
export function isNegativeOffset(offset: Offset): boolean {
  return UNITS.some((unit) => offset[unit] < 0);
}
