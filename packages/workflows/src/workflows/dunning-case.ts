import * as wf from '@temporalio/workflow';
import { isTerminal, waitsForEvent } from '@relance/domain';
import type { CaseState, DunningCaseInput } from '../contract';
import { caseStateQuery } from '../contract';
import { runPlanInstalment, runPromise } from './arrangements';
import { Case, initialState } from './case-context';
import { finish } from './effects/sends';
import { handleAccount } from './handlers/account';
import { handleAmendments } from './handlers/amendments';
import { handleContacts } from './handlers/contacts';
import { handleControls } from './handlers/controls';
import { handleCreditorWord } from './handlers/handoff';
import { handlePayments } from './handlers/payments';
import { handleReplies } from './handlers/replies';
import { runNextStep } from './steps/next-step';
import { stepFailed } from './steps/run-step';

/**
 * Cases started by the release before this one recorded this patch marker (it chose the command
 * sequence every case now runs). Deprecated, so they replay; delete the call, and 2 events per
 * case with it, in the first release deployed once no case started before this one is open.
 */
const ONE_LOCAL_ACTIVITY_AT_A_TIME = 'one-local-activity-at-a-time';

/** Continue-as-new well before Temporal's limits (50 000 events); payment plans can run for months. */
const HISTORY_BUDGET = 2_000;

/**
 * One dunning case per invoice: sleeps until each policy step, runs it through activities and
 * wakes early on payments, replies and manual controls (docs/architecture.md "What a case reacts to", §6).
 *
 * Reading order: the handlers (`handlers/`) change the case's state and bump its version; this
 * loop plans from the state, sleeps, and runs the next step (`steps/`) unless the version moved;
 * everything that reaches the outside goes through `effects/` and the proxies of
 * `activity-proxies.ts`; the record is written by `projection.ts`.
 */
export async function dunningCase(input: DunningCaseInput): Promise<CaseState> {
  wf.deprecatePatch(ONE_LOCAL_ACTIVITY_AT_A_TIME);
  const c = new Case(input, input.carried ?? initialState(input));
  const { s, projection } = c;
  const tooLong = () => {
    const info = wf.workflowInfo();
    return info.continueAsNewSuggested || info.historyLength >= (input.historyBudget ?? HISTORY_BUDGET);
  };

  wf.setHandler(caseStateQuery, () => projection.view());
  handlePayments(c);
  const replies = handleReplies(c);
  handleContacts(c);
  handleControls(c);
  handleCreditorWord(c);
  handleAccount(c);
  handleAmendments(c);

  wf.setCurrentDetails(projection.details());

  while (!isTerminal(s.status)) {
    // Checked on every path, including while on hold: a flood of events must not grow one run forever.
    if (tooLong()) {
      await wf.condition(() => wf.allHandlersFinished() && !replies.flushing());
      if (isTerminal(s.status)) break;
      await wf.continueAsNew<typeof dunningCase>({ ...input, carried: s });
    }
    if (waitsForEvent(s.status)) {
      const held = s.status;
      await projection.sync(s.actionRequired ? undefined : null);
      await wf.condition(() => s.status !== held || tooLong());
      continue;
    }
    const seenVersion = c.version;
    const superseded = () => c.version !== seenVersion;
    const interrupted = () => superseded() || tooLong();
    try {
      if (s.status === 'promised') await runPromise(c, interrupted, superseded);
      else if (s.status === 'payment_plan') await runPlanInstalment(c, interrupted, superseded);
      else await runNextStep(c, interrupted, superseded);
    } catch (err) {
      // An activity that failed for good never fails the case: it waits, visibly, for the creditor.
      if (!(err instanceof wf.ActivityFailure) || wf.isCancellation(err)) throw err;
      await stepFailed(c, projection.nextAction?.step ?? s.stage, 'action_required', err);
    }
  }

  await finish(c);
  await replies.flushLast();
  await wf.condition(wf.allHandlersFinished);
  return projection.view();
}
