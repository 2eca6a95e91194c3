// The default import bundles the holiday data (no fs at runtime), so this works in the Temporal sandbox.
import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import { DomainError } from '../errors';

export interface PublicHoliday {
  /** 'YYYY-MM-DD' */
  date: string;
  /** Name in the country's language, as date-holidays gives it. */
  name: string;
}

// Building a Holidays instance parses its rules; do it once per calendar (and each year once).
const calendars = new Map<string, Holidays>();
const yearCache = new Map<string, { list: PublicHoliday[]; dates: Set<string> }>();
let countryCodes: Holidays | undefined;

function split(code: string): [string, string | undefined] {
  const [country = '', state] = code.split('-', 2);
  return [country, state];
}

/**
 * Whether date-holidays knows this calendar: an ISO 3166 country ("FR", "GB") or a country and
 * one of its subdivisions ("GB-ENG" has the August bank holiday that UK-wide "GB" lacks, "FR-67").
 */
export function isHolidayCalendar(code: string): boolean {
  if (!/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/.test(code)) return false;
  countryCodes ??= new Holidays();
  const [country, state] = split(code);
  if (!Object.hasOwn(countryCodes.getCountries(), country)) return false;
  return state === undefined || Object.hasOwn(countryCodes.getStates(country) ?? {}, state);
}

function calendar(code: string): Holidays {
  let hd = calendars.get(code);
  if (!hd) {
    if (!isHolidayCalendar(code)) {
      throw new DomainError(
        'calendar.unknown_holidays',
        `unknown holiday calendar "${code}" (expected e.g. "FR", "GB-ENG")`,
      );
    }
    const [country, state] = split(code);
    hd = state ? new Holidays(country, state) : new Holidays(country);
    calendars.set(code, hd);
  }
  return hd;
}

function holidaysOf(year: number, code: string): { list: PublicHoliday[]; dates: Set<string> } {
  const key = `${code}:${year}`;
  let entry = yearCache.get(key);
  if (!entry) {
    // Only days off by law count: 'bank', 'observance' etc. are working days (e.g. Pentecost Sunday is
    // a Sunday anyway, Mother's Day is not a day off).
    const list = calendar(code)
      .getHolidays(year)
      .filter((h) => h.type === 'public')
      .map((h) => ({ date: h.date.slice(0, 10), name: h.name }))
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    entry = { list, dates: new Set(list.map((h) => h.date)) };
    yearCache.set(key, entry);
  }
  return entry;
}

/** The public holidays of a calendar for one year, in date order. */
export function publicHolidays(year: number, country: string): PublicHoliday[] {
  if (!Number.isInteger(year) || year < 1970 || year > 2200) {
    throw new DomainError('calendar.invalid_year', `year ${year} is out of range`);
  }
  return holidaysOf(year, country).list.map((h) => ({ ...h }));
}

function parseDate(date: string): DateTime {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(date) ? DateTime.fromISO(date, { zone: 'utc' }) : undefined;
  if (!d?.isValid)
    throw new DomainError('calendar.invalid_date', `"${date}" is not a date like "2026-04-30"`);
  return d;
}

// Checked up front so an unknown calendar fails on a weekend too, not only on weekdays.
function checkCalendar(holidays: string | undefined): void {
  if (holidays !== undefined) calendar(holidays);
}

function isOpen(d: DateTime, holidays: string | undefined): boolean {
  // luxon weekdays: 1 = Monday … 7 = Sunday. Saturday and Sunday are days off everywhere we serve.
  if (d.weekday >= 6) return false;
  return holidays === undefined || !holidaysOf(d.year, holidays).dates.has(d.toISODate() as string);
}

/** A weekday that is not a public holiday of `holidays` (no holidays given: any weekday). */
export function isBusinessDay(date: string, holidays?: string): boolean {
  checkCalendar(holidays);
  return isOpen(parseDate(date), holidays);
}

// No real calendar has weeks of consecutive days off; this only stops a runaway loop.
const MAX_SCAN = 400;

function step(d: DateTime, direction: 1 | -1, holidays: string | undefined): DateTime {
  let next = d;
  for (let i = 0; i < MAX_SCAN; i++) {
    next = next.plus({ days: direction });
    if (isOpen(next, holidays)) return next;
  }
  throw new DomainError(
    'calendar.no_business_day',
    `no business day within ${MAX_SCAN} days of ${d.toISODate()}`,
  );
}

/**
 * Moves n business days forward (n < 0: backward) from `date`, which itself need not be one.
 * n = 0 returns `date` unchanged.
 */
export function addBusinessDays(date: string, n: number, holidays?: string): string {
  if (!Number.isInteger(n))
    throw new DomainError('calendar.invalid_count', `${n} is not a whole number of days`);
  checkCalendar(holidays);
  let d = parseDate(date);
  for (let i = 0; i < Math.abs(n); i++) d = step(d, n > 0 ? 1 : -1, holidays);
  return d.toISODate() as string;
}

/** The first business day strictly after `date` (the day after a Friday is the Monday). */
export function nextBusinessDay(date: string, holidays?: string): string {
  return addBusinessDays(date, 1, holidays);
}

/** `date` itself when it is a business day, otherwise the next one. */
export function businessDayOnOrAfter(date: string, holidays?: string): string {
  return isBusinessDay(date, holidays) ? date : nextBusinessDay(date, holidays);
}
