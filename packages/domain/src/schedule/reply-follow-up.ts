import { addBusinessDays, isHolidayCalendar } from '../calendar/calendar';
import { stepOffset } from '../policy/duration';
import type { CaseCalendar } from './deadlines';
import { parseInstant, toIso } from './time';

/** Business days a case paused by a client reply waits before the creditor is reminded of it. */
export const REPLY_FOLLOW_UP_BUSINESS_DAYS = 3;

/**
 * When the creditor is reminded of a reply still waiting: 3 business days (the case's holidays)
 * after the reply paused the case, at the same local time of day, in the client's zone. A client
 * country date-holidays does not know counts weekdays only: a reminder never fails the case.
 */
export function replyFollowUpAt(pausedAt: string, cal: CaseCalendar): string {
  const t = parseInstant(pausedAt, cal.timezone, 'pausedAt');
  const holidays = isHolidayCalendar(cal.holidays) ? cal.holidays : undefined;
  const day = addBusinessDays(t.toISODate() as string, REPLY_FOLLOW_UP_BUSINESS_DAYS, holidays);
  const [year, month, dayOfMonth] = day.split('-').map(Number) as [number, number, number];
  return toIso(t.set({ year, month, day: dayOfMonth }));
}

/**
 * When a case paused by a client reply resumes by itself: `policy.resumeAfterReply` after the
 * reply paused it (calendar days in the client's zone); undefined when the policy says nothing.
 */
export function replyResumeAt(pausedAt: string, cal: CaseCalendar): string | undefined {
  const after = cal.policy.resumeAfterReply;
  if (after === undefined) return undefined;
  return toIso(parseInstant(pausedAt, cal.timezone, 'pausedAt').plus(stepOffset(after)));
}
