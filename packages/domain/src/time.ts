import { DateTime, IANAZone } from 'luxon';
import { DomainError } from './errors';

/** Calendar dates are 'YYYY-MM-DD' strings; instants are ISO-8601 strings with an offset. */

function zoned(instant: string, timezone: string): DateTime {
  const dt = DateTime.fromISO(instant, { zone: timezone });
  if (!dt.isValid)
    throw new DomainError('time.invalid', `invalid instant "${instant}" or time zone "${timezone}"`);
  return dt;
}

/** The calendar date an instant falls on in a time zone. */
export function localDate(instant: string, timezone: string): string {
  return zoned(instant, timezone).toISODate() as string;
}

/** 00:00 of a calendar date in a time zone, as an ISO instant with offset. */
export function startOfLocalDay(date: string, timezone: string): string {
  const dt = DateTime.fromISO(date, { zone: timezone }).startOf('day');
  if (!dt.isValid) throw new DomainError('time.invalid', `invalid date "${date}" or time zone "${timezone}"`);
  return dt.toISO() as string;
}

export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate() as string;
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round(
    DateTime.fromISO(to, { zone: 'UTC' }).diff(DateTime.fromISO(from, { zone: 'UTC' }), 'days').days,
  );
}

export function instantMs(instant: string): number {
  return DateTime.fromISO(instant, { setZone: true }).toMillis();
}

export function isValidTimeZone(timezone: string): boolean {
  return IANAZone.isValidZone(timezone);
}
