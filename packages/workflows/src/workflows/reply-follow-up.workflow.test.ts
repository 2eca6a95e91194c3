import { addDays, replyFollowUpAt, type CaseCalendar } from '@relance/domain';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseStateQuery, replySignal, resumeUpdate, type ReplyInput } from '../contract';
import { timeSkippingEnv, trace, type ActivityCall } from '../testing/harness';
import { caseInput, DAY_MS, EXACT_POLICY, sleepUntil, today, withCase } from '../testing/fixtures';

// SPEC 3.2b "Replies are triaged": an automatic reply pauses nothing; a case paused by a reply
// reminds the creditor once after 3 business days, and resumes by itself after
// `policy.resumeAfterReply` when the policy sets it.

const iso = (ms: number) => new Date(ms).toISOString();
const alertsOf = (calls: ActivityCall[], kind: string) =>
  calls.filter((c) => c.name === 'alertCreditor' && c.input.alert.kind === kind);
const entriesOf = (calls: ActivityCall[], type: string) =>
  calls.filter((c) => c.name === 'recordTimeline' && c.input.type === type);
const calendar = (policy: CaseCalendar['policy']): CaseCalendar => ({
  policy,
  timezone: 'Europe/Paris',
  holidays: 'FR',
});

describe('dunningCase: replies are triaged and followed up (SPEC 3.2b)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await timeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  const overdueCase = async (policy: CaseCalendar['policy'] = EXACT_POLICY) =>
    caseInput(addDays(await today(env), -2), { policy });
  const reply = async (extra: Partial<ReplyInput> = {}): Promise<ReplyInput> => ({
    id: 'r1',
    from: 'compta@acme.example',
    receivedAt: iso(await env.currentTimeMs()),
    text: 'Je regarde avec la comptabilité.',
    ...extra,
  });

  it('records an automatic reply as auto_reply_received: no pause, no alert, the next reminder goes', async () => {
    const calls = await withCase(env, await overdueCase(), async ({ handle }) => {
      await env.sleep('1 hour');
      await handle.signal(
        replySignal,
        await reply({
          automatic: 'Auto-Submitted: auto-replied',
          subject: 'Réponse automatique : Relance facture',
          text: 'Je suis absente jusqu’au 4 janvier.',
        }),
      );
      await env.sleep('1 hour');
      expect(await handle.query(caseStateQuery)).toMatchObject({ status: 'overdue' });
      await env.sleep('7 days');
    });
    expect(trace(calls)).toEqual([
      'email:friendly:step:reminder_1',
      'timeline:auto_reply_received',
      'email:firm:step:reminder_2',
    ]);
    expect(entriesOf(calls, 'auto_reply_received')[0]!.input).toMatchObject({
      key: 'reply:r1',
      data: {
        from: 'compta@acme.example',
        reason: 'Auto-Submitted: auto-replied',
        subject: 'Réponse automatique : Relance facture',
        text: 'Je suis absente jusqu’au 4 janvier.',
      },
    });
  });

  it('reminds the creditor exactly once, 3 business days after a reply paused the case', async () => {
    let pausedAt = 0;
    const calls = await withCase(env, await overdueCase(), async ({ handle }) => {
      await env.sleep('1 hour');
      pausedAt = await env.currentTimeMs();
      await handle.signal(replySignal, await reply());
      await env.sleep('30 days');
      expect(await handle.query(caseStateQuery)).toMatchObject({
        status: 'paused',
        pausedReason: 'client_reply',
      });
    });
    const reminders = alertsOf(calls, 'reply_waiting');
    expect(reminders).toHaveLength(1);
    const expected = Date.parse(replyFollowUpAt(iso(pausedAt), calendar(EXACT_POLICY)));
    expect(Math.abs(reminders[0]!.at - expected)).toBeLessThan(60_000);
    expect(reminders[0]!.input).toMatchObject({
      key: 'alert:reply_waiting:r1',
      alert: { kind: 'reply_waiting', from: 'compta@acme.example' },
    });
    expect(reminders[0]!.input.alert).not.toHaveProperty('resumesAt');
    expect(trace(calls)).toEqual([
      'email:friendly:step:reminder_1',
      'timeline:reply_received',
      'alert:reply',
      'alert:reply_waiting',
    ]);
  });

  it('with resumeAfterReply P5D resumes by itself after 5 days and sends the next reminder when rescheduled', async () => {
    const policy = { ...EXACT_POLICY, resumeAfterReply: 'P5D' };
    let pausedAt = 0;
    let nextAt = '';
    const calls = await withCase(env, await overdueCase(policy), async ({ handle, calls: live }) => {
      await env.sleep('1 hour');
      pausedAt = await env.currentTimeMs();
      await handle.signal(replySignal, await reply());
      await sleepUntil(env, iso(pausedAt + 5 * DAY_MS), 60_000);
      const view = await handle.query(caseStateQuery);
      expect(view).toMatchObject({ status: 'overdue', nextAction: { step: 'reminder_2' } });
      expect(live.filter((c) => c.name === 'sendClientEmail')).toHaveLength(1);
      nextAt = view.nextAction!.at;
      await sleepUntil(env, nextAt, DAY_MS);
    });
    const resumed = entriesOf(calls, 'resumed');
    expect(resumed).toHaveLength(1);
    expect(resumed[0]!.input.data).toEqual({ automatic: true, after: 'P5D', replyId: 'r1' });
    expect(Math.abs(Date.parse(resumed[0]!.input.at) - (pausedAt + 5 * DAY_MS))).toBeLessThan(60_000);
    // The reminder came first (3 business days < 5 days) and said when the case would resume.
    expect(alertsOf(calls, 'reply_waiting')[0]!.input.alert).toMatchObject({
      resumesAt: expect.any(String),
    });
    const firm = calls.find((c) => c.name === 'sendClientEmail' && c.input.step === 'reminder_2')!;
    expect(Math.abs(firm.at - Date.parse(nextAt))).toBeLessThan(60_000);
    expect(firm.at).toBeGreaterThanOrEqual(pausedAt + 5 * DAY_MS);
    expect(trace(calls)).toEqual([
      'email:friendly:step:reminder_1',
      'timeline:reply_received',
      'alert:reply',
      'alert:reply_waiting',
      'timeline:resumed',
      'email:firm:step:reminder_2',
    ]);
  });

  it('drops the follow-up when the creditor resumes first: no reminder, no second resume', async () => {
    const policy = { ...EXACT_POLICY, resumeAfterReply: 'P5D' };
    const calls = await withCase(env, await overdueCase(policy), async ({ handle }) => {
      await env.sleep('1 hour');
      await handle.signal(replySignal, await reply());
      await env.sleep('1 day');
      expect(await handle.executeUpdate(resumeUpdate, { args: [] })).toMatchObject({ status: 'overdue' });
      await env.sleep('10 days');
    });
    expect(alertsOf(calls, 'reply_waiting')).toHaveLength(0);
    const resumed = entriesOf(calls, 'resumed');
    expect(resumed).toHaveLength(1);
    expect(resumed[0]!.input.data).toEqual({});
  });

  it('leaves the reminder to the case the reply was addressed to (remindsCreditor false), still resuming', async () => {
    const policy = { ...EXACT_POLICY, resumeAfterReply: 'P5D' };
    const calls = await withCase(env, await overdueCase(policy), async ({ handle }) => {
      await env.sleep('1 hour');
      await handle.signal(replySignal, await reply({ remindsCreditor: false }));
      await env.sleep('6 days');
      expect(await handle.query(caseStateQuery)).toMatchObject({ status: 'overdue' });
    });
    expect(alertsOf(calls, 'reply_waiting')).toHaveLength(0);
    expect(entriesOf(calls, 'resumed')[0]!.input.data).toMatchObject({ automatic: true });
  });

  it('keeps the follow-up across continue-as-new: one reminder, from the carried hold', async () => {
    let pausedAt = 0;
    const input = { ...(await overdueCase()), historyBudget: 40 };
    const calls = await withCase(env, input, async ({ handle }) => {
      await env.sleep('1 hour');
      pausedAt = await env.currentTimeMs();
      await handle.signal(replySignal, await reply());
      // A flood of replies (counted once each, pausing nothing more) outgrows the run's budget.
      for (let i = 2; i <= 12; i++) await handle.signal(replySignal, await reply({ id: `r${i}` }));
      await env.sleep('30 days');
      const latest = await env.client.workflow.getHandle(handle.workflowId).describe();
      expect(latest.runId).not.toBe(handle.firstExecutionRunId);
      expect(await handle.query(caseStateQuery)).toMatchObject({ status: 'paused' });
    });
    const reminders = alertsOf(calls, 'reply_waiting');
    expect(reminders).toHaveLength(1);
    const expected = Date.parse(replyFollowUpAt(iso(pausedAt), calendar(EXACT_POLICY)));
    expect(Math.abs(reminders[0]!.at - expected)).toBeLessThan(60_000);
  });
});
