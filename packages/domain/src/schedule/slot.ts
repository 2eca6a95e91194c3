import type { DateTime } from 'luxon';
import { isBusinessDay } from '../calendar/calendar';
import { DomainError } from '../errors';
import type { Policy } from '../policy/types';
import { checkZone, parseInstant, startOfDate, toIso } from './time';

// Business-day and window constraints always admit a slot within days; this only stops a runaway loop.
const MAX_DAYS = 400;

/** The earliest instant ≥ t (already in the client's zone) that the policy allows sending at. */
export function slotFrom(t: DateTime, policy: Policy): DateTime {
  let current = t;
  const zone = t.zoneName as string;
  for (let i = 0; i < MAX_DAYS; i++) {
    const day = current.toISODate() as string;
    const nextDay = () => startOfDate(current.plus({ days: 1 }).toISODate() as string, zone);
    if (policy.businessDays && !isBusinessDay(day, policy.holidays)) {
      current = nextDay();
      continue;
    }
    if (!policy.sendWindow) return current;
    // Built from the local date and time, so a start inside a DST gap moves forward (02:30 → 03:30).
    const open = startOfDate(day, zone).set(hhmm(policy.sendWindow.start));
    const close = startOfDate(day, zone).set(hhmm(policy.sendWindow.end));
    if (current < open) return open;
    if (current < close) return current;
    current = nextDay();
  }
  throw new DomainError('schedule.no_send_slot', `no send slot within ${MAX_DAYS} days of ${toIso(t)}`);
}

function hhmm(time: string): { hour: number; minute: number } {
  const [hour, minute] = time.split(':').map(Number);
  return { hour: hour ?? 0, minute: minute ?? 0 };
}

/**
 * The earliest instant at or after `instant` inside the policy's send window on a business day
 * (when the policy has those constraints), in the client's timezone. ISO with the local offset.
 */
export function nextSendSlot(instant: string, policy: Policy, timezone: string): string {
  const zone = checkZone(timezone);
  return toIso(slotFrom(parseInstant(instant, zone), policy));
}
