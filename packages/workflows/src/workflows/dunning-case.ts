import * as wf from '@temporalio/workflow';
import {
  canTransition,
  INITIAL_CASE_STATE,
  isTerminal,
  localDate,
  parseMoney,
  planSchedule,
  transition,
  type CaseEvent,
  type CaseStatus,
  type PlannedStep,
} from '@relance/domain';
import type {
  CarriedState,
  CaseState,
  DunningCaseInput,
  NextAction,
  PaymentInput,
  ReplyInput,
} from '../contract';
import {
  bounceSignal,
  cancelSignal,
  cancelUpdate,
  caseStateQuery,
  clientContactSignal,
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
import { cutReplyText } from '../reply-text';
import { CaseActions, ONE_ACTIVITY_PER_STEP, ONE_LOCAL_ACTIVITY_AT_A_TIME } from './case-actions';
import { runPlanInstalment, runPromise } from './arrangements';
import { validatePayment, validatePlan, validatePromise, assertCan } from './validators';
import { msUntil, nowIso } from './clock';
import { runStep, stepFailed, type Apply, type Prepared } from './step-runner';

/** Continue-as-new well before Temporal's limits (50 000 events); payment plans can run for months. */
const HISTORY_BUDGET = 2_000;

/** A flood of replies makes at most one creditor alert per hour (the rest are summed up in it). */
const REPLY_ALERT_INTERVAL_MS = 3_600_000;

/** Statuses in which the case waits for an event and runs no step. */
const HELD: readonly CaseStatus[] = ['paused', 'disputed', 'handed_off'];

/**
 * One dunning case per invoice: sleeps until each policy step, runs it through activities and
 * wakes early on payments, replies and manual controls (SPEC §3.2, §6).
 */
export async function dunningCase(input: DunningCaseInput): Promise<CaseState> {
  const s: CarriedState = input.carried ?? initialState(input);
  // New cases record one marker (each also upserts TemporalChangeVersion): the later change
  // implies the earlier one, which is asked only of histories recorded between the two.
  const serialLocal = wf.patched(ONE_LOCAL_ACTIVITY_AT_A_TIME);
  const v2 = serialLocal || wf.patched(ONE_ACTIVITY_PER_STEP);
  const actions = new CaseActions(input, s, v2, serialLocal);
  const { projection } = actions;
  /** Bumped by every event that changes the case, so a running step is superseded and the loop re-plans. */
  let version = 0;
  const changed = () => {
    version += 1;
  };
  /**
   * Applies a transition; an event the state machine refuses here is ignored (logged), never a
   * workflow task failure. `fromEvent` false: the case's own progress, which supersedes nothing.
   */
  const apply: Apply = (event, fromEvent = true) => {
    if (!canTransition({ status: s.status, stage: s.stage }, event)) {
      wf.log.warn('transition refused in this status', { event: event.type, status: s.status });
      return false;
    }
    Object.assign(s, transition({ status: s.status, stage: s.stage }, event));
    if (fromEvent) changed();
    return true;
  };
  const tooLong = () => {
    const info = wf.workflowInfo();
    return info.continueAsNewSuggested || info.historyLength >= (input.historyBudget ?? HISTORY_BUDGET);
  };
  let flushingReplies = false;

  wf.setHandler(caseStateQuery, () => projection.view());

  const onPayment = async (p: PaymentInput) => {
    const key = `payment:${p.id}`;
    if (s.seen.includes(key)) return;
    s.seen.push(key);
    const amountMinor = parseMoney(p.amount, input.currency).minor;
    if (isTerminal(s.status)) {
      // Money reaching a closed case may need a refund: on the audit trail (the API's key) and to the creditor.
      await actions.timeline(`webhook:${p.id}`, 'payment_received', {
        paymentId: p.id,
        amount: p.amount,
        paidAt: p.paidAt,
        accepted: false,
        reason: `the case is already closed (${s.status})`,
      });
      await actions.alert(`payment_after_close:${p.id}`, {
        kind: 'payment_after_close',
        paymentId: p.id,
        amountMinor,
        status: s.status,
      });
      return;
    }
    // More than the balance (the client added the indemnity, the penalties, or paid twice): the
    // case is paid and the surplus recorded for the creditor to refund or apply.
    const surplusMinor = Math.max(0, amountMinor - s.balanceMinor);
    s.paidMinor += amountMinor;
    s.balanceMinor = Math.max(0, s.balanceMinor - amountMinor);
    if (surplusMinor > 0) s.overpaidMinor = (s.overpaidMinor ?? 0) + surplusMinor;
    if (s.plan) s.plan.paidMinor += amountMinor;
    // A payment also ends a pause (SPEC §3.2: escalation waits for … a payment). Every open case
    // takes a payment, so this also supersedes a step being prepared on the old balance.
    apply({ type: 'payment', fullyPaid: s.balanceMinor === 0, overdue: actions.isOverdue() });
    if (s.status !== 'paused') s.pausedReason = undefined;
    if (s.status !== 'paused') s.actionRequired = undefined;
    // The payment and the case record it changed, in one write (one hop after the event).
    await actions.db('Record payment').recordPayment({
      ref: actions.ref,
      paymentId: p.id,
      amountMinor,
      currency: input.currency,
      paidAt: p.paidAt,
      reference: p.reference,
      balanceAfterMinor: s.balanceMinor,
      ...(actions.v2 ? { write: projection.takeWrite() } : {}),
    });
    if (surplusMinor > 0) {
      await actions.timeline(`overpaid:${p.id}`, 'overpaid', {
        paymentId: p.id,
        surplus: actions.format(surplusMinor),
      });
      await actions.alert(`overpaid:${p.id}`, { kind: 'overpaid', paymentId: p.id, surplusMinor });
    }
    await projection.sync();
  };
  wf.setHandler(recordPaymentUpdate, async (p) => (await onPayment(p), projection.view()), {
    validator: (p) => validatePayment(p, input, s),
  });
  wf.setHandler(paymentSignal, async (p) => {
    if (isTerminal(s.status)) return onPayment(p); // recorded and alerted, never dropped
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

  const onReply = async (r: ReplyInput) => {
    const key = `reply:${r.id}`;
    if (s.seen.includes(key)) return;
    s.seen.push(key);
    // Anyone can write to the case's address: a sender that is not the client pauses nothing
    // unless the creditor asked so. Only new input (`verified: false`) takes this branch.
    const unverified = r.verified === false;
    const mayPause = !unverified || r.pauseIfUnverified === true;
    // A reply reaches the creditor whatever the status; it pauses only an escalating case.
    const paused =
      mayPause &&
      ['pending', 'overdue', 'promised', 'payment_plan'].includes(s.status) &&
      apply({ type: 'reply' });
    if (paused) s.pausedReason = 'client_reply';
    // The API cuts the text already (and says so); this cut guards signals sent before it did.
    const cut = cutReplyText(r.text);
    const text = cut.text;
    const originalLength = r.originalLength ?? cut.originalLength;
    const cutData = originalLength !== undefined ? { truncated: true, originalLength } : {};
    const sender = unverified ? { unverified: true, paused } : {};
    // Decided before any await, so concurrent handlers see the replies in the order they came.
    const last = s.lastReplyAlertAt ? Date.parse(s.lastReplyAlertAt) : -Infinity;
    const alertNow = Date.parse(nowIso()) - last >= REPLY_ALERT_INTERVAL_MS && !s.replyDigest;
    if (alertNow) s.lastReplyAlertAt = nowIso();
    else {
      // Coalesced: the flusher sends one alert with the count and the latest reply.
      s.replyDigest = {
        count: (s.replyDigest?.count ?? 0) + 1,
        from: r.from,
        receivedAt: r.receivedAt,
        text,
        ...sender,
      };
    }
    await actions.timeline(key, 'reply_received', {
      from: r.from,
      receivedAt: r.receivedAt,
      text,
      ...cutData,
      ...sender,
    });
    if (alertNow)
      await actions.alert(key, { kind: 'reply', from: r.from, receivedAt: r.receivedAt, text, ...sender });
    await projection.sync();
  };
  wf.setHandler(replyUpdate, async (r) => (await onReply(r), projection.view()), {
    validator: (_r) => assertCan(s, 'reply'),
  });
  wf.setHandler(replySignal, onReply);

  wf.setHandler(bounceSignal, async (b) => {
    const key = `bounce:${b.id}`;
    if (s.seen.includes(key)) return;
    s.seen.push(key);
    const step = b.step ?? s.stage;
    const recipient = b.recipient.toLowerCase();
    s.suppressed = [...new Set([...(s.suppressed ?? []), recipient])];
    const isClient = recipient === actions.clientEmail.toLowerCase();
    if (isClient) changed(); // a step about to email this address becomes a call or letter task
    await actions.timeline(
      key,
      'email_bounced',
      {
        emailId: b.emailId,
        recipient: b.recipient,
        reason: b.reason,
        failed: true,
        ...(b.complaint ? { complaint: true } : {}),
      },
      step,
    );
    // The bounce alert asks the creditor to call: the call task goes on the timeline without a second alert.
    if (isClient && !isTerminal(s.status)) await actions.callTask(key, step, 'email_bounced', false);
    await actions.alert(key, {
      kind: 'bounce',
      step,
      recipient: b.recipient,
      reason: b.reason,
      ...(b.complaint ? { complaint: true } : {}),
    });
  });

  wf.setHandler(clientContactSignal, (c) => {
    if (c.email && c.email.toLowerCase() !== actions.clientEmail.toLowerCase()) {
      s.clientEmail = c.email;
      s.suppressed = (s.suppressed ?? []).filter((a) => a !== c.email!.toLowerCase());
    }
    if (c.phone) s.clientPhone = c.phone;
    // A case waiting because the client could not be reached resumes with the new details.
    if (
      s.actionRequired &&
      s.status === 'paused' &&
      apply({ type: 'resume', overdue: actions.isOverdue() })
    ) {
      s.pausedReason = undefined;
      s.actionRequired = undefined;
    }
    changed();
  });

  const control = (event: CaseEvent, timelineType: string, reason?: string) => async () => {
    apply(event);
    if (event.type === 'pause' || event.type === 'dispute') s.pausedReason = reason ?? event.type;
    if (event.type === 'resume') {
      s.pausedReason = undefined;
      s.actionRequired = undefined;
    }
    await actions.timeline(`${timelineType}:${actions.nextSeq()}`, timelineType, reason ? { reason } : {});
    await projection.sync();
    return projection.view();
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
      await actions.timeline(`promise:${p.date}:${actions.nextSeq()}`, 'promise_recorded', { ...p });
      await projection.sync();
      return projection.view();
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
      await actions.timeline(`plan:${actions.nextSeq()}`, 'plan_agreed', { instalments: p.instalments });
      await projection.sync();
      return projection.view();
    },
    { validator: (p) => validatePlan(p, input, s) },
  );

  /** Sends the coalesced reply alert once the interval since the last one has passed. */
  const flushReplies = async () => {
    for (;;) {
      await wf.condition(() => s.replyDigest !== undefined);
      const due = new Date(
        Date.parse(s.lastReplyAlertAt ?? nowIso()) + REPLY_ALERT_INTERVAL_MS,
      ).toISOString();
      if (msUntil(due) > 0) await wf.sleep(msUntil(due));
      const digest = s.replyDigest;
      if (!digest) continue;
      flushingReplies = true;
      try {
        await actions.alert(`replies:${actions.nextSeq()}`, { kind: 'reply', ...digest });
        s.lastReplyAlertAt = nowIso();
        s.replyDigest = undefined;
      } finally {
        flushingReplies = false;
      }
    }
  };
  void flushReplies();

  wf.setCurrentDetails(projection.details());

  while (!isTerminal(s.status)) {
    // Checked on every path, including while on hold: a flood of events must not grow one run forever.
    if (tooLong()) {
      await wf.condition(() => wf.allHandlersFinished() && !flushingReplies);
      if (isTerminal(s.status)) break;
      await wf.continueAsNew<typeof dunningCase>({ ...input, carried: s });
    }
    if (HELD.includes(s.status)) {
      const held = s.status;
      await projection.sync(s.actionRequired ? undefined : null);
      await wf.condition(() => s.status !== held || tooLong());
      continue;
    }
    const seenVersion = version;
    const superseded = () => version !== seenVersion;
    const interrupted = () => superseded() || tooLong();
    try {
      if (s.status === 'promised') {
        await runPromise(actions, interrupted, apply, superseded);
      } else if (s.status === 'payment_plan') {
        await runPlanInstalment(actions, interrupted, apply, superseded);
      } else {
        await runNextStep(actions, s, interrupted, superseded, apply);
      }
    } catch (err) {
      // An activity that failed for good never fails the case: it waits, visibly, for the creditor.
      if (!(err instanceof wf.ActivityFailure) || wf.isCancellation(err)) throw err;
      await stepFailed(actions, projection.nextAction?.step ?? s.stage, 'action_required', err, apply);
    }
  }

  await actions.finish();
  await wf.condition(() => !flushingReplies);
  if (s.replyDigest) await actions.alert(`replies:${actions.nextSeq()}`, { kind: 'reply', ...s.replyDigest });
  await wf.condition(wf.allHandlersFinished);
  return projection.view();
}

/** Sleeps until the next policy step (or the due date) and runs it, unless an event comes first. */
async function runNextStep(
  actions: CaseActions,
  s: CarriedState,
  interrupted: () => boolean,
  superseded: () => boolean,
  apply: Apply,
): Promise<void> {
  const overdueAt = actions.overdueAt();
  if (s.status === 'pending' && msUntil(overdueAt) === 0) {
    apply({ type: 'became_overdue' }, false);
    if (!actions.v2) await actions.projection.sync(); // written below with the next action
  }
  const [planned, ...later] = planSchedule({ ...actions.scheduleInput(), now: nowIso() });
  const next = planned && actions.afterNoticeDeadline(planned);
  // A case not yet due also wakes at the due date, to become overdue on time.
  const wakeForDue = s.status === 'pending' && (!next || Date.parse(overdueAt) < Date.parse(next.fireAt));
  const wakeAt = wakeForDue ? overdueAt : next?.fireAt;
  const prepared = actions.v2 && next && !wakeForDue ? await preparePenalties(actions, next) : undefined;
  // A step that runs at once writes the record itself (cases since ONE_ACTIVITY_PER_STEP).
  const now = actions.v2 && !!next && !wakeForDue && msUntil(next.fireAt) === 0;
  await actions.projection.sync(next ? nextActionOf(next) : null, now);
  if (!wakeAt) {
    // Every step has run and the case is still open (a policy without a legal hand-off).
    await wf.condition(interrupted);
    return;
  }
  if (msUntil(wakeAt) > 0 && (await wf.condition(interrupted, msUntil(wakeAt)))) return;
  if (wakeForDue || !next || interrupted()) return; // the loop flips the status and plans again
  if (s.status === 'pending' && msUntil(overdueAt) === 0) apply({ type: 'became_overdue' }, false);
  await runStep(actions, next, later, apply, superseded, prepared);
}

/**
 * The penalties a formal notice or hand-off will claim, computed before the case sleeps until it
 * (as of the day it is planned): once it wakes, the step is sent in the same workflow task, with
 * no round trip in between that an event could race.
 */
async function preparePenalties(actions: CaseActions, next: PlannedStep): Promise<Prepared | undefined> {
  const { step } = next;
  const s = actions.state;
  if (step.action === 'reminder') return undefined;
  if (step.action === 'legal_handoff') {
    const threshold = parseMoney(step.minAmount ?? '0', actions.caseInput.currency).minor;
    if (s.balanceMinor < threshold) return undefined;
  }
  const at = msUntil(next.fireAt) > 0 ? next.fireAt : nowIso();
  const day = localDate(at, actions.tz);
  const penalties = await actions.penalties(day, step.action === 'formal_notice' ? day : undefined);
  return { day, balanceMinor: s.balanceMinor, penalties };
}

function nextActionOf(p: PlannedStep): NextAction {
  return { step: p.step.id, action: p.step.action, at: p.fireAt };
}

function initialState(input: DunningCaseInput): CarriedState {
  const currency = input.currency;
  const total = parseMoney(input.total, currency).minor;
  const due = parseMoney(input.amountDue, currency).minor;
  return {
    ...INITIAL_CASE_STATE,
    paidMinor: total - due,
    balanceMinor: due,
    nextIndex: 0,
    contacts: [],
    seen: [],
  };
}
