import * as wf from '@temporalio/workflow';
import { isTerminal, type PlannedStep } from '@relance/domain';
import type { Case } from '../case-context';
import { nowIso } from '../clock';
import { alert, failureReason } from '../effects/alerts';
import { timeline } from '../effects/timeline';
import { whileValid } from '../guard';
import { settle } from './outcome';
import { stepThroughAccount } from '../account/ask-account';
import { doStep, type Prepared } from './step-work';

/**
 * Runs one policy step (docs/architecture.md "The policy and its schedule") unless an event supersedes it (`superseded()` turns true while
 * it is being prepared or sent: nothing goes out, the loop plans again with the new state). A step
 * that fails for good puts the case on hold with the reason (docs/architecture.md "Case lifecycle guarantees").
 */
export async function runStep(
  c: Case,
  next: PlannedStep,
  later: PlannedStep[],
  superseded: () => boolean,
  prepared?: Prepared,
): Promise<void> {
  const { step } = next;
  // A client account decides whether the step goes out with the client's other cases (and how).
  let clientBalanceMinor: number | undefined;
  if (c.input.account && !c.clientUnreachable()) {
    const through = await stepThroughAccount(c, next, later, superseded, prepared);
    if (through.kind === 'failed') {
      const type = step.action === 'legal_handoff' ? 'action_required' : 'email_failed';
      await stepFailed(c, step.id, type, new Error(through.reason));
    }
    if (through.kind !== 'alone') return;
    clientBalanceMinor = through.clientBalanceMinor;
  }
  let outcome;
  try {
    outcome = await whileValid(
      () => !superseded(),
      () => doStep(c, next, later, prepared, clientBalanceMinor),
    );
  } catch (err) {
    if (!(err instanceof wf.ActivityFailure) || wf.isCancellation(err)) throw err;
    await stepFailed(c, step.id, step.action === 'legal_handoff' ? 'action_required' : 'email_failed', err);
    return;
  }
  if (!outcome.done) return; // superseded: the loop re-plans with the event applied
  // The record was written with the step; the loop writes any difference with the next action.
  settle(c.s, outcome.value, (event) => c.apply(event, false));
}

/**
 * A step that cannot succeed (provider refusal, missing legal contact, unreachable invoice PDF, or
 * retries exhausted): recorded with its reason, the creditor alerted, the case paused with
 * `actionRequired` until it is resumed or the client's contact changes.
 */
export async function stepFailed(
  c: Case,
  stepId: string,
  type: 'email_failed' | 'action_required',
  err: unknown,
): Promise<void> {
  const s = c.s;
  const reason = failureReason(err);
  const n = c.nextSeq();
  s.actionRequired = { step: stepId, reason };
  if (!isTerminal(s.status) && c.apply({ type: 'pause' }, false)) s.pausedReason = 'action_required';
  await timeline(c, `failed:${stepId}:${n}`, type, { reason }, stepId);
  if (type !== 'action_required') {
    await timeline(c, `action_required:${stepId}:${n}`, 'action_required', { reason }, stepId);
  }
  await alert(c, `action_required:${stepId}:${n}`, { kind: 'action_required', step: stepId, reason }, stepId);
  await c.projection.sync({ step: stepId, action: 'action_required', at: nowIso(), reason });
}
