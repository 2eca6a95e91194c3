import * as wf from '@temporalio/workflow';
import {
  isTerminal,
  parseMoney,
  planSchedule,
  transition,
  type CaseEvent,
  type PlannedStep,
} from '@relance/domain';
import type { CarriedState, CaseState, DunningCaseInput, NextAction } from '../contract';
import {
  bounceSignal,
  cancelSignal,
  cancelUpdate,
  caseStateQuery,
  disputeUpdate,
  pauseUpdate,
  paymentPlanUpdate,
  paymentSignal,
  promiseUpdate,
  recordPaymentUpdate,
  replySignal,
  replyUpdate,
  resumeUpdate,
} from '../contract';
import { CaseActions } from './case-actions';
import { runPlanInstalment, runPromise } from './arrangements';
import { validatePayment, validatePlan, validatePromise, assertCan } from './validators';
import { msUntil, nowIso } from './clock';

/** Continue-as-new well before Temporal's limits (50 000 events); payment plans can run for months. */
const HISTORY_BUDGET = 2_000;

/**
 * One dunning case per invoice: sleeps until each policy step, runs it through activities and
 * wakes early on payments, replies and manual controls (SPEC §3.2, §6).
 */
export async function dunningCase(input: DunningCaseInput): Promise<CaseState> {
  const s: CarriedState = input.carried ?? initialState(input);
  const actions = new CaseActions(input, s);
  /** Bumped by every event handler so the main loop re-plans instead of sleeping on. */
  let version = 0;
  const changed = () => {
    version += 1;
  };
  const apply = (event: CaseEvent) => {
    Object.assign(s, transition({ status: s.status, stage: s.stage }, event));
    changed();
  };

  wf.setHandler(caseStateQuery, () => actions.view());

  const onPayment = async (p: { id: string; amount: string; paidAt: string; reference?: string }) => {
    const key = `payment:${p.id}`;
    if (s.seen.includes(key)) return;
    s.seen.push(key);
    if (isTerminal(s.status)) {
      // Money reaching a closed case may need a refund: it stays on the audit trail (same key as the API's).
      await actions.timeline(`webhook:${p.id}`, 'payment_received', {
        paymentId: p.id,
        amount: p.amount,
        paidAt: p.paidAt,
        accepted: false,
        reason: `the case is already closed (${s.status})`,
      });
      return;
    }
    const amountMinor = parseMoney(p.amount, input.currency).minor;
    s.paidMinor += amountMinor;
    s.balanceMinor = Math.max(0, s.balanceMinor - amountMinor);
    if (s.plan) s.plan.paidMinor += amountMinor;
    // A payment also ends a pause (SPEC §3.2: escalation waits for … a payment).
    apply({ type: 'payment', fullyPaid: s.balanceMinor === 0, overdue: actions.isOverdue() });
    if (s.status !== 'paused') s.pausedReason = undefined;
    await actions.acts('Record payment').recordPayment({
      ref: actions.ref,
      paymentId: p.id,
      amountMinor,
      currency: input.currency,
      paidAt: p.paidAt,
      reference: p.reference,
      balanceAfterMinor: s.balanceMinor,
    });
    await actions.sync();
  };
  wf.setHandler(recordPaymentUpdate, async (p) => (await onPayment(p), actions.view()), {
    validator: (p) => validatePayment(p, input, s),
  });
  wf.setHandler(paymentSignal, async (p) => {
    // A webhook payment that the update validator would refuse is recorded as received, not applied.
    try {
      validatePayment(p, input, s);
    } catch (err) {
      if (s.seen.includes(`payment:${p.id}`)) return;
      await actions.timeline(`payment_rejected:${p.id}`, 'payment_received', {
        paymentId: p.id,
        amount: p.amount,
        accepted: false,
        reason: (err as Error).message,
      });
      return;
    }
    await onPayment(p);
  });

  const onReply = async (r: { id: string; from: string; receivedAt: string; text: string }) => {
    const key = `reply:${r.id}`;
    if (s.seen.includes(key)) return;
    s.seen.push(key);
    // A reply reaches the creditor whatever the status; it pauses only an escalating case.
    if (!isTerminal(s.status) && ['pending', 'overdue', 'promised', 'payment_plan'].includes(s.status)) {
      apply({ type: 'reply' });
      s.pausedReason = 'client_reply';
    }
    await actions.timeline(key, 'reply_received', { from: r.from, receivedAt: r.receivedAt, text: r.text });
    await actions.alert(key, { kind: 'reply', from: r.from, receivedAt: r.receivedAt, text: r.text });
    await actions.sync();
  };
  wf.setHandler(replyUpdate, async (r) => (await onReply(r), actions.view()), {
    validator: (_r) => assertCan(s, 'reply'),
  });
  wf.setHandler(replySignal, onReply);

  wf.setHandler(bounceSignal, async (b) => {
    const key = `bounce:${b.id}`;
    if (s.seen.includes(key)) return;
    s.seen.push(key);
    const step = b.step ?? s.stage;
    await actions.timeline(
      key,
      'email_bounced',
      { emailId: b.emailId, recipient: b.recipient, reason: b.reason, failed: true },
      step,
    );
    await actions.timeline(
      `${key}:call`,
      'call_task_created',
      { reason: 'email_bounced', phone: input.client.name },
      step,
    );
    await actions.alert(key, { kind: 'bounce', step, recipient: b.recipient, reason: b.reason });
  });

  const control = (event: CaseEvent, timelineType: string, reason?: string) => async () => {
    apply(event);
    if (event.type === 'pause' || event.type === 'dispute') s.pausedReason = reason ?? event.type;
    if (event.type === 'resume') s.pausedReason = undefined;
    await actions.timeline(
      `${timelineType}:${wf.workflowInfo().historyLength}`,
      timelineType,
      reason ? { reason } : {},
    );
    await actions.sync();
    return actions.view();
  };
  wf.setHandler(pauseUpdate, (r) => control({ type: 'pause' }, 'paused', r.reason)(), {
    validator: (_r) => assertCan(s, 'pause'),
  });
  wf.setHandler(disputeUpdate, (r) => control({ type: 'dispute' }, 'disputed', r.reason)(), {
    validator: (_r) => assertCan(s, 'dispute'),
  });
  wf.setHandler(resumeUpdate, () => control({ type: 'resume', overdue: actions.isOverdue() }, 'resumed')(), {
    validator: () => assertCan(s, 'resume'),
  });
  wf.setHandler(cancelUpdate, (r) => control({ type: 'cancel' }, 'cancelled', r.reason)(), {
    validator: (_r) => assertCan(s, 'cancel'),
  });
  wf.setHandler(cancelSignal, async (r) => {
    const key = `cancel:${r.id}`;
    if (s.seen.includes(key) || isTerminal(s.status)) return;
    s.seen.push(key);
    await control({ type: 'cancel' }, 'cancelled', r.reason)();
  });
  wf.setHandler(
    promiseUpdate,
    async (p) => {
      apply({ type: 'promise' });
      s.promise = { date: p.date, note: p.note, until: actions.promiseDeadline(p.date) };
      await actions.timeline(`promise:${p.date}:${wf.workflowInfo().historyLength}`, 'promise_recorded', {
        ...p,
      });
      await actions.sync();
      return actions.view();
    },
    { validator: (p) => validatePromise(p, input, s) },
  );
  wf.setHandler(
    paymentPlanUpdate,
    async (p) => {
      apply({ type: 'plan_agreed' });
      s.plan = {
        agreedAt: nowIso(),
        paidMinor: 0,
        instalments: p.instalments.map((i) => ({
          dueDate: i.dueDate,
          amountMinor: parseMoney(i.amount, input.currency).minor,
        })),
      };
      await actions.timeline(`plan:${wf.workflowInfo().historyLength}`, 'plan_agreed', {
        instalments: p.instalments,
      });
      await actions.sync();
      return actions.view();
    },
    { validator: (p) => validatePlan(p, input, s) },
  );

  wf.setCurrentDetails(actions.details());

  while (!isTerminal(s.status)) {
    if (s.status === 'paused' || s.status === 'disputed') {
      await actions.sync(null);
      await wf.condition(() => s.status !== 'paused' && s.status !== 'disputed');
      continue;
    }
    if (s.status === 'handed_off') {
      await actions.sync(null);
      await wf.condition(() => isTerminal(s.status));
      continue;
    }
    const seenVersion = version;
    const interrupted = () => version !== seenVersion;
    if (s.status === 'promised') {
      await runPromise(actions, interrupted, apply);
    } else if (s.status === 'payment_plan') {
      await runPlanInstalment(actions, interrupted, apply);
    } else {
      await runNextStep(actions, s, interrupted, apply);
    }
    await continueAsNewIfLong(input, s);
  }

  await actions.finish();
  await wf.condition(wf.allHandlersFinished);
  return actions.view();
}

/** Sleeps until the next policy step (or the due date) and runs it, unless an event comes first. */
async function runNextStep(
  actions: CaseActions,
  s: CarriedState,
  interrupted: () => boolean,
  apply: (e: CaseEvent) => void,
): Promise<void> {
  const overdueAt = actions.overdueAt();
  if (s.status === 'pending' && msUntil(overdueAt) === 0) {
    apply({ type: 'became_overdue' });
    await actions.sync();
  }
  const [planned, ...later] = planSchedule({ ...actions.scheduleInput(), now: nowIso() });
  const next = planned && actions.afterNoticeDeadline(planned);
  // A case not yet due also wakes at the due date, to become overdue on time.
  const wakeForDue = s.status === 'pending' && (!next || Date.parse(overdueAt) < Date.parse(next.fireAt));
  const wakeAt = wakeForDue ? overdueAt : next?.fireAt;
  await actions.sync(next ? nextActionOf(next) : null);
  if (!wakeAt) {
    // Every step has run and the case is still open (a policy without a legal hand-off).
    await wf.condition(interrupted);
    return;
  }
  if (msUntil(wakeAt) > 0 && (await wf.condition(interrupted, msUntil(wakeAt)))) return;
  if (wakeForDue || !next) return; // the loop flips the status and plans again
  if (s.status === 'pending' && msUntil(overdueAt) === 0) apply({ type: 'became_overdue' });
  await actions.runStep(next, later, apply);
}

function nextActionOf(p: PlannedStep): NextAction {
  return { step: p.step.id, action: p.step.action, at: p.fireAt };
}

async function continueAsNewIfLong(input: DunningCaseInput, s: CarriedState): Promise<void> {
  const info = wf.workflowInfo();
  if (!info.continueAsNewSuggested && info.historyLength < (input.historyBudget ?? HISTORY_BUDGET)) return;
  if (isTerminal(s.status)) return;
  await wf.condition(wf.allHandlersFinished);
  await wf.continueAsNew<typeof dunningCase>({ ...input, carried: s });
}

function initialState(input: DunningCaseInput): CarriedState {
  const currency = input.currency;
  const total = parseMoney(input.total, currency).minor;
  const due = parseMoney(input.amountDue, currency).minor;
  return {
    status: 'pending',
    stage: 'none',
    paidMinor: total - due,
    balanceMinor: due,
    nextIndex: 0,
    contacts: [],
    seen: [],
  };
}
