// The case statuses and their groups, defined once: the state machine, the workflow loop and
// the reply rule all read these.

export const CASE_STATUSES = [
  'pending',
  'overdue',
  'paused',
  'promised',
  'disputed',
  'payment_plan',
  'handed_off',
  'paid',
  'cancelled',
  'unrecovered',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** A case in one of these is over: the workflow completes and nothing more is sent. */
export const TERMINAL_STATUSES: readonly CaseStatus[] = Object.freeze([
  'paid',
  'cancelled',
  'unrecovered',
] as const);

/** Escalating: policy steps run. */
export const ACTIVE_STATUSES: readonly CaseStatus[] = Object.freeze(['pending', 'overdue'] as const);

/** Escalation is on hold waiting for something (a resume, a date, a plan). */
export const ON_HOLD_STATUSES: readonly CaseStatus[] = Object.freeze([
  'paused',
  'promised',
  'disputed',
  'payment_plan',
] as const);

/**
 * Is the case closed? The one answer, for the workflow, the API and the worker: a closed case
 * takes no event and sends nothing more.
 */
export function isTerminal(status: CaseStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

/** Only an active, escalating case (or one not yet due, for the courtesy note) is sent reminders. */
export function canSendReminders(status: CaseStatus): boolean {
  return ACTIVE_STATUSES.includes(status);
}

/**
 * The case runs nothing by itself and waits for an event: paused or disputed until resumed,
 * handed off until paid or cancelled. (A promise and a plan wait for their own dates.)
 */
export function waitsForEvent(status: CaseStatus): boolean {
  return status === 'handed_off' || (ON_HOLD_STATUSES.includes(status) && !hasOwnDates(status));
}

/** A client reply pauses these: the case is escalating or waiting on the client's own word. */
export function replyPauses(status: CaseStatus): boolean {
  return ACTIVE_STATUSES.includes(status) || hasOwnDates(status);
}

function hasOwnDates(status: CaseStatus): boolean {
  return status === 'promised' || status === 'payment_plan';
}
