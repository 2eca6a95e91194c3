import * as wf from '@temporalio/workflow';
import { approvalReminderAt, parseMoney, type PlannedStep } from '@relance/domain';
import type { CreditorAlertInput } from '../../activities';
import type { CarriedState, NextAction } from '../../contract';
import type { Case } from '../case-context';
import { msUntil, nowIso } from '../clock';
import { alert } from '../effects/alerts';
import { timeline } from '../effects/timeline';
import type { Prepared } from './step-work';

/**
 * "No lawyer without the creditor's yes" (SPEC §3.2b): a hand-off step whose policy says
 * `requireApproval: true` runs only once the creditor approved it (`handlers/handoff.ts`).
 * Absent means no approval: cases registered before the field hand off as they always did.
 */
export function needsApproval(s: CarriedState, next: PlannedStep): boolean {
  if (next.step.action !== 'legal_handoff' || next.step.requireApproval !== true) return false;
  const asked = s.handoffApproval;
  return !(asked?.step === next.step.id && asked.approved);
}

/** The next action of a case asked for approval of `step`, if it was asked and has no answer yet. */
export function approvalAction(s: CarriedState, step: string): NextAction | undefined {
  const asked = s.handoffApproval;
  if (!asked || asked.step !== step || asked.approved) return undefined;
  return { step, action: 'approve_handoff', at: asked.requestedAt };
}

/**
 * Asks the creditor (a `handoff_approval_requested` entry and an alert with the dossier's summary,
 * once per asking), then waits for the answer or any event that changes the case: the loop plans
 * again from the new state. One reminder 3 business days after the asking.
 */
export async function awaitApproval(
  c: Case,
  next: PlannedStep,
  interrupted: () => boolean,
  prepared: Prepared | undefined,
): Promise<void> {
  const { s } = c;
  const { step } = next;
  let asked = s.handoffApproval;
  if (asked?.step !== step.id) {
    asked = { step: step.id, key: `handoff_approval:${step.id}:${c.nextSeq()}`, requestedAt: nowIso() };
    s.handoffApproval = asked;
    const summary = dossierSummary(c, prepared);
    await timeline(c, asked.key, 'handoff_approval_requested', timelineData(c, summary), step.id);
    await alert(c, asked.key, { kind: 'handoff_approval', step: step.id, ...summary }, step.id);
  }
  await c.projection.sync(approvalAction(s, step.id));
  if (!asked.reminded) {
    const wait = msUntil(approvalReminderAt(asked.requestedAt, c.calendar));
    if (wait > 0 && (await wf.condition(interrupted, wait))) return;
    if (interrupted()) return;
    asked.reminded = true;
    const summary = dossierSummary(c, prepared);
    await alert(
      c,
      `${asked.key}:reminder`,
      { kind: 'handoff_approval', step: step.id, ...summary, reminder: true },
      step.id,
    );
  }
  await wf.condition(interrupted);
}

type Summary = Omit<Extract<CreditorAlertInput, { kind: 'handoff_approval' }>, 'kind' | 'step'>;

/** What the dossier would claim: the penalties prepared for the step, and the formal notice. */
function dossierSummary(c: Case, prepared: Prepared | undefined): Summary {
  const { s } = c;
  const summary: Summary = {};
  if (prepared && prepared.balanceMinor === s.balanceMinor) {
    const penaltiesMinor = parseMoney(prepared.penalties.total, c.input.currency).minor;
    summary.penaltiesMinor = penaltiesMinor;
    summary.claimedMinor = s.balanceMinor + penaltiesMinor;
  }
  if (s.formalNotice)
    summary.formalNotice = { sentOn: s.formalNotice.sentOn, deadline: s.formalNotice.deadline };
  return summary;
}

function timelineData(c: Case, summary: Summary): Record<string, unknown> {
  return {
    balance: c.format(c.s.balanceMinor),
    ...(summary.penaltiesMinor !== undefined ? { penalties: c.format(summary.penaltiesMinor) } : {}),
    ...(summary.formalNotice ? { formalNotice: summary.formalNotice } : {}),
  };
}
