import {
  afterNoticeDeadline,
  canTransition,
  isTerminal,
  planSchedule,
  transition,
  waitsForEvent,
  type CaseEvent,
  type PlannedStep,
} from '@relance/domain';
import type { RecordWrite } from '../../activities';
import type { CarriedState, NextAction } from '../../contract';
import { recordContact, type Case } from '../case-context';
import { nowIso } from '../clock';

/**
 * What a step changes in the case once its activity is done, decided once while the step is
 * prepared: `settle` applies it to the case after the activity, and to a copy before it, for the
 * record the activity writes.
 */
export interface StepOutcome {
  next: PlannedStep;
  /** When the step started: spacing counts from it when it ran late. */
  startedAt: string;
  /** The client was contacted (the weekly cap counts it). */
  contactedAt?: string;
  formalNotice?: CarriedState['formalNotice'];
  handedOff?: boolean;
}

/** Applies an event to `s` when the state machine allows it; answers whether it did. */
export type Take = (event: CaseEvent) => boolean;

export function settle(s: CarriedState, o: StepOutcome, take: Take): void {
  if (o.formalNotice) s.formalNotice = { ...o.formalNotice };
  if (o.contactedAt) recordContact(s, o.contactedAt);
  if (o.handedOff) take({ type: 'handed_off' });
  // The stage records what ran, even when the step itself ended the escalation (hand-off,
  // unrecovered) or an event landed while the provider was already sending.
  if (!take({ type: 'step_completed', stepId: o.next.step.id })) s.stage = o.next.step.id;
  s.nextIndex = o.next.index + 1;
  // Spacing counts from the planned instant when the step ran on time (no drift of a few ms
  // per step), from the actual send when it ran late (worker down, case resumed).
  const onTime = Date.parse(o.startedAt) - Date.parse(o.next.fireAt) < 60_000;
  const sentAt = new Date(Math.ceil(Date.parse(o.startedAt) / 1000) * 1000).toISOString(); // whole seconds, never earlier
  s.previous = { index: o.next.index, at: onTime ? o.next.fireAt : sentAt };
}

/** The record as it will stand once the step is done, to be written by the step's activity. */
export function expectedWrite(c: Case, o: StepOutcome, later: PlannedStep[]): RecordWrite {
  const after = JSON.parse(JSON.stringify(c.s)) as CarriedState;
  settle(after, o, (event) => {
    if (!canTransition(after, event)) return false;
    Object.assign(after, transition(after, event));
    return true;
  });
  // A step that ran on time leaves the rest of its plan unchanged.
  const next = plannedNext(c, after, after.previous?.at === o.next.fireAt ? later : undefined);
  return c.projection.expectedWrite(after, next);
}

/** The next action the loop shows for state `s`; `planned`: the schedule already planned from there. */
export function plannedNext(c: Case, s: CarriedState, planned?: PlannedStep[]): NextAction | null {
  if (isTerminal(s.status)) return null;
  if (waitsForEvent(s.status)) return s.actionRequired ? c.projection.nextAction : null;
  const [first] = planned ?? planSchedule({ ...c.scheduleInput(s), now: nowIso() });
  const p = first && afterNoticeDeadline(first, s.formalNotice?.deadline, c.calendar);
  return p ? nextActionOf(p) : null;
}

export function nextActionOf(p: PlannedStep): NextAction {
  return { step: p.step.id, action: p.step.action, at: p.fireAt };
}
