import * as wf from '@temporalio/workflow';
import {
  DEFAULT_GATHER_FOR,
  DEFAULT_GROUP_WITHIN,
  localDate,
  nextContactAllowedAt,
  parseMoney,
  type PlannedStep,
} from '@relance/domain';
import {
  accountWorkflowId,
  withdrawSignal,
  type AccountInput,
  type StepAnswer,
  type StepRequest,
} from '../../account-contract';
import type { AskAccountResult } from '../../activities';
import { recordContact, type Case } from '../case-context';
import { msUntil, nowIso } from '../clock';
import { penalties } from '../effects/penalties';
import { settle, type StepOutcome } from '../steps/outcome';
import { reminderEmail, type Prepared } from '../steps/step-work';

/** How long a case waits for the account to confirm a withdrawal before planning again. */
const WITHDRAW_WAIT = '10 minutes';

/**
 * What became of a step asked through the account: settled (sent, withdrawn, unrecovered),
 * refused for good (`failed`: the caller records it), or `alone`: the caller runs it itself.
 */
export type AccountOutcome =
  | { kind: 'settled' }
  | { kind: 'failed'; reason: string }
  | { kind: 'alone'; clientBalanceMinor: number };

/**
 * A policy step sent through the client's account (docs/architecture.md "Client accounts"): the
 * case asks, then waits for the account's answer. Superseded while it waits (a payment, a
 * reply…), it withdraws: the account answers `withdrawn` unless the message listing it was
 * already being sent, in which case the step counts as done, as for a case sending alone.
 * Answers `alone` when no other case of the client goes with it: the caller runs the step.
 */
export async function stepThroughAccount(
  c: Case,
  next: PlannedStep,
  later: PlannedStep[],
  superseded: () => boolean,
  prepared: Prepared | undefined,
): Promise<AccountOutcome> {
  const request = await requestFor(c, next, later, prepared);
  const { key } = request;
  c.answers.delete(key);
  c.pulled = undefined;
  const accountId = accountWorkflowId(c.input.tenant, c.input.account!.clientId);
  const asked = await askAccount(c, request);
  if (asked.alone) {
    // Messages other cases of the client sent count towards this address's weekly cap too.
    const known = (asked.recentContacts ?? []).filter((at) => !c.s.contacts.includes(at));
    if (known.length && next.step.action !== 'legal_handoff') {
      for (const at of known.sort()) recordContact(c.s, at);
      const cap = c.input.policy.maxContactsPerWeek;
      // Over the cap now: the loop plans again and the schedule waits until the address may be mailed.
      if (msUntil(nextContactAllowedAt(c.s.contacts, cap, nowIso())) > 0) return { kind: 'settled' };
    }
    return { kind: 'alone', clientBalanceMinor: asked.clientBalanceMinor };
  }
  await wf.condition(() => c.answers.has(key) || superseded());
  if (!c.answers.has(key)) {
    await wf.getExternalWorkflowHandle(accountId).signal(withdrawSignal, { workflowId: c.ref.workflowId, key });
    if (!(await wf.condition(() => c.answers.has(key), WITHDRAW_WAIT))) return { kind: 'settled' };
  }
  const answer = c.answers.get(key)!;
  c.answers.delete(key);
  if (answer.outcome === 'alone') return { kind: 'alone', clientBalanceMinor: answer.clientBalanceMinor };
  if (answer.outcome === 'failed') return { kind: 'failed', reason: answer.reason };
  if (answer.outcome !== 'withdrawn') settleAnswer(c, next, request, answer);
  return { kind: 'settled' };
}

function settleAnswer(
  c: Case,
  next: PlannedStep,
  request: StepRequest,
  answer: Extract<StepAnswer, { outcome: 'sent' | 'unrecovered' }>,
): void {
  const { step } = next;
  const s = c.s;
  const outcome: StepOutcome = { next, startedAt: nowIso() };
  if (answer.outcome === 'unrecovered') {
    s.finishedReason = answer.reason;
    c.apply({ type: 'unrecovered' }, false);
  } else if (step.action === 'legal_handoff') {
    outcome.handedOff = true;
  } else {
    outcome.contactedAt = answer.sentAt;
    if (answer.notice) {
      const penaltiesMinor = parseMoney(request.penalties!.total, c.input.currency).minor;
      outcome.formalNotice = { ...answer.notice, penaltiesMinor };
    }
  }
  settle(s, outcome, (event) => c.apply(event, false));
  // The account's send recorded the step on the timeline; the loop's next sync writes the record.
  c.projection.notWritten();
}

/** The request of a due step, with what the message needs to show it. */
async function requestFor(
  c: Case,
  next: PlannedStep,
  later: PlannedStep[],
  prepared: Prepared | undefined,
): Promise<StepRequest> {
  const { step } = next;
  const { policy, currency } = c.input;
  const request: StepRequest = {
    ref: c.ref,
    key: `step:${step.id}`,
    step: step.id,
    action: step.action,
    overdue: c.s.status !== 'pending',
    amounts: c.amounts(),
    currency,
    timezone: c.tz,
    address: c.clientEmail.toLowerCase(),
    ...(policy.maxContactsPerWeek ? { maxContactsPerWeek: policy.maxContactsPerWeek } : {}),
    groupWithin: policy.groupWithin ?? DEFAULT_GROUP_WITHIN,
    gatherFor: policy.gatherFor ?? DEFAULT_GATHER_FOR,
  };
  if (step.action === 'reminder') {
    const email = reminderEmail(c, step.tone ?? 'friendly', later);
    Object.assign(request, {
      tone: email.template,
      ...(step.callTask ? { callTask: true } : {}),
      ...(email.lateFeesFrom ? { lateFeesFrom: email.lateFeesFrom } : {}),
      ...(email.formalNoticeOn ? { formalNoticeOn: email.formalNoticeOn } : {}),
    });
    return request;
  }
  const day = localDate(nowIso(), c.tz);
  request.penalties =
    prepared?.day === day && prepared.balanceMinor === c.s.balanceMinor
      ? prepared.penalties
      : await penalties(c, day, step.action === 'formal_notice' ? day : undefined, true);
  if (step.action === 'formal_notice') request.deadlineDays = step.deadlineDays ?? 8;
  else {
    request.minAmount = step.minAmount ?? '0';
    request.minAmountScope = step.minAmountScope ?? 'client';
  }
  return request;
}

/** Hands the request to the account (signal-with-start, in a local activity: one marker event). */
async function askAccount(c: Case, request: StepRequest): Promise<AskAccountResult> {
  const account: AccountInput = {
    tenant: c.input.tenant,
    clientId: c.input.account!.clientId,
    ...(c.input.emailTaskQueue ? { emailTaskQueue: c.input.emailTaskQueue } : {}),
  };
  return c.acts
    .db(`Ask the client account to send ${request.step}`)
    .askAccount({ account, taskQueue: wf.workflowInfo().taskQueue, request });
}
