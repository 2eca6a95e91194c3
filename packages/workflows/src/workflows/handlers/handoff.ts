import * as wf from '@temporalio/workflow';
import {
  callOutcomeUpdate,
  handoffUpdate,
  type CallOutcomeInput,
  type HandoffDecisionInput,
} from '../../contract';
import type { Case } from '../case-context';
import { nowIso } from '../clock';
import { alert } from '../effects/alerts';
import { timeline } from '../effects/timeline';
import { validateCallOutcome, validateHandoffDecision } from '../validators';
import { control, recordPromise } from './controls';

/** Why a case closes when the creditor declines its hand-off without saying why. */
const DECLINED = 'the creditor declined the legal hand-off';

/**
 * The creditor's word on the case (SPEC §3.2b): the answer to a hand-off waiting for approval
 * (`steps/approval.ts`), and the outcome of a call to the client.
 */
export function handleCreditorWord(c: Case): void {
  const { s, input } = c;
  wf.setHandler(handoffUpdate, (d) => decideHandoff(c, d), {
    validator: (d) => validateHandoffDecision(d, s),
  });
  wf.setHandler(callOutcomeUpdate, (o) => recordCallOutcome(c, o), {
    validator: (o) => validateCallOutcome(o, input, s),
  });
}

/**
 * Approved: the loop runs the hand-off as without approval (threshold, dossier, lawyer). Declined:
 * the case ends `unrecovered` with the reason, or is paused for the creditor to chase by hand
 * (`keepChasing`); resumed, its hand-off asks again.
 */
async function decideHandoff(c: Case, d: HandoffDecisionInput) {
  const { s } = c;
  const asked = s.handoffApproval!;
  const { step } = asked;
  const n = c.nextSeq();
  if (d.approve) {
    asked.approved = true;
    await timeline(c, `handoff_approved:${step}:${n}`, 'handoff_approved', {}, step);
    await c.projection.sync({ step, action: 'legal_handoff', at: nowIso() });
    c.changed(); // the loop wakes and hands the case off
    return c.projection.view();
  }
  s.handoffApproval = undefined;
  const reason = d.reason ?? DECLINED;
  if (d.keepChasing) {
    c.apply({ type: 'pause' });
    s.pausedReason = 'handoff_declined';
    await timeline(
      c,
      `handoff_declined:${step}:${n}`,
      'handoff_declined',
      { reason, keepChasing: true },
      step,
    );
    await c.projection.sync(null);
    return c.projection.view();
  }
  s.finishedReason = reason;
  c.apply({ type: 'unrecovered' });
  await timeline(
    c,
    `handoff_declined:${step}:${n}`,
    'handoff_declined',
    { reason, keepChasing: false },
    step,
  );
  await timeline(c, `unrecovered:${step}:${n}`, 'unrecovered', { reason }, step);
  await alert(c, `unrecovered:${step}:${n}`, { kind: 'unrecovered', reason }, step);
  await c.projection.sync(null);
  return c.projection.view();
}

/** Recorded on the timeline; a promise or a dispute is applied as through its own route. */
async function recordCallOutcome(c: Case, o: CallOutcomeInput) {
  const data = {
    outcome: o.outcome,
    ...(o.note ? { note: o.note } : {}),
    ...(o.promiseDate ? { promiseDate: o.promiseDate } : {}),
  };
  await timeline(c, `call_outcome:${c.nextSeq()}`, 'call_outcome_recorded', data);
  if (o.outcome === 'promised')
    await recordPromise(c, { date: o.promiseDate!, ...(o.note ? { note: o.note } : {}) });
  else if (o.outcome === 'disputed')
    await control(c, { type: 'dispute' }, 'disputed', o.note ?? 'disputed on a call');
  else await c.projection.sync();
  return c.projection.view();
}
