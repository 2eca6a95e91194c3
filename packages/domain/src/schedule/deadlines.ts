import { addBusinessDays } from '../calendar/calendar';
import type { Policy } from '../policy/types';
import { addDays, localDate, startOfLocalDay } from '../time';
import { overdueAt, type PlannedStep } from './plan';
import { nextSendSlot } from './slot';

// The dates a case waits for, besides its policy steps. Every function takes `now` (or a date)
// and the case's calendar; none reads a clock.

/** Where a case's days are counted: its policy's send slots, the client's zone and holidays. */
export interface CaseCalendar {
  policy: Policy;
  timezone: string;
  /** The public-holiday calendar business days are counted with (a country code). */
  holidays: string;
}

/** Whether the due date has passed at `now` (from 00:00 of the day after it, in the client's zone). */
export function isOverdue(dueDate: string, timezone: string, now: string): boolean {
  return Date.parse(now) >= Date.parse(overdueAt(dueDate, timezone));
}

/** Nothing is sent on a promise until the promised date + 1 business day, at the next send slot. */
export function promiseDeadline(date: string, cal: CaseCalendar): string {
  const day = addBusinessDays(date, 1, cal.holidays);
  return nextSendSlot(startOfLocalDay(day, cal.timezone), cal.policy, cal.timezone);
}

/**
 * The client has the whole deadline day of the formal notice: a legal hand-off planned on or
 * before it moves to the first send slot after it.
 */
export function afterNoticeDeadline(
  p: PlannedStep,
  noticeDeadline: string | undefined,
  cal: CaseCalendar,
): PlannedStep {
  if (p.step.action !== 'legal_handoff' || !noticeDeadline) return p;
  const day = startOfLocalDay(addDays(noticeDeadline, 1), cal.timezone);
  const earliest = nextSendSlot(day, cal.policy, cal.timezone);
  return Date.parse(p.fireAt) >= Date.parse(earliest) ? p : { ...p, fireAt: earliest };
}

/** How long before an instalment's date its reminder goes out. */
export const INSTALMENT_REMINDER_DAYS = 3;

/** When an instalment's reminder goes out: its date − 3 days, at the next send slot. */
export function instalmentReminderAt(dueDate: string, cal: CaseCalendar): string {
  const day = startOfLocalDay(addDays(dueDate, -INSTALMENT_REMINDER_DAYS), cal.timezone);
  return nextSendSlot(day, cal.policy, cal.timezone);
}

/** An instalment still not covered at its date + 1 business day (next send slot) is missed. */
export function instalmentMissedAt(dueDate: string, cal: CaseCalendar): string {
  const day = startOfLocalDay(addBusinessDays(dueDate, 1, cal.holidays), cal.timezone);
  return nextSendSlot(day, cal.policy, cal.timezone);
}

/** Business days the creditor has to approve or decline a hand-off before one reminder. */
export const HANDOFF_APPROVAL_REMINDER_DAYS = 3;

/**
 * When the creditor is reminded of a hand-off waiting for approval: the same time of day,
 * 3 business days (the case's holidays) after it was asked.
 */
export function approvalReminderAt(requestedAt: string, cal: CaseCalendar): string {
  const day = localDate(requestedAt, cal.timezone);
  const later = addBusinessDays(day, HANDOFF_APPROVAL_REMINDER_DAYS, cal.holidays);
  const sinceMidnight = Date.parse(requestedAt) - Date.parse(startOfLocalDay(day, cal.timezone));
  return new Date(Date.parse(startOfLocalDay(later, cal.timezone)) + sinceMidnight).toISOString();
}
