import { DateTime, IANAZone } from 'luxon';
import { DomainError } from '../errors';

/** Validates an IANA timezone name ("Europe/Paris"). */
export function checkZone(timezone: string): string {
  if (!IANAZone.isValidZone(timezone)) {
    throw new DomainError(
      'schedule.invalid_timezone',
      `"${timezone}" is not an IANA timezone like "Europe/Paris"`,
    );
  }
  return timezone;
}

// An instant without an offset would be read in the machine's zone, which differs between workers.
const WITH_OFFSET = /T.*(Z|[+-]\d{2}(:?\d{2})?)$/i;

/** Parses an ISO instant that carries its offset ("…Z" or "…+02:00") and shows it in `zone`. */
export function parseInstant(iso: string, zone: string, field = 'instant'): DateTime {
  const t = WITH_OFFSET.test(iso) ? DateTime.fromISO(iso, { zone }) : undefined;
  if (!t?.isValid) {
    throw new DomainError(
      'schedule.invalid_instant',
      `${field} "${iso}" is not an ISO instant with an offset`,
      [field],
    );
  }
  return t;
}

/** 00:00 of a calendar date in `zone` (the next instant when midnight does not exist that day). */
export function startOfDate(date: string, zone: string, field = 'date'): DateTime {
  const t = /^\d{4}-\d{2}-\d{2}$/.test(date) ? DateTime.fromISO(date, { zone }) : undefined;
  if (!t?.isValid)
    throw new DomainError('schedule.invalid_date', `${field} "${date}" is not a date like "2026-04-30"`, [
      field,
    ]);
  return t;
}

/** ISO with the zone's offset, milliseconds only when present: "2026-05-04T09:00:00+02:00". */
export function toIso(t: DateTime): string {
  return t.toISO({ suppressMilliseconds: true }) as string;
}
