import { DateTime } from 'luxon';
import { DomainError } from '../errors';
import { isNegativeOffset, type Offset, offsetDiff, parseOffset } from '../policy/duration';
import { contactsClient, type Policy, type PolicyStep } from '../policy/types';
import { slotFrom } from './slot';
import { checkZone, parseInstant, startOfDate, toIso } from './time';

export interface PlannedStep {
  /** Index of the step in `policy.steps`. */
  index: number;
  step: PolicyStep;
  /** 00:00 of the due date in the client's timezone + `after`, before any constraint. */
  nominalAt: string;
  /** When to run it: spacing, send window, business days and contact cap applied. */
  fireAt: string;
}

export interface PlanInput {
  /** 'YYYY-MM-DD' */
  dueDate: string;
  /** The client's IANA timezone. */
  timezone: string;
  policy: Policy;
  now: string;
  /** First step not yet run. */
  nextIndex: number;
  /** The last step run and when: later steps keep the policy's spacing after it. */
  previous?: { index: number; at: string };
  /** Instants of emails already sent to this client, for `maxContactsPerWeek`. */
  contacts?: string[];
}

const WEEK_MS = 7 * 86_400_000;

/** Contacts older than this no longer count towards the weekly cap: a case forgets them. */
export const CONTACT_MEMORY_MS = 14 * 86_400_000;

/** The contacts a case keeps for `planSchedule` once it contacted the client at `at`. */
export function rememberContact(contacts: readonly string[], at: string): string[] {
  return [...contacts.filter((c) => Date.parse(at) - Date.parse(c) < CONTACT_MEMORY_MS), at];
}
const MAX_PUSHES = 100;

/**
 * The instant a case becomes overdue: 00:00 of the day after the due date in the client's timezone
 * (the whole due date is still "on time"). From then on, steps before the due date are dropped.
 */
export function overdueAt(dueDate: string, timezone: string): string {
  const zone = checkZone(timezone);
  return toIso(
    startOfDate(startOfDate(dueDate, zone, 'dueDate').plus({ days: 1 }).toISODate() as string, zone),
  );
}

function offsetOf(step: PolicyStep, index: number): Offset {
  const offset = parseOffset(step.after);
  if (!offset) {
    throw new DomainError('policy.invalid_duration', `"${step.after}" is not an ISO-8601 duration`, [
      'steps',
      index,
      'after',
    ]);
  }
  return offset;
}

/**
 * Pushes t until no rolling 7-day window holds more than `max` contacts: two sends are in one window
 * when less than 7 days apart. `sent` holds the earlier contacts (all ≤ t: planned steps increase).
 */
function fitContacts(t: DateTime, sent: number[], max: number, slot: (t: DateTime) => DateTime): DateTime {
  let current = t;
  for (let i = 0; i < MAX_PUSHES; i++) {
    const at = current.toMillis();
    const recent = sent.filter((s) => s <= at && s > at - WEEK_MS).sort((a, b) => b - a);
    const oldest = recent[max - 1];
    if (oldest === undefined) return current;
    // The earliest moment the max-th most recent contact leaves the window.
    current = slot(DateTime.fromMillis(oldest + WEEK_MS, { zone: current.zone }));
  }
  throw new DomainError('schedule.contact_cap', `cannot fit a contact after ${toIso(t)}`);
}

const later = (a: DateTime, b: DateTime) => (a >= b ? a : b);

/**
 * The remaining steps of a case (from `nextIndex`) with their fire times, strictly increasing.
 *
 * fire[i] = slot(max(nominal[i], fire[i-1] + (after[i] − after[i-1]))): no step is skipped and the
 * policy's spacing is kept when a case starts or resumes late; the first pending step fires no
 * earlier than `now` (and keeps its spacing after `previous`). Steps with a negative `after` are
 * dropped once the case is overdue (see `overdueAt`), or when they could only fire after that.
 */
export function planSchedule(input: PlanInput): PlannedStep[] {
  const zone = checkZone(input.timezone);
  const { policy } = input;
  const now = parseInstant(input.now, zone, 'now');
  const origin = startOfDate(input.dueDate, zone, 'dueDate');
  const lateFrom = parseInstant(overdueAt(input.dueDate, zone), zone);
  const overdue = now >= lateFrom;
  if (!Number.isInteger(input.nextIndex) || input.nextIndex < 0 || input.nextIndex > policy.steps.length) {
    throw new DomainError(
      'schedule.invalid_index',
      `nextIndex ${input.nextIndex} is outside the policy's steps`,
      ['nextIndex'],
    );
  }
  const offsets = policy.steps.map(offsetOf);

  let prev: { index: number; fire: DateTime } | undefined;
  if (input.previous) {
    const { index, at } = input.previous;
    if (!Number.isInteger(index) || index < 0 || index >= input.nextIndex) {
      throw new DomainError('schedule.invalid_index', `previous step ${index} must come before nextIndex`, [
        'previous',
        'index',
      ]);
    }
    prev = { index, fire: parseInstant(at, zone, 'previous.at') };
  }
  const slot = (t: DateTime) => slotFrom(t, policy);
  const sent = (input.contacts ?? []).map((c, i) => parseInstant(c, zone, `contacts.${i}`).toMillis());
  const planned: PlannedStep[] = [];

  for (let index = input.nextIndex; index < policy.steps.length; index++) {
    const step = policy.steps[index] as PolicyStep;
    const offset = offsets[index] as Offset;
    const early = isNegativeOffset(offset);
    if (early && overdue) continue;

    const nominal = origin.plus(offset);
    let fire = planned.length === 0 ? later(nominal, now) : nominal;
    if (prev) fire = later(fire, prev.fire.plus(offsetDiff(offset, offsets[prev.index] as Offset)));
    fire = slot(fire);
    // Unreachable for a validated policy (its offsets strictly increase); kept so order holds anyway.
    if (prev && fire <= prev.fire) fire = slot(prev.fire.plus({ seconds: 1 }));
    const capped = policy.maxContactsPerWeek !== undefined && contactsClient(step);
    if (capped) fire = fitContacts(fire, sent, policy.maxContactsPerWeek as number, slot);
    // A "due soon" note pushed past the due date by the window or the cap would arrive late: drop it.
    if (early && fire >= lateFrom) continue;
    if (capped) sent.push(fire.toMillis());
    planned.push({ index, step, nominalAt: toIso(nominal), fireAt: toIso(fire) });
    prev = { index, fire };
  }
  return planned;
}

/** The payment deadline of a formal notice: the local date it was sent + `deadlineDays` calendar days. */
export function deadlineDate(sentAt: string, deadlineDays: number, timezone: string): string {
  const zone = checkZone(timezone);
  if (!Number.isInteger(deadlineDays) || deadlineDays < 0) {
    throw new DomainError('schedule.invalid_deadline', `${deadlineDays} is not a whole number of days`);
  }
  return parseInstant(sentAt, zone, 'sentAt').plus({ days: deadlineDays }).toISODate() as string;
}

/**
 * The first instant from `now` at which one more email may go to an address already contacted at
 * `contacts`, under a cap of `cap` emails in any rolling 7 days (no cap: `now`).
 */
export function nextContactAllowedAt(contacts: readonly string[], cap: number | undefined, now: string): string {
  if (cap === undefined) return now;
  const t = Date.parse(now);
  const inWeek = contacts.map(Date.parse).filter((c) => t - c < WEEK_MS).sort((a, b) => a - b);
  if (inWeek.length < cap) return now;
  return new Date(inWeek[inWeek.length - cap]! + WEEK_MS).toISOString();
}
