import { addDays, isBusinessDay } from '@relance/domain';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bounceSignal,
  caseStateQuery,
  clientContactSignal,
  disputeUpdate,
  pauseUpdate,
  paymentPlanUpdate,
  promiseUpdate,
  recordPaymentUpdate,
  replySignal,
  resumeUpdate,
} from '../contract';
import { advanceUntil, caseInput, today, withCase } from '../testing/fixtures';
import { timeSkippingEnv, trace, type ActivityCall } from '../testing/harness';

/** Every send of the default French policy lands in its window (09:00–17:00 Paris) on a business day. */
function inSendSlot(c: ActivityCall): boolean {
  const local = DateTime.fromMillis(c.at, { zone: 'Europe/Paris' });
  return local.hour >= 9 && local.hour < 17 && isBusinessDay(local.toISODate()!, 'FR');
}

const alerted = (kind: string) => (c: ActivityCall) =>
  c.name === 'alertCreditor' && c.input.alert.kind === kind;
const sent = (step: string) => (c: ActivityCall) => c.name === 'sendClientEmail' && c.input.key === step;

describe('every event of docs/architecture.md "What a case reacts to" over the real default French policy', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await timeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('one case through payment, reply, pause, dispute, promise, plan, bounce and full payment', async () => {
    const due = addDays(await today(env), -1);
    const now = async () => new Date(await env.currentTimeMs()).toISOString();
    const calls = await withCase(env, caseInput(due), async ({ handle, calls: live }) => {
      const state = () => handle.query(caseStateQuery);
      await advanceUntil(env, live, sent('step:reminder_1'));
      // Partial payment: the balance, not the total, is what later emails ask for.
      await handle.executeUpdate(recordPaymentUpdate, {
        args: [{ id: 'p1', amount: '200.00', paidAt: await now() }],
      });
      // Bounce of the first reminder: call task + alert.
      await handle.signal(bounceSignal, {
        id: 'b1',
        emailId: 'em_1',
        step: 'reminder_1',
        recipient: 'compta@acme.example',
      });
      await advanceUntil(env, live, alerted('bounce'));
      // The billing system gives a new address (PATCH of the client): the bounced one is not mailed again.
      await handle.signal(clientContactSignal, { email: 'paiements@acme.example' });
      // Client reply: paused until resumed.
      await handle.signal(replySignal, {
        id: 'r1',
        from: 'compta@acme.example',
        receivedAt: await now(),
        text: 'On regarde.',
      });
      await env.sleep('20 days');
      expect(await state()).toMatchObject({ status: 'paused', balance: '1000.00' });
      await handle.executeUpdate(resumeUpdate, { args: [] });
      await advanceUntil(env, live, sent('step:reminder_2'));
      // Manual pause and resume.
      await handle.executeUpdate(pauseUpdate, { args: [{ reason: 'appel en cours' }] });
      await handle.executeUpdate(resumeUpdate, { args: [] });
      // Dispute, then resume.
      await handle.executeUpdate(disputeUpdate, { args: [{ reason: 'quantité contestée' }] });
      await env.sleep('10 days');
      await handle.executeUpdate(resumeUpdate, { args: [] });
      await advanceUntil(env, live, alerted('call_task'));
      // Promise to pay in a week, missed.
      const promised = addDays(await today(env), 7);
      await handle.executeUpdate(promiseUpdate, { args: [{ date: promised }] });
      await advanceUntil(env, live, sent(`promise_missed:${promised}`));
      // Payment plan in two instalments; the second is missed.
      const d = await today(env);
      const instalments = [
        { dueDate: addDays(d, 10), amount: '500.00' },
        { dueDate: addDays(d, 24), amount: '500.00' },
      ];
      await handle.executeUpdate(paymentPlanUpdate, { args: [{ instalments }] });
      await advanceUntil(env, live, sent(`instalment:0:${instalments[0]!.dueDate}`));
      await handle.executeUpdate(recordPaymentUpdate, {
        args: [{ id: 'i1', amount: '500.00', paidAt: await now() }],
      });
      await advanceUntil(
        env,
        live,
        (c) => c.name === 'recordTimeline' && c.input.type === 'instalment_missed',
        30,
      );
      // Escalation resumes on the remaining 500.00 with the mise en demeure.
      await advanceUntil(env, live, (c) => c.name === 'sendFormalNotice', 30);
      expect(await state()).toMatchObject({ status: 'overdue', stage: 'formal_notice', balance: '500.00' });
      await handle.executeUpdate(recordPaymentUpdate, {
        args: [{ id: 'p2', amount: '500.00', paidAt: await now() }],
      });
      expect(await handle.result()).toMatchObject({ status: 'paid', balance: '0.00' });
    });
    expect(trace(calls)).toEqual([
      'email:friendly:step:reminder_1',
      'payment:p1:20000',
      'timeline:email_bounced',
      'timeline:call_task_created',
      'alert:bounce',
      'timeline:reply_received',
      'alert:reply',
      // SPEC 3.2b (added 2026-12-07): paused by the reply for over 3 business days, the creditor is reminded once.
      'alert:reply_waiting',
      'timeline:resumed',
      'email:firm:step:reminder_2',
      'timeline:paused',
      'timeline:resumed',
      'timeline:disputed',
      'timeline:resumed',
      'email:urgent:step:final_notice',
      'timeline:call_task_created',
      'alert:call_task',
      'timeline:promise_recorded',
      expect.stringMatching(/^email:promise_missed:promise_missed:/),
      'timeline:plan_agreed',
      expect.stringMatching(/^email:instalment_due:instalment:0:/),
      'payment:i1:50000',
      expect.stringMatching(/^email:instalment_due:instalment:1:/),
      'timeline:instalment_missed',
      expect.stringMatching(/^formal_notice:/),
      'alert:formal_notice_sent',
      'payment:p2:50000',
      'email:payment_confirmation:paid',
      'alert:paid',
    ]);
    // Every client email of the policy went out in a send slot, and later ones show the balance.
    const clientSends = calls.filter(
      (c) => c.name === 'sendClientEmail' && c.input.email.template !== 'payment_confirmation',
    );
    expect(clientSends.filter((c) => !inSendSlot(c)).map((c) => c.input.key)).toEqual([]);
    expect(calls.find(sent('step:reminder_2'))!.input.amounts.balanceMinor).toBe(100000);
    expect(calls.find((c) => c.name === 'sendFormalNotice')!.input.amounts.balanceMinor).toBe(50000);
  });
});
