import {
  addDays,
  deadlineDate,
  localDate,
  parseMoney,
  type PenaltyBreakdown,
  type PlannedStep,
} from '@relance/domain';
import type { ClientEmail, SendFormalNoticeInput, StepPart } from '../../activities';
import type { Case } from '../case-context';
import { nowIso } from '../clock';
import { alertInput } from '../effects/alerts';
import { penalties } from '../effects/penalties';
import { performStep } from '../effects/sends';
import { callTaskParts } from '../effects/tasks';
import { timelineEntry } from '../effects/timeline';
import { expectedWrite, type StepOutcome } from './outcome';

/** Penalties computed before the step's timer, as of `day` on `balanceMinor`. */
export interface Prepared {
  day: string;
  balanceMinor: number;
  penalties: PenaltyBreakdown;
}

/**
 * A policy step's work. Its emails, alerts and timeline entries go out as `StepPart`s of ONE
 * activity, which also writes the case record as it will stand after the step.
 *
 * The trade-off (`StepPart`): every regular activity costs 3 history events plus the workflow
 * task that takes its result (3 more); one per step instead of one per part is what keeps the
 * default lifecycle at 100 events, and no event can land between two parts of a step (an email
 * sent, its alert not). The price: a retry redoes every part, so each part is idempotent by its
 * key (email row, timeline entry, `alert:<key>`); the first part refused for good fails the whole
 * step (an alert refused for good is recorded and the step goes on); and what the workflow must
 * know before the letter exists (the penalties it claims, `penaltiesMinor` in the record) stays a
 * separate activity, computed before the step's timer when it can be (`Prepared`).
 * Answers the step's outcome, which the caller settles once the activity is done.
 */
export async function doStep(
  c: Case,
  next: PlannedStep,
  later: PlannedStep[],
  prepared?: Prepared,
  clientBalanceMinor?: number,
): Promise<StepOutcome> {
  const { step } = next;
  const s = c.s;
  const outcome: StepOutcome = { next, startedAt: nowIso() };
  const key = `step:${step.id}`;
  /** The penalties prepared for this day and balance, else computed now (a regular activity). */
  const penaltiesOn = async (day: string, formalNoticeDate?: string) =>
    prepared?.day === day && prepared.balanceMinor === s.balanceMinor
      ? prepared.penalties
      : penalties(c, day, formalNoticeDate, true);
  const perform = (summary: string, parts: StepPart[]) =>
    performStep(c, summary, parts, expectedWrite(c, outcome, later));

  if (step.action === 'reminder') {
    const tone = step.tone ?? 'friendly';
    if (c.clientUnreachable()) {
      await perform(
        `Call task instead of the ${tone} reminder (${step.id})`,
        callTaskParts(c, key, step.id, 'email_bounced'),
      );
      return outcome;
    }
    const email = reminderEmail(c, tone, later);
    const parts: StepPart[] = [
      {
        sendClientEmail: {
          ref: c.ref,
          key,
          step: step.id,
          timelineType: 'reminder_sent',
          amounts: c.amounts(),
          email,
        },
      },
      ...(step.callTask ? callTaskParts(c, key, step.id, 'scheduled') : []),
    ];
    outcome.contactedAt = outcome.startedAt;
    await perform(`Send the ${tone} reminder (${step.id})`, parts);
  } else if (step.action === 'formal_notice') {
    const { letter, notice, byPost, summary } = await datedNotice(c, step, penaltiesOn);
    const { deadline } = notice;
    const parts: StepPart[] = [
      { sendFormalNotice: letter },
      // By post, the letter-task email already told the creditor; nothing reached the client's inbox.
      ...(byPost
        ? []
        : [{ alertCreditor: alertInput(c, key, { kind: 'formal_notice_sent', deadline }, step.id) }]),
    ];
    outcome.formalNotice = notice;
    if (!byPost) outcome.contactedAt = outcome.startedAt;
    await perform(summary, parts);
  } else {
    const reason = belowHandoffThreshold(c, step, clientBalanceMinor);
    if (reason) {
      s.finishedReason = reason;
      c.apply({ type: 'unrecovered' }, false);
      await perform('Close the case as unrecovered', [
        { recordTimeline: timelineEntry(c, key, 'unrecovered', { reason }, step.id) },
        { alertCreditor: alertInput(c, key, { kind: 'unrecovered', reason }, step.id) },
      ]);
    } else {
      const at = nowIso();
      const breakdown = await penaltiesOn(localDate(at, c.tz));
      outcome.handedOff = true;
      await perform('Hand the case to the legal contact (dossier PDF + JSON)', [
        {
          handOffToLawyer: { ref: c.ref, key, step: step.id, amounts: c.amounts(), penalties: breakdown, at },
        },
        { alertCreditor: alertInput(c, key, { kind: 'handed_off' }, step.id) },
      ]);
    }
  }
  return outcome;
}

/** A reminder's email: the tone, with when late fees run (firm) and when the notice comes (urgent). */
export function reminderEmail(
  c: Case,
  tone: NonNullable<PlannedStep['step']['tone']>,
  later: PlannedStep[],
): Extract<ClientEmail, { template: typeof tone }> {
  const email: Extract<ClientEmail, { template: typeof tone }> = { template: tone };
  const notice = later.find((l) => l.step.action === 'formal_notice');
  if (tone === 'firm') email.lateFeesFrom = addDays(c.dueDate, 1);
  if (tone === 'urgent' && notice) email.formalNoticeOn = localDate(notice.fireAt, c.tz);
  return email;
}

/**
 * The formal notice's date, penalties and deadline. The letter is dated the day it goes out:
 * penalties are recomputed if the day turned while they were computed.
 */
async function datedNotice(
  c: Case,
  step: PlannedStep['step'],
  penaltiesOn: (day: string, formalNoticeDate: string) => Promise<PenaltyBreakdown>,
) {
  let sentOn = localDate(nowIso(), c.tz);
  let breakdown = await penaltiesOn(sentOn, sentOn);
  if (localDate(nowIso(), c.tz) !== sentOn) {
    sentOn = localDate(nowIso(), c.tz);
    breakdown = await penaltiesOn(sentOn, sentOn);
  }
  const deadline = deadlineDate(nowIso(), step.deadlineDays ?? 8, c.tz);
  const byPost = c.clientUnreachable();
  const summary = byPost
    ? `Send the formal notice to the creditor for registered mail (client address bounced), deadline ${deadline}`
    : `Send the formal notice (mise en demeure), deadline ${deadline}`;
  const letter: SendFormalNoticeInput = {
    ref: c.ref,
    key: `step:${step.id}`,
    step: step.id,
    amounts: c.amounts(),
    penalties: breakdown,
    sentOn,
    deadline,
    ...(byPost ? { deliverTo: 'creditor' as const } : {}),
  };
  const penaltiesMinor = parseMoney(breakdown.total, c.input.currency).minor;
  return { letter, notice: { sentOn, deadline, penaltiesMinor }, byPost, summary };
}

/**
 * Why the hand-off step closes the case instead (balance under its `minAmount`), if it does.
 * `clientBalanceMinor`: the client's whole debt, which a client account compares by default.
 */
export function belowHandoffThreshold(
  c: Case,
  step: PlannedStep['step'],
  clientBalanceMinor?: number,
): string | undefined {
  const threshold = parseMoney(step.minAmount ?? '0', c.input.currency).minor;
  const ofClient = clientBalanceMinor !== undefined && (step.minAmountScope ?? 'client') === 'client';
  const balanceMinor = ofClient ? clientBalanceMinor : c.s.balanceMinor;
  if (balanceMinor >= threshold) return undefined;
  return (
    `${ofClient ? "the client's balance" : 'balance'} ${c.format(balanceMinor)} is below the ` +
    `${c.format(threshold)} threshold: legal action would cost more than it recovers`
  );
}
