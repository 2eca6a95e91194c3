import * as wf from '@temporalio/workflow';
import {
  isOverdue,
  isTerminal,
  parseMoney,
  promiseDeadline,
  type CaseEvent,
  type TimelineType,
} from '@relance/domain';
import {
  cancelSignal,
  cancelUpdate,
  disputeUpdate,
  pauseUpdate,
  paymentPlanUpdate,
  promiseUpdate,
  resumeUpdate,
  type CaseState,
  type PromiseInput,
} from '../../contract';
import type { Case } from '../case-context';
import { nowIso } from '../clock';
import { timeline } from '../effects/timeline';
import { assertCan, validatePlan, validatePromise } from '../validators';

/** The creditor's controls: pause, dispute, resume, cancel, a promise to pay, a payment plan. */
export function handleControls(c: Case): void {
  const { s, input } = c;
  wf.setHandler(pauseUpdate, (r) => control(c, { type: 'pause' }, 'paused', r.reason), {
    validator: (_r) => assertCan(s, 'pause'),
  });
  wf.setHandler(disputeUpdate, (r) => control(c, { type: 'dispute' }, 'disputed', r.reason), {
    validator: (_r) => assertCan(s, 'dispute'),
  });
  wf.setHandler(resumeUpdate, () => control(c, resumeEvent(c), 'resumed'), {
    validator: () => assertCan(s, 'resume'),
  });
  wf.setHandler(cancelUpdate, (r) => control(c, { type: 'cancel' }, 'cancelled', r.reason), {
    validator: (_r) => assertCan(s, 'cancel'),
  });
  wf.setHandler(cancelSignal, async (r) => {
    const key = `cancel:${r.id}`;
    if (s.seen.includes(key) || isTerminal(s.status)) return;
    s.seen.push(key);
    await control(c, { type: 'cancel' }, 'cancelled', r.reason);
  });
  wf.setHandler(
    promiseUpdate,
    async (p) => {
      await recordPromise(c, p);
      return c.projection.view();
    },
    { validator: (p) => validatePromise(p, input, s) },
  );
  wf.setHandler(
    paymentPlanUpdate,
    async (p) => {
      c.apply({ type: 'plan_agreed' });
      s.plan = {
        agreedAt: nowIso(),
        paidMinor: 0,
        instalments: p.instalments.map((i) => ({
          dueDate: i.dueDate,
          amountMinor: parseMoney(i.amount, input.currency).minor,
        })),
      };
      await timeline(c, `plan:${c.nextSeq()}`, 'plan_agreed', { instalments: p.instalments });
      await c.projection.sync();
      return c.projection.view();
    },
    { validator: (p) => validatePlan(p, input, s) },
  );
}

/** Resuming now: to `overdue` or `pending` as the due date stands; the next step keeps the spacing rule. */
export function resumeEvent(c: Case): CaseEvent {
  return { type: 'resume', overdue: isOverdue(c.dueDate, c.tz, nowIso()) };
}

/** A promise to pay by a date (the API's promise, a call's outcome): nothing is sent until after it. */
export async function recordPromise(c: Case, p: PromiseInput): Promise<void> {
  c.apply({ type: 'promise' });
  c.s.promise = { date: p.date, note: p.note, until: promiseDeadline(p.date, c.calendar) };
  await timeline(c, `promise:${p.date}:${c.nextSeq()}`, 'promise_recorded', { ...p });
  await c.projection.sync();
}

/** Applies a creditor's control (or the case's own resume, `data.automatic`) and records it. */
export async function control(
  c: Case,
  event: CaseEvent,
  timelineType: TimelineType,
  reason?: string,
  data: Record<string, unknown> = {},
): Promise<CaseState> {
  const { s } = c;
  c.apply(event);
  if (event.type === 'pause' || event.type === 'dispute') s.pausedReason = reason ?? event.type;
  if (event.type === 'resume') {
    s.pausedReason = undefined;
    s.actionRequired = undefined;
  }
  await timeline(c, `${timelineType}:${c.nextSeq()}`, timelineType, reason ? { reason, ...data } : data);
  await c.projection.sync();
  return c.projection.view();
}
