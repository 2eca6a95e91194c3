// Calendar dates ('YYYY-MM-DD') as day numbers. Dates here carry no time or zone: a due date is a
// legal calendar day, so all arithmetic happens on UTC midnights where every day lasts 86 400 s.

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written 'YYYY-MM-DD' (rejects 2025-02-29, 2025-13-01, '2025-1-1'). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // Date.UTC silently rolls 02-30 into March and maps years < 100 to 19xx: a round trip catches both.
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

/** Days since 1970-01-01. The caller validates first; a bad date here is a programming error. */
export function dayNumber(date: string): number {
  if (!isIsoDate(date)) throw new RangeError(`not a calendar date: "${date}"`);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

export function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(dayNumber(date) + days);
}

/** `to - from` in days: 2024-12-20 → 2025-01-19 is 30. */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** A calendar half-year: H1 = January–June, H2 = July–December. */
export interface HalfYear {
  readonly year: number;
  readonly half: 1 | 2;
}

export function halfYearOf(date: string): HalfYear {
  return { year: Number(date.slice(0, 4)), half: Number(date.slice(5, 7)) <= 6 ? 1 : 2 };
}

/** '2026-H1', the key of the French legal-rate table and the label used in messages. */
export function halfYearLabel(h: HalfYear): string {
  return `${h.year}-H${h.half}`;
}

/** 'H1 2026', for messages. */
export function halfYearName(h: HalfYear): string {
  return `H${h.half} ${h.year}`;
}

export function halfYearStart(h: HalfYear): string {
  return `${String(h.year).padStart(4, '0')}-${h.half === 1 ? '01-01' : '07-01'}`;
}

export function halfYearEnd(h: HalfYear): string {
  return `${String(h.year).padStart(4, '0')}-${h.half === 1 ? '06-30' : '12-31'}`;
}
