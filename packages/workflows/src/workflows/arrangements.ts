import * as wf from '@temporalio/workflow';
import { instalmentMissedAt, instalmentReminderAt } from '@relance/domain';
import type { Case } from './case-context';
import { msUntil, nowIso } from './clock';
import { sendClient } from './effects/sends';
import { timeline } from './effects/timeline';
import { whileValid } from './guard';

/**
 * Promise to pay (docs/architecture.md "What a case reacts to"): nothing is sent until the promised date + 1 business day; then a
 * "promise missed" reminder and escalation resumes from the current stage, spacing kept.
 */
export async function runPromise(
  c: Case,
  interrupted: () => boolean,
  superseded: () => boolean,
): Promise<void> {
  const { s } = c;
  const promise = s.promise;
  if (!promise) return void c.apply({ type: 'promise_missed' }, false);
  await c.projection.sync({ step: 'promise', action: 'promise_check', at: promise.until });
  if (await wf.condition(interrupted, msUntil(promise.until) || 1)) return;
  c.apply({ type: 'promise_missed' }, false);
  s.promise = undefined;
  const key = `promise_missed:${promise.date}`;
  // An event while the reminder is prepared or retried wins: it is not sent, escalation goes on.
  await whileValid(
    () => !superseded(),
    () =>
      sendClient(
        c,
        key,
        'promise_missed',
        { template: 'promise_missed', promisedDate: promise.date },
        'Tell the client the promised date has passed',
      ),
  );
  // Escalation resumes after this contact, keeping the policy's spacing from it.
  if (s.previous) s.previous = { index: s.previous.index, at: nowIso() };
  await c.projection.sync();
}

/**
 * Payment plan (docs/architecture.md "What a case reacts to"): a reminder before each instalment's date; an instalment still not
 * covered one business day after its date resumes escalation on the remaining balance.
 */
export async function runPlanInstalment(
  c: Case,
  interrupted: () => boolean,
  superseded: () => boolean,
): Promise<void> {
  const { s } = c;
  const plan = s.plan;
  if (!plan) return void c.apply({ type: 'instalment_missed' }, false);
  let covered = 0;
  const index = plan.instalments.findIndex((i) => (covered += i.amountMinor) > plan.paidMinor);
  const instalment = plan.instalments[index];
  if (!instalment) {
    // Every instalment is covered but a balance remains (penalties, rounding): wait for events.
    await c.projection.sync(null);
    await wf.condition(interrupted);
    return;
  }
  const stepId = `instalment_${index + 1}`;
  if (!instalment.remindedAt) {
    const remindAt = instalmentReminderAt(instalment.dueDate, c.calendar);
    await c.projection.sync({ step: stepId, action: 'instalment_reminder', at: remindAt });
    if (msUntil(remindAt) > 0 && (await wf.condition(interrupted, msUntil(remindAt)))) return;
    const amountDueMinor = covered - plan.paidMinor;
    const reminded = await whileValid(
      () => !superseded(),
      () =>
        sendClient(
          c,
          `instalment:${index}:${instalment.dueDate}`,
          'reminder_sent',
          {
            template: 'instalment_due',
            instalment: {
              dueDate: instalment.dueDate,
              amountMinor: amountDueMinor,
              index: index + 1,
              count: plan.instalments.length,
            },
          },
          `Remind instalment ${index + 1}/${plan.instalments.length}`,
          stepId,
        ),
    );
    if (!reminded.done) return; // an event came first: the loop plans again
    instalment.remindedAt = nowIso();
  }
  const missedAt = instalmentMissedAt(instalment.dueDate, c.calendar);
  await c.projection.sync({ step: stepId, action: 'instalment_check', at: missedAt });
  if (msUntil(missedAt) > 0 && (await wf.condition(interrupted, msUntil(missedAt)))) return;
  c.apply({ type: 'instalment_missed' }, false);
  s.plan = undefined;
  await timeline(c, `instalment_missed:${index}:${instalment.dueDate}`, 'instalment_missed', {
    instalment: index + 1,
    dueDate: instalment.dueDate,
  });
  // Escalation resumes on the remaining balance, spaced from the last contact (the instalment reminder).
  if (s.previous) s.previous = { index: s.previous.index, at: instalment.remindedAt ?? nowIso() };
  await c.projection.sync();
}
