import { addDays, approvalReminderAt, DEFAULT_POLICY_FR, type Policy } from '@relance/domain';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callOutcomeUpdate,
  caseStateQuery,
  handoffUpdate,
  recordPaymentUpdate,
  resumeUpdate,
} from '../contract';
import { failureOf, timeSkippingEnv, trace, type ActivityCall } from '../testing/harness';
import { advanceUntil, caseInput, today, withCase } from '../testing/fixtures';

/** A reminder, then the hand-off a day later, which waits for the creditor's yes (SPEC §3.2b). */
const APPROVAL_POLICY: Policy = {
  steps: [
    { id: 'reminder_1', after: 'P1D', action: 'reminder', tone: 'friendly' },
    {
      id: 'legal_handoff',
      after: 'P2D',
      action: 'legal_handoff',
      minAmount: '500.00',
      requireApproval: true,
    },
  ],
};

const asked = (c: ActivityCall) =>
  c.name === 'alertCreditor' && c.input.alert.kind === 'handoff_approval' && !c.input.alert.reminder;
const reminded = (c: ActivityCall) =>
  c.name === 'alertCreditor' && c.input.alert.kind === 'handoff_approval' && c.input.alert.reminder === true;
const handOffs = (calls: ActivityCall[]) => calls.filter((c) => c.name === 'handOffToLawyer');
const timelineTypes = (calls: ActivityCall[]) =>
  calls.filter((c) => c.name === 'recordTimeline').map((c) => c.input.type as string);

describe('dunningCase: no lawyer without the creditor’s yes', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await timeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  const overdueCase = async () => caseInput(addDays(await today(env), -5), { policy: APPROVAL_POLICY });

  it('asks, waits, and hands off once when approved', async () => {
    const calls = await withCase(env, await overdueCase(), async ({ handle, calls: live }) => {
      // Not yet waiting: the hand-off is not due.
      const early = await failureOf(handle.executeUpdate(handoffUpdate, { args: [{ approve: true }] }));
      expect(early).toMatchObject({
        type: 'InvalidTransition',
        message: expect.stringMatching(/not waiting/),
      });
      const alert = await advanceUntil(env, live, asked, 5);
      expect(alert.input.alert).toMatchObject({ step: 'legal_handoff', penaltiesMinor: expect.any(Number) });
      await env.sleep('1 day');
      const waiting = await handle.query(caseStateQuery);
      expect(waiting).toMatchObject({
        status: 'overdue',
        stage: 'reminder_1',
        nextAction: { step: 'legal_handoff', action: 'approve_handoff' },
      });
      expect(handOffs(live)).toHaveLength(0);
      const view = await handle.executeUpdate(handoffUpdate, { args: [{ approve: true }] });
      expect(view.nextAction).toMatchObject({ step: 'legal_handoff', action: 'legal_handoff' });
      await advanceUntil(env, live, (c) => c.name === 'handOffToLawyer', 1);
      await env.sleep('1 day');
      expect(await handle.query(caseStateQuery)).toMatchObject({
        status: 'handed_off',
        stage: 'legal_handoff',
      });
    });
    expect(handOffs(calls)).toHaveLength(1);
    expect(trace(calls)).toEqual([
      'email:friendly:step:reminder_1',
      'timeline:handoff_approval_requested',
      'alert:handoff_approval',
      'timeline:handoff_approved',
      'legal_handoff',
      'alert:handed_off',
    ]);
  });

  it('declined: the case ends unrecovered with the reason, nothing to the lawyer', async () => {
    const calls = await withCase(env, await overdueCase(), async ({ handle, calls: live }) => {
      await advanceUntil(env, live, asked, 5);
      const view = await handle.executeUpdate(handoffUpdate, {
        args: [{ approve: false, reason: 'client is a long-standing partner' }],
      });
      expect(view).toMatchObject({ status: 'unrecovered', nextAction: null });
      expect(await handle.result()).toMatchObject({ status: 'unrecovered' });
    });
    expect(handOffs(calls)).toHaveLength(0);
    const unrecovered = calls.find(
      (c) => c.name === 'alertCreditor' && c.input.alert.kind === 'unrecovered',
    )!;
    expect(unrecovered.input.alert.reason).toBe('client is a long-standing partner');
    expect(timelineTypes(calls).slice(-2)).toEqual(['handoff_declined', 'unrecovered']);
  });

  it('declined, keep chasing: paused for manual chasing, resumed it asks again', async () => {
    const calls = await withCase(env, await overdueCase(), async ({ handle, calls: live }) => {
      await advanceUntil(env, live, asked, 5);
      const paused = await handle.executeUpdate(handoffUpdate, {
        args: [{ approve: false, reason: 'I will call them', keepChasing: true }],
      });
      expect(paused).toMatchObject({ status: 'paused', pausedReason: 'handoff_declined', nextAction: null });
      await env.sleep('7 days');
      expect(handOffs(live)).toHaveLength(0);
      expect(live.filter(asked)).toHaveLength(1);
      // Paused, nothing reminds: the reminder belonged to the declined asking.
      expect(live.filter(reminded)).toHaveLength(0);
      const resumed = await handle.executeUpdate(resumeUpdate, { args: [] });
      expect(resumed.status).toBe('overdue');
      await advanceUntil(env, live, (c) => live.filter(asked).length === 2 && asked(c), 2);
      expect((await handle.query(caseStateQuery)).nextAction).toMatchObject({ action: 'approve_handoff' });
    });
    expect(handOffs(calls)).toHaveLength(0);
    expect(timelineTypes(calls)).toContain('handoff_declined');
  });

  it('reminds the creditor once, 3 business days after asking', async () => {
    const calls = await withCase(env, await overdueCase(), async ({ calls: live }) => {
      await advanceUntil(env, live, asked, 5);
      await env.sleep('12 days');
    });
    const first = calls.find(asked)!;
    const reminders = calls.filter(reminded);
    expect(reminders).toHaveLength(1);
    const requestedAt = calls.find(
      (c) => c.name === 'recordTimeline' && c.input.type === 'handoff_approval_requested',
    )!.input.at as string;
    const expected = Date.parse(
      approvalReminderAt(requestedAt, { policy: APPROVAL_POLICY, timezone: 'Europe/Paris', holidays: 'FR' }),
    );
    // 3 business days: at least 3 calendar days later, at the instant the calendar gives.
    expect(expected - first.at).toBeGreaterThanOrEqual(3 * 86_400_000 - 60_000);
    expect(reminders[0]!.at - expected).toBeGreaterThanOrEqual(0);
    expect(reminders[0]!.at - expected).toBeLessThan(60_000);
    expect(handOffs(calls)).toHaveLength(0);
  });

  it('a payment while it waits wins: paid, nothing to the lawyer', async () => {
    const calls = await withCase(env, await overdueCase(), async ({ handle, calls: live }) => {
      await advanceUntil(env, live, asked, 5);
      const paidAt = new Date(await env.currentTimeMs()).toISOString();
      const view = await handle.executeUpdate(recordPaymentUpdate, {
        args: [{ id: 'p1', amount: '1200.00', paidAt }],
      });
      expect(view.status).toBe('paid');
      expect(await handle.result()).toMatchObject({ status: 'paid' });
      // Closed: the workflow has completed and takes no more updates.
      await expect(handle.executeUpdate(handoffUpdate, { args: [{ approve: true }] })).rejects.toThrow();
    });
    expect(handOffs(calls)).toHaveLength(0);
    expect(trace(calls).slice(-2)).toEqual(['email:payment_confirmation:paid', 'alert:paid']);
  });

  it('a policy without the field (cases started before it) hands off without asking', async () => {
    const steps = APPROVAL_POLICY.steps.map(({ requireApproval: _omit, ...step }) => step);
    const input = caseInput(addDays(await today(env), -5), { policy: { steps } });
    const calls = await withCase(env, input, async ({ handle, calls: live }) => {
      await advanceUntil(env, live, (c) => c.name === 'handOffToLawyer', 5);
      await env.sleep('1 day');
      expect(await handle.query(caseStateQuery)).toMatchObject({ status: 'handed_off' });
    });
    expect(calls.filter(asked)).toHaveLength(0);
    expect(handOffs(calls)).toHaveLength(1);
    expect(DEFAULT_POLICY_FR.steps.at(-1)?.requireApproval).toBeUndefined();
  });

  it("records a call's outcome; a promise is applied as through its own route", async () => {
    const calls = await withCase(env, await overdueCase(), async ({ handle }) => {
      await env.sleep('1 hour');
      const noDate = await failureOf(
        handle.executeUpdate(callOutcomeUpdate, { args: [{ outcome: 'promised' }] }),
      );
      expect(noDate).toMatchObject({ type: 'ValidationFailed', details: [{ path: ['promiseDate'] }] });
      const reached = await handle.executeUpdate(callOutcomeUpdate, {
        args: [{ outcome: 'reached', note: 'will check with accounts' }],
      });
      expect(reached.status).toBe('overdue');
      const promiseDate = addDays(await today(env), 10);
      const view = await handle.executeUpdate(callOutcomeUpdate, {
        args: [{ outcome: 'promised', promiseDate, note: 'by transfer' }],
      });
      expect(view).toMatchObject({ status: 'promised', promise: { date: promiseDate } });
    });
    const recorded = calls.filter(
      (c) => c.name === 'recordTimeline' && c.input.type === 'call_outcome_recorded',
    );
    expect(recorded.map((c) => c.input.data.outcome)).toEqual(['reached', 'promised']);
    expect(timelineTypes(calls).at(-1)).toBe('promise_recorded');
  });
});
