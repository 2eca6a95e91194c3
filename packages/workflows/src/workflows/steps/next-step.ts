import * as wf from '@temporalio/workflow';
import {
  afterNoticeDeadline,
  localDate,
  overdueAt,
  parseMoney,
  planSchedule,
  type PlannedStep,
} from '@relance/domain';
import type { Case } from '../case-context';
import { msUntil, nowIso } from '../clock';
import { penalties } from '../effects/penalties';
import { approvalAction, awaitApproval, needsApproval } from './approval';
import { nextActionOf } from './outcome';
import { runStep } from './run-step';
import type { Prepared } from './step-work';

/** Sleeps until the next policy step (or the due date) and runs it, unless an event comes first. */
export async function runNextStep(
  c: Case,
  interrupted: () => boolean,
  superseded: () => boolean,
): Promise<void> {
  const { s } = c;
  const due = overdueAt(c.dueDate, c.tz);
  // Written below with the next action.
  if (s.status === 'pending' && msUntil(due) === 0) c.apply({ type: 'became_overdue' }, false);
  const [planned, ...later] = planSchedule({ ...c.scheduleInput(), now: nowIso() });
  const next = planned && afterNoticeDeadline(planned, s.formalNotice?.deadline, c.calendar);
  // A case not yet due also wakes at the due date, to become overdue on time.
  const wakeForDue = s.status === 'pending' && (!next || Date.parse(due) < Date.parse(next.fireAt));
  const wakeAt = wakeForDue ? due : next?.fireAt;
  const prepared = next && !wakeForDue ? await preparePenalties(c, next) : undefined;
  // A hand-off waiting for the creditor's yes shows it; it is not sent when it falls due.
  const gated = !!next && !wakeForDue && needsApproval(s, next);
  const shown = next && ((gated && approvalAction(s, next.step.id)) || nextActionOf(next));
  // A step that runs at once writes the record itself, with its expected outcome.
  const now = !!next && !wakeForDue && !gated && msUntil(next.fireAt) === 0;
  await c.projection.sync(shown ?? null, now);
  if (!wakeAt) {
    // Every step has run and the case is still open (a policy without a legal hand-off).
    await wf.condition(interrupted);
    return;
  }
  // The client's account may ask for this step now, to send it with another case's (past due only).
  const pulled = () =>
    !wakeForDue &&
    !!next &&
    next.step.action !== 'legal_handoff' &&
    c.pulled === next.step.id &&
    s.status !== 'pending';
  if (msUntil(wakeAt) > 0) await wf.condition(() => interrupted() || pulled(), msUntil(wakeAt));
  if (wakeForDue || !next || interrupted()) return; // the loop flips the status and plans again
  if (s.status === 'pending' && msUntil(due) === 0) c.apply({ type: 'became_overdue' }, false);
  if (gated) return awaitApproval(c, next, interrupted, prepared);
  await runStep(c, next, later, superseded, prepared);
}

/**
 * The penalties a formal notice or hand-off will claim, computed before the case sleeps until it
 * (as of the day it is planned): once it wakes, the step is sent in the same workflow task, with
 * no round trip in between that an event could race.
 */
async function preparePenalties(c: Case, next: PlannedStep): Promise<Prepared | undefined> {
  const { step } = next;
  if (step.action === 'reminder') return undefined;
  if (step.action === 'legal_handoff') {
    const threshold = parseMoney(step.minAmount ?? '0', c.input.currency).minor;
    if (c.s.balanceMinor < threshold) return undefined;
  }
  const at = msUntil(next.fireAt) > 0 ? next.fireAt : nowIso();
  const day = localDate(at, c.tz);
  const breakdown = await penalties(c, day, step.action === 'formal_notice' ? day : undefined);
  return { day, balanceMinor: c.s.balanceMinor, penalties: breakdown };
}
