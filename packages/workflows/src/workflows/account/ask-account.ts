import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import * as wf from '@temporalio/workflow';
import { DEFAULT_GATHER_FOR, DEFAULT_GROUP_WITHIN, type PlannedStep } from '@relance/domain';
import {
  ACCOUNT_WORKFLOW_TYPE,
  accountWorkflowId,
  stepDueSignal,
  withdrawSignal,
  type AccountInput,
  type StepRequest,
} from '../../account-contract';
import { SA } from '../../search-attributes';
import type { Case } from '../case-context';
import { nowIso } from '../clock';
import { stepFailed } from '../steps/run-step';
import { settle, type StepOutcome } from '../steps/outcome';
import type { ClientEmail } from '../../activities';

/** How long a case waits for the account to confirm a withdrawal before planning again. */
const WITHDRAW_WAIT = '10 minutes';

/**
 * A reminder step sent through the client's account (docs/architecture.md "Client accounts"):
 * the case asks, then waits for the account's answer. Superseded while it waits (a payment, a
 * reply…), it withdraws: the account answers `withdrawn` unless the message listing it was
 * already being sent, in which case the step counts as done, as for a case sending alone.
 */
export async function reminderThroughAccount(
  c: Case,
  next: PlannedStep,
  email: Extract<ClientEmail, { template: 'courtesy' | 'friendly' | 'firm' | 'urgent' }>,
  superseded: () => boolean,
): Promise<void> {
  const { step } = next;
  const key = `step:${step.id}`;
  const account = c.input.account!;
  const { policy } = c.input;
  const outcome: StepOutcome = { next, startedAt: nowIso() };
  const request: StepRequest = {
    ref: c.ref,
    key,
    step: step.id,
    tone: email.template,
    overdue: c.s.status !== 'pending',
    amounts: c.amounts(),
    address: c.clientEmail.toLowerCase(),
    ...(policy.maxContactsPerWeek ? { maxContactsPerWeek: policy.maxContactsPerWeek } : {}),
    groupWithin: policy.groupWithin ?? DEFAULT_GROUP_WITHIN,
    gatherFor: policy.gatherFor ?? DEFAULT_GATHER_FOR,
    ...(email.lateFeesFrom ? { lateFeesFrom: email.lateFeesFrom } : {}),
    ...(email.formalNoticeOn ? { formalNoticeOn: email.formalNoticeOn } : {}),
  };
  c.answers.delete(key);
  c.pulled = undefined;
  const accountId = accountWorkflowId(c.input.tenant, account.clientId);
  await askAccount(c, accountId, request);
  await wf.condition(() => c.answers.has(key) || superseded());
  if (!c.answers.has(key)) {
    await wf.getExternalWorkflowHandle(accountId).signal(withdrawSignal, { workflowId: c.ref.workflowId, key });
    if (!(await wf.condition(() => c.answers.has(key), WITHDRAW_WAIT))) return;
  }
  const answer = c.answers.get(key)!;
  c.answers.delete(key);
  if (answer.outcome === 'withdrawn') return;
  if (answer.outcome === 'failed') {
    await stepFailed(c, step.id, 'email_failed', new Error(answer.reason));
    return;
  }
  outcome.contactedAt = answer.sentAt;
  settle(c.s, outcome, (event) => c.apply(event, false));
  // The account's send recorded the step on the timeline; the loop's next sync writes the record.
  c.projection.notWritten();
}

/**
 * Signals the account, starting it first when it is not running (its first case, or it ended
 * after a quiet week). Two cases starting it at once: the second start finds it running.
 */
async function askAccount(c: Case, accountId: string, request: StepRequest): Promise<void> {
  const handle = wf.getExternalWorkflowHandle(accountId);
  try {
    await handle.signal(stepDueSignal, request);
    return;
  } catch (err) {
    if (!(err instanceof Error) || wf.isCancellation(err)) throw err;
  }
  const input: AccountInput = {
    tenant: c.input.tenant,
    clientId: c.input.account!.clientId,
    ...(c.input.emailTaskQueue ? { emailTaskQueue: c.input.emailTaskQueue } : {}),
  };
  try {
    await wf.startChild(ACCOUNT_WORKFLOW_TYPE, {
      workflowId: accountId,
      args: [input],
      parentClosePolicy: 'ABANDON',
      staticSummary: `Client account ${input.clientId}`,
      typedSearchAttributes: [
        { key: SA.tenant, value: input.tenant },
        { key: SA.client, value: input.clientId },
        { key: SA.status, value: 'account' },
      ],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  await handle.signal(stepDueSignal, request);
}
