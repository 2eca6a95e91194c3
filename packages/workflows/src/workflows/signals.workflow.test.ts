import { addDays, localDate } from '@relance/domain';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bounceSignal,
  cancelUpdate,
  caseStateQuery,
  disputeUpdate,
  pauseUpdate,
  paymentPlanUpdate,
  promiseUpdate,
  recordPaymentUpdate,
  replyUpdate,
  resumeUpdate,
} from '../contract';
import { timeSkippingEnv, trace } from '../testing/harness';
import { caseInput, DAY_MS, EXACT_POLICY, sleepUntil, today, withCase } from '../testing/fixtures';

const HOUR_MS = 3_600_000;

/** An overdue case (due 2 days ago) whose first reminder goes out at once. */
async function overdueCase(env: TestWorkflowEnvironment, overrides = {}) {
  return caseInput(addDays(await today(env), -2), { policy: EXACT_POLICY, ...overrides });
}

const nowIso = async (env: TestWorkflowEnvironment) => new Date(await env.currentTimeMs()).toISOString();

describe('dunningCase reacts to every event of docs/architecture.md "What a case reacts to"', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await timeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('partial payment: balance reduced, escalation continues, later emails show the balance', async () => {
    const calls = await withCase(env, await overdueCase(env), async ({ handle }) => {
      await env.sleep('1 hour');
      const view = await handle.executeUpdate(recordPaymentUpdate, {
        args: [{ id: 'p1', amount: '500.00', paidAt: await nowIso(env) }],
      });
      expect(view).toMatchObject({ status: 'overdue', paid: '500.00', balance: '700.00' });
      await env.sleep('7 days');
    });
    expect(trace(calls)).toEqual([
      'email:friendly:step:reminder_1',
      'payment:p1:50000',
      'email:firm:step:reminder_2',
    ]);
    const firm = calls.find((c) => c.name === 'sendClientEmail' && c.input.step === 'reminder_2')!;
    expect(firm.input.amounts).toEqual({ paidMinor: 50000, balanceMinor: 70000 });
  });

  it('full payment: paid, confirmation to the client, creditor alert, workflow completes', async () => {
    const calls = await withCase(env, await overdueCase(env), async ({ handle }) => {
      await env.sleep('1 hour');
      const view = await handle.executeUpdate(recordPaymentUpdate, {
        args: [{ id: 'p1', amount: '1200.00', paidAt: await nowIso(env) }],
      });
      expect(view).toMatchObject({ status: 'paid', balance: '0.00' });
      expect(await handle.result()).toMatchObject({ status: 'paid', nextAction: null });
    });
    expect(trace(calls)).toEqual([
      'email:friendly:step:reminder_1',
      'payment:p1:120000',
      'email:payment_confirmation:paid',
      'alert:paid',
    ]);
  });

  it('client reply: paused, creditor alerted with the reply, escalation waits for resume', async () => {
    const calls = await withCase(env, await overdueCase(env), async ({ handle, calls: live }) => {
      await env.sleep('1 hour');
      const reply = {
        id: 'r1',
        from: 'compta@acme.example',
        receivedAt: await nowIso(env),
        text: 'Virement parti hier.',
      };
      expect(await handle.executeUpdate(replyUpdate, { args: [reply] })).toMatchObject({ status: 'paused' });
      await env.sleep('30 days');
      expect(live.filter((c) => c.name === 'sendClientEmail')).toHaveLength(1);
      const resumedAt = await env.currentTimeMs();
      expect(await handle.executeUpdate(resumeUpdate, { args: [] })).toMatchObject({ status: 'overdue' });
      await env.sleep('1 hour');
      // Spacing kept: reminder_2 was due long ago, so it goes at once after the resume.
      const firm = live.find((c) => c.name === 'sendClientEmail' && c.input.step === 'reminder_2')!;
      expect(firm.at - resumedAt).toBeLessThan(60_000);
    });
    expect(trace(calls)).toEqual([
      'email:friendly:step:reminder_1',
      'timeline:reply_received',
      'alert:reply',
      // SPEC 3.2b (added 2026-12-07): 30 days paused by the reply, so the creditor was reminded once.
      'alert:reply_waiting',
      'timeline:resumed',
      'email:firm:step:reminder_2',
    ]);
    expect(calls.find((c) => c.name === 'alertCreditor')!.input.alert).toMatchObject({
      kind: 'reply',
      text: 'Virement parti hier.',
    });
  });

  it('dispute: disputed, nothing sent, waits for a decision; cancel ends it', async () => {
    const calls = await withCase(env, await overdueCase(env), async ({ handle }) => {
      await env.sleep('1 hour');
      expect(
        await handle.executeUpdate(disputeUpdate, { args: [{ reason: 'prestation contestée' }] }),
      ).toMatchObject({ status: 'disputed' });
      await env.sleep('60 days');
      expect(await handle.executeUpdate(cancelUpdate, { args: [{ reason: 'avoir émis' }] })).toMatchObject({
        status: 'cancelled',
      });
      expect(await handle.result()).toMatchObject({ status: 'cancelled' });
    });
    expect(trace(calls)).toEqual([
      'email:friendly:step:reminder_1',
      'timeline:disputed',
      'timeline:cancelled',
    ]);
  });

  it('promise to pay: nothing until D + 1 business day, then "promise missed" and escalation resumes', async () => {
    const start = await env.currentTimeMs();
    const promised = addDays(new Date(start).toISOString().slice(0, 10), 10);
    const calls = await withCase(env, await overdueCase(env), async ({ handle, calls: live }) => {
      await env.sleep('1 hour');
      const promisedView = await handle.executeUpdate(promiseUpdate, {
        args: [{ date: promised, note: 'au plus tard' }],
      });
      expect(promisedView).toMatchObject({ status: 'promised', promise: { date: promised } });
      const check = (await handle.query(caseStateQuery)).nextAction!;
      expect(check).toMatchObject({ action: 'promise_check' });
      await sleepUntil(env, check.at, -HOUR_MS);
      expect(live.filter((c) => c.name === 'sendClientEmail')).toHaveLength(1);
      await sleepUntil(env, check.at, HOUR_MS);
      const resumed = await handle.query(caseStateQuery);
      expect(resumed).toMatchObject({ status: 'overdue', nextAction: { step: 'reminder_2' } });
      await sleepUntil(env, resumed.nextAction!.at, DAY_MS);
    });
    expect(trace(calls)).toEqual([
      'email:friendly:step:reminder_1',
      'timeline:promise_recorded',
      `email:promise_missed:promise_missed:${promised}`,
      'email:firm:step:reminder_2',
    ]);
    const [missed, firm] = calls.filter((c) => c.name === 'sendClientEmail').slice(1);
    // Not before D + 1 (business) day, in the client's zone.
    expect(localDate(new Date(missed!.at).toISOString(), 'Europe/Paris') > promised).toBe(true);
    // The next level keeps the policy's spacing (7 days) after the "promise missed" contact.
    expect(firm!.at - missed!.at).toBeGreaterThanOrEqual(7 * DAY_MS - HOUR_MS);
  });

  it('payment plan: a reminder before each instalment; a missed one resumes escalation on the rest', async () => {
    const d = await today(env);
    const plan = [
      { dueDate: addDays(d, 10), amount: '600.00' },
      { dueDate: addDays(d, 40), amount: '600.00' },
    ];
    const calls = await withCase(env, await overdueCase(env), async ({ handle }) => {
      await env.sleep('1 hour');
      expect(await handle.executeUpdate(paymentPlanUpdate, { args: [{ instalments: plan }] })).toMatchObject({
        status: 'payment_plan',
      });
      await sleepUntil(env, plan[0]!.dueDate, -2 * DAY_MS);
      await handle.executeUpdate(recordPaymentUpdate, {
        args: [{ id: 'i1', amount: '600.00', paidAt: await nowIso(env) }],
      });
      const reminder = (await handle.query(caseStateQuery)).nextAction!;
      expect(reminder).toMatchObject({ step: 'instalment_2', action: 'instalment_reminder' });
      await sleepUntil(env, reminder.at, HOUR_MS);
      const check = (await handle.query(caseStateQuery)).nextAction!;
      expect(check).toMatchObject({ step: 'instalment_2', action: 'instalment_check' });
      await sleepUntil(env, check.at, HOUR_MS);
      const resumed = await handle.query(caseStateQuery);
      expect(resumed).toMatchObject({
        status: 'overdue',
        balance: '600.00',
        nextAction: { step: 'reminder_2' },
      });
      await sleepUntil(env, resumed.nextAction!.at, DAY_MS);
    });
    expect(trace(calls)).toEqual([
      'email:friendly:step:reminder_1',
      'timeline:plan_agreed',
      `email:instalment_due:instalment:0:${plan[0]!.dueDate}`,
      'payment:i1:60000',
      `email:instalment_due:instalment:1:${plan[1]!.dueDate}`,
      'timeline:instalment_missed',
      'email:firm:step:reminder_2',
    ]);
    const emails = calls.filter((c) => c.name === 'sendClientEmail');
    const [instalmentReminder, firm] = emails.slice(-2);
    expect(firm!.input.amounts.balanceMinor).toBe(60000);
    // The next level keeps the policy's spacing (7 days) after the last contact, the instalment reminder.
    expect(firm!.at - instalmentReminder!.at).toBeGreaterThanOrEqual(7 * DAY_MS - HOUR_MS);
  });

  it('email bounced: the step is recorded failed, a call task and an alert for the creditor', async () => {
    const calls = await withCase(env, await overdueCase(env), async ({ handle }) => {
      await env.sleep('1 hour');
      await handle.signal(bounceSignal, {
        id: 'b1',
        emailId: 'em_1',
        step: 'reminder_1',
        recipient: 'compta@acme.example',
        reason: 'mailbox full',
      });
      await env.sleep('1 hour');
    });
    expect(trace(calls)).toEqual([
      'email:friendly:step:reminder_1',
      'timeline:email_bounced',
      'timeline:call_task_created',
      'alert:bounce',
    ]);
    expect(calls.find((c) => c.name === 'recordTimeline')!.input).toMatchObject({
      step: 'reminder_1',
      data: { failed: true },
    });
  });

  it('manual pause and resume: nothing while paused, the resume reschedules with the spacing rule', async () => {
    const calls = await withCase(env, await overdueCase(env), async ({ handle, calls: live }) => {
      await env.sleep('1 hour');
      expect(await handle.executeUpdate(pauseUpdate, { args: [{ reason: 'client VIP' }] })).toMatchObject({
        status: 'paused',
      });
      await env.sleep('2 days');
      expect(await handle.executeUpdate(resumeUpdate, { args: [] })).toMatchObject({ status: 'overdue' });
      await env.sleep('4 days');
      expect(live.filter((c) => c.name === 'sendClientEmail')).toHaveLength(1);
      await env.sleep('2 days');
    });
    expect(trace(calls)).toEqual([
      'email:friendly:step:reminder_1',
      'timeline:paused',
      'timeline:resumed',
      'email:firm:step:reminder_2',
    ]);
  });

  it('cancel: cancelled, the workflow completes and nothing more is sent', async () => {
    const calls = await withCase(env, await overdueCase(env), async ({ handle }) => {
      await env.sleep('1 hour');
      await handle.executeUpdate(cancelUpdate, { args: [{ reason: 'facture annulée' }] });
      expect(await handle.result()).toMatchObject({ status: 'cancelled' });
    });
    expect(trace(calls)).toEqual(['email:friendly:step:reminder_1', 'timeline:cancelled']);
  });
});
