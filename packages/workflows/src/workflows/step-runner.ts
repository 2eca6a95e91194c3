import * as wf from '@temporalio/workflow';
import {
  addDays,
  canTransition,
  deadlineDate,
  isTerminal,
  localDate,
  parseMoney,
  planSchedule,
  transition,
  type CaseEvent,
  type PenaltyBreakdown,
  type PlannedStep,
} from '@relance/domain';
import type { ClientEmail, SendFormalNoticeInput, StepPart } from '../activities';
import type { CarriedState, NextAction } from '../contract';
import type { CaseActions } from './case-actions';
import { failureReason } from './case-actions';
import { nowIso } from './clock';
import { whileValid } from './guard';

/**
 * Applies an event if the state machine allows it (answers whether it did); never throws inside
 * workflow code. `fromEvent` false marks the case's own progress, which supersedes no running step.
 */
export type Apply = (event: CaseEvent, fromEvent?: boolean) => boolean;

/** Penalties computed before the step's timer, as of `day` on `balanceMinor`. */
export interface Prepared {
  day: string;
  balanceMinor: number;
  penalties: PenaltyBreakdown;
}

/**
 * Runs one policy step (SPEC §3.1) unless an event supersedes it (`changed()` turns true while it
 * is being prepared or sent: nothing goes out, the loop plans again with the new state). A step
 * that fails for good puts the case on hold with the reason (SPEC §3.2 lifecycle guarantees).
 */
export async function runStep(
  actions: CaseActions,
  next: PlannedStep,
  later: PlannedStep[],
  apply: Apply,
  changed: () => boolean,
  prepared?: Prepared,
): Promise<void> {
  const { step } = next;
  const s = actions.state;
  let outcome;
  try {
    outcome = await whileValid(
      () => !changed(),
      () =>
        actions.v2
          ? performInOne(actions, next, later, apply, prepared)
          : perform(actions, next, later, apply),
    );
  } catch (err) {
    if (!(err instanceof wf.ActivityFailure) || wf.isCancellation(err)) throw err;
    await stepFailed(
      actions,
      step.id,
      step.action === 'legal_handoff' ? 'action_required' : 'email_failed',
      err,
      apply,
    );
    return;
  }
  if (!outcome.done) return; // superseded: the loop re-plans with the event applied
  // The stage records what ran, even when the step itself ended the escalation (hand-off,
  // unrecovered) or an event landed while the provider was already sending.
  if (!apply({ type: 'step_completed', stepId: step.id }, false)) s.stage = step.id;
  completed(s, next, outcome.value);
  // The loop writes the record with the next action (already written with the step when expected).
  if (!actions.v2) await actions.projection.sync();
}

/** The step's place in the schedule once it ran (`startedAt`: when it started). */
function completed(s: CarriedState, next: PlannedStep, startedAt: string): void {
  s.nextIndex = next.index + 1;
  // Spacing counts from the planned instant when the step ran on time (no drift of a few ms
  // per step), from the actual send when it ran late (worker down, case resumed).
  const onTime = Date.parse(startedAt) - Date.parse(next.fireAt) < 60_000;
  const sentAt = new Date(Math.ceil(Date.parse(startedAt) / 1000) * 1000).toISOString(); // whole seconds, never earlier
  s.previous = { index: next.index, at: onTime ? next.fireAt : sentAt };
}

/**
 * The next action the loop will show for state `s` (see `runNextStep`); `planned`: the schedule
 * already planned from there (a step that ran on time leaves the rest of its plan unchanged).
 */
export function plannedNext(
  actions: CaseActions,
  s: CarriedState,
  planned?: PlannedStep[],
): NextAction | null {
  if (isTerminal(s.status)) return null;
  if (['paused', 'disputed', 'handed_off'].includes(s.status))
    return s.actionRequired ? actions.projection.nextAction : null;
  const [first] = planned ?? planSchedule({ ...actions.scheduleInput(s), now: nowIso() });
  const p = first && actions.afterNoticeDeadline(first, s);
  return p ? { step: p.step.id, action: p.step.action, at: p.fireAt } : null;
}

/**
 * The step's work as one activity (cases since ONE_ACTIVITY_PER_STEP): its emails, alerts and
 * timeline entries in order, with the case record as it will stand once it is done.
 */
async function performInOne(
  actions: CaseActions,
  next: PlannedStep,
  later: PlannedStep[],
  apply: Apply,
  prepared?: Prepared,
): Promise<string> {
  const { step } = next;
  const s = actions.state;
  const startedAt = nowIso();
  const key = `step:${step.id}`;
  /** The penalties prepared for this day and balance, else computed now (a regular activity). */
  const penaltiesOn = async (day: string, formalNoticeDate?: string) =>
    prepared?.day === day && prepared.balanceMinor === s.balanceMinor
      ? prepared.penalties
      : actions.penalties(day, formalNoticeDate, true);
  /** The state once the step is done, as `runStep` will leave it; `extra` is the step's own change. */
  const after =
    (extra: (c: CarriedState) => void = () => undefined) =>
    (c: CarriedState) => {
      extra(c);
      const event: CaseEvent = { type: 'step_completed', stepId: step.id };
      if (canTransition(c, event)) Object.assign(c, transition(c, event));
      else c.stage = step.id;
      completed(c, next, startedAt);
      return plannedNext(actions, c, c.previous?.at === next.fireAt ? later : undefined);
    };
  if (step.action === 'reminder') {
    const tone = step.tone ?? 'friendly';
    if (actions.clientUnreachable()) {
      await actions.performStep(
        `Call task instead of the ${tone} reminder (${step.id})`,
        actions.callTaskParts(key, step.id, 'email_bounced'),
        after(),
      );
      return startedAt;
    }
    const email = reminderEmail(actions, tone, later);
    const parts: StepPart[] = [
      {
        sendClientEmail: {
          ref: actions.ref,
          key,
          step: step.id,
          timelineType: 'reminder_sent',
          amounts: actions.amounts(),
          email,
        },
      },
      ...(step.callTask ? actions.callTaskParts(key, step.id, 'scheduled') : []),
    ];
    const contact = (c: CarriedState) => actions.contacted(startedAt, c);
    await actions.performStep(`Send the ${tone} reminder (${step.id})`, parts, after(contact));
    contact(s);
  } else if (step.action === 'formal_notice') {
    const { letter, notice, byPost, summary } = await datedNotice(actions, step, penaltiesOn);
    const { deadline } = notice;
    const parts: StepPart[] = [
      { sendFormalNotice: letter },
      // By post, the letter-task email already told the creditor; nothing reached the client's inbox.
      ...(byPost
        ? []
        : [{ alertCreditor: actions.alertInput(key, { kind: 'formal_notice_sent', deadline }, step.id) }]),
    ];
    const sent = (c: CarriedState) => {
      c.formalNotice = { ...notice };
      if (!byPost) actions.contacted(startedAt, c);
    };
    await actions.performStep(summary, parts, after(sent));
    sent(s);
  } else {
    const reason = belowHandoffThreshold(actions, step);
    if (reason) {
      s.finishedReason = reason;
      apply({ type: 'unrecovered' }, false);
      await actions.performStep(
        'Close the case as unrecovered',
        [
          { recordTimeline: actions.timelineEntry(key, 'unrecovered', { reason }, step.id) },
          { alertCreditor: actions.alertInput(key, { kind: 'unrecovered', reason }, step.id) },
        ],
        after(),
      );
    } else {
      const at = nowIso();
      const penalties = await penaltiesOn(localDate(at, actions.tz));
      const handedOff = (c: CarriedState) => {
        const event: CaseEvent = { type: 'handed_off' };
        if (canTransition(c, event)) Object.assign(c, transition(c, event));
      };
      await actions.performStep(
        'Hand the case to the legal contact (dossier PDF + JSON)',
        [
          {
            handOffToLawyer: {
              ref: actions.ref,
              key,
              step: step.id,
              amounts: actions.amounts(),
              penalties,
              at,
            },
          },
          { alertCreditor: actions.alertInput(key, { kind: 'handed_off' }, step.id) },
        ],
        after(handedOff),
      );
      apply({ type: 'handed_off' }, false);
    }
  }
  return startedAt;
}

/** The step's work; answers the instant it started (spacing counts from it). */
async function perform(
  actions: CaseActions,
  next: PlannedStep,
  later: PlannedStep[],
  apply: Apply,
): Promise<string> {
  const { step } = next;
  const s = actions.state;
  const startedAt = nowIso();
  const key = `step:${step.id}`;
  if (step.action === 'reminder') {
    const tone = step.tone ?? 'friendly';
    const email = reminderEmail(actions, tone, later);
    const done = await actions.sendClient(
      key,
      'reminder_sent',
      email,
      `Send the ${tone} reminder (${step.id})`,
      step.id,
    );
    if (step.callTask && done === 'sent') await actions.callTask(key, step.id, 'scheduled');
  } else if (step.action === 'formal_notice') {
    const { letter, notice, byPost, summary } = await datedNotice(actions, step, (day, noticeOn) =>
      actions.penalties(day, noticeOn),
    );
    await actions.sends(summary).sendFormalNotice(letter);
    s.formalNotice = notice;
    const { deadline } = notice;
    // By post, the letter-task email already told the creditor; nothing reached the client's inbox.
    if (!byPost) {
      s.contacts = [...s.contacts, nowIso()];
      await actions.alert(key, { kind: 'formal_notice_sent', deadline }, step.id);
    }
  } else {
    const reason = belowHandoffThreshold(actions, step);
    if (reason) {
      s.finishedReason = reason;
      apply({ type: 'unrecovered' }, false);
      await actions.timeline(key, 'unrecovered', { reason }, step.id);
      await actions.alert(key, { kind: 'unrecovered', reason }, step.id);
    } else {
      const at = nowIso();
      const penalties = await actions.penalties(localDate(at, actions.tz));
      await actions.sends('Hand the case to the legal contact (dossier PDF + JSON)').handOffToLawyer({
        ref: actions.ref,
        key,
        step: step.id,
        amounts: actions.amounts(),
        penalties,
        at,
      });
      apply({ type: 'handed_off' }, false);
      await actions.alert(key, { kind: 'handed_off' }, step.id);
    }
  }
  return startedAt;
}

/** A reminder's email: the tone, with when late fees run (firm) and when the notice comes (urgent). */
function reminderEmail(
  actions: CaseActions,
  tone: NonNullable<PlannedStep['step']['tone']>,
  later: PlannedStep[],
) {
  const email: ClientEmail = { template: tone };
  const notice = later.find((l) => l.step.action === 'formal_notice');
  if (tone === 'firm') email.lateFeesFrom = addDays(actions.caseInput.dueDate, 1);
  if (tone === 'urgent' && notice) email.formalNoticeOn = localDate(notice.fireAt, actions.tz);
  return email;
}

/**
 * The formal notice's date, penalties and deadline. The letter is dated the day it goes out:
 * penalties are recomputed if the day turned while they were computed.
 */
async function datedNotice(
  actions: CaseActions,
  step: PlannedStep['step'],
  penaltiesOn: (day: string, formalNoticeDate: string) => Promise<PenaltyBreakdown>,
) {
  let sentOn = localDate(nowIso(), actions.tz);
  let penalties = await penaltiesOn(sentOn, sentOn);
  if (localDate(nowIso(), actions.tz) !== sentOn) {
    sentOn = localDate(nowIso(), actions.tz);
    penalties = await penaltiesOn(sentOn, sentOn);
  }
  const deadline = deadlineDate(nowIso(), step.deadlineDays ?? 8, actions.tz);
  const byPost = actions.clientUnreachable();
  const summary = byPost
    ? `Send the formal notice to the creditor for registered mail (client address bounced), deadline ${deadline}`
    : `Send the formal notice (mise en demeure), deadline ${deadline}`;
  const letter: SendFormalNoticeInput = {
    ref: actions.ref,
    key: `step:${step.id}`,
    step: step.id,
    amounts: actions.amounts(),
    penalties,
    sentOn,
    deadline,
    ...(byPost ? { deliverTo: 'creditor' as const } : {}),
  };
  const penaltiesMinor = parseMoney(penalties.total, actions.caseInput.currency).minor;
  return { letter, notice: { sentOn, deadline, penaltiesMinor }, byPost, summary };
}

/** Why the hand-off step closes the case instead (balance under its `minAmount`), if it does. */
function belowHandoffThreshold(actions: CaseActions, step: PlannedStep['step']): string | undefined {
  const threshold = parseMoney(step.minAmount ?? '0', actions.caseInput.currency).minor;
  const { balanceMinor } = actions.state;
  if (balanceMinor >= threshold) return undefined;
  return (
    `balance ${actions.format(balanceMinor)} is below the ${actions.format(threshold)} threshold: ` +
    'legal action would cost more than it recovers'
  );
}

/**
 * A step that cannot succeed (provider refusal, missing legal contact, unreachable invoice PDF, or
 * retries exhausted): recorded with its reason, the creditor alerted, the case paused with
 * `actionRequired` until it is resumed or the client's contact changes.
 */
export async function stepFailed(
  actions: CaseActions,
  stepId: string,
  type: 'email_failed' | 'action_required',
  err: unknown,
  apply: Apply,
): Promise<void> {
  const s = actions.state;
  const reason = failureReason(err);
  const n = actions.nextSeq();
  s.actionRequired = { step: stepId, reason };
  if (!isTerminal(s.status) && apply({ type: 'pause' }, false)) s.pausedReason = 'action_required';
  await actions.timeline(`failed:${stepId}:${n}`, type, { reason }, stepId);
  if (type !== 'action_required') {
    await actions.timeline(`action_required:${stepId}:${n}`, 'action_required', { reason }, stepId);
  }
  await actions.alert(
    `action_required:${stepId}:${n}`,
    { kind: 'action_required', step: stepId, reason },
    stepId,
  );
  await actions.projection.sync({ step: stepId, action: 'action_required', at: nowIso(), reason });
}
