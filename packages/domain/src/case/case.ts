import { DomainError } from '../errors';
import { NO_STAGE } from '../policy/types';
import {
  ACTIVE_STATUSES as ACTIVE,
  canSendReminders,
  isTerminal,
  ON_HOLD_STATUSES as ON_HOLD,
  type CaseStatus,
} from './status';

export * from './status';

export type CaseEvent =
  | { type: 'became_overdue' }
  | { type: 'step_completed'; stepId: string }
  /** `overdue` matters only when a partial payment ends a pause: whether the due date has passed (default true). */
  | { type: 'payment'; fullyPaid: boolean; overdue?: boolean }
  | { type: 'reply' }
  | { type: 'dispute' }
  | { type: 'promise' }
  | { type: 'promise_missed' }
  | { type: 'plan_agreed' }
  | { type: 'instalment_missed' }
  | { type: 'plan_completed' }
  | { type: 'pause' }
  | { type: 'resume'; overdue: boolean }
  | { type: 'cancel' }
  | { type: 'handed_off' }
  | { type: 'unrecovered' }
  /** A credit note (avoir): one covering the whole balance cancels the invoice; a partial one changes no status. */
  | { type: 'credit_note'; fullyCredited: boolean }
  /** The due date moved: an escalating case is pending or overdue again by the new date; one on hold stays so. */
  | { type: 'due_date_changed'; overdue: boolean };
export type CaseEventType = CaseEvent['type'];

export interface CaseState {
  status: CaseStatus;
  /** Id of the last policy step run; 'none' before the first. */
  stage: string;
}

export const INITIAL_CASE_STATE: Readonly<CaseState> = Object.freeze({ status: 'pending', stage: NO_STAGE });

export class IllegalTransitionError extends DomainError {
  constructor(
    readonly from: CaseStatus,
    readonly event: CaseEventType,
  ) {
    super('case.illegal_transition', `a ${from} case cannot take "${event}"`);
    this.name = 'IllegalTransitionError';
  }
}

type Rule = (state: CaseState) => CaseStatus | undefined;
const to =
  (target: CaseStatus, from: readonly CaseStatus[]): Rule =>
  (state) =>
    from.includes(state.status) ? target : undefined;

/** For each event, the status it leads to from `state`, or undefined when it is illegal there. */
const RULES: {
  [K in CaseEventType]: (state: CaseState, event: Extract<CaseEvent, { type: K }>) => CaseStatus | undefined;
} = {
  // A case on hold stays on hold when the due date passes; `resume` says where it goes back to.
  became_overdue: (s) =>
    s.status === 'pending' ? 'overdue' : ON_HOLD.includes(s.status) ? s.status : undefined,
  step_completed: (s) => (canSendReminders(s.status) ? s.status : undefined),
  // A partial payment ends a pause ("escalation waits for … a payment") and changes nothing else.
  payment: (s, e) =>
    e.fullyPaid ? 'paid' : s.status !== 'paused' ? s.status : e.overdue === false ? 'pending' : 'overdue',
  // A reply to a case on hold or handed off reaches the creditor but does not change the status.
  reply: (s) => (canSendReminders(s.status) ? 'paused' : s.status),
  dispute: to('disputed', [...ACTIVE, 'paused', 'promised', 'payment_plan', 'disputed']),
  // A new promise replaces the previous one.
  promise: to('promised', [...ACTIVE, 'paused', 'promised']),
  promise_missed: to('overdue', ['promised']),
  // A renegotiated plan replaces the previous one.
  plan_agreed: to('payment_plan', [...ACTIVE, 'paused', 'promised', 'payment_plan']),
  instalment_missed: to('overdue', ['payment_plan']),
  plan_completed: to('paid', ['payment_plan']),
  // An operator may stop a promise or a plan too; a dispute is already waiting for a decision.
  pause: to('paused', [...ACTIVE, 'paused', 'promised', 'payment_plan']),
  resume: (s, e) =>
    ['paused', 'promised', 'disputed'].includes(s.status) ? (e.overdue ? 'overdue' : 'pending') : undefined,
  cancel: (s) => (isTerminal(s.status) ? undefined : 'cancelled'),
  handed_off: to('handed_off', ['overdue']),
  unrecovered: to('unrecovered', ['overdue']),
  // A handed-off case is the lawyer's: it takes neither (a credit note there is for the creditor to
  // tell them, or to cancel the case).
  credit_note: (s, e) => (s.status === 'handed_off' ? undefined : e.fullyCredited ? 'cancelled' : s.status),
  due_date_changed: (s, e) =>
    s.status === 'handed_off'
      ? undefined
      : ACTIVE.includes(s.status)
        ? e.overdue
          ? 'overdue'
          : 'pending'
        : s.status,
};

/**
 * The case state machine of docs/architecture.md, as a pure reducer. Terminal states accept nothing;
 * a handed-off case only takes payments, replies and cancellation. Throws IllegalTransitionError.
 */
export function transition(state: CaseState, event: CaseEvent): CaseState {
  const rule = RULES[event.type] as (s: CaseState, e: CaseEvent) => CaseStatus | undefined;
  const status = isTerminal(state.status) ? undefined : rule(state, event);
  if (status === undefined) throw new IllegalTransitionError(state.status, event.type);
  return { status, stage: event.type === 'step_completed' ? event.stepId : state.stage };
}

/**
 * Whether a case in `status` takes an event of this type at all (for validators and API 409s):
 * `resume` and `payment` are asked with the due date passed and a partial amount.
 */
export function allows(status: CaseStatus, type: CaseEventType): boolean {
  const event = { type, stepId: '', overdue: true, fullyPaid: false } as CaseEvent;
  return canTransition({ status, stage: NO_STAGE }, event);
}

/** Every event type a case in `status` takes. */
export function allowedEvents(status: CaseStatus): CaseEventType[] {
  return (Object.keys(RULES) as CaseEventType[]).filter((type) => allows(status, type));
}

/** Whether `transition` would accept the event (for guards and API 409s). */
export function canTransition(state: CaseState, event: CaseEvent): boolean {
  try {
    transition(state, event);
    return true;
  } catch (e) {
    if (e instanceof IllegalTransitionError) return false;
    throw e;
  }
}
