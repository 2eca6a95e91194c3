import { addDays } from '@relance/domain';
import { ApplicationFailure } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bounceSignal,
  caseStateQuery,
  clientContactSignal,
  pauseUpdate,
  replySignal,
  resumeUpdate,
} from '../contract';
import { samplePenalties, alertsOf, timelineOf, timeSkippingEnv } from '../testing/harness';
import { caseInput, EXACT_POLICY, sleepUntil, today, withCase } from '../testing/fixtures';

// docs/architecture.md "Case lifecycle guarantees": no event dropped, events win over running steps, permanent
// failures stop and wait visibly, bounced addresses are not mailed again, ids never collide.

async function overdueCase(env: TestWorkflowEnvironment, daysLate = 2, overrides = {}) {
  return caseInput(addDays(await today(env), -daysLate), { policy: EXACT_POLICY, ...overrides });
}

const nowIso = async (env: TestWorkflowEnvironment) => new Date(await env.currentTimeMs()).toISOString();

/** Reminder now, formal notice a day later (1-day deadline), hand-off two days after it. */
const FAST_POLICY = {
  steps: [
    { id: 'reminder_1', after: 'P1D', action: 'reminder' as const, tone: 'friendly' as const },
    { id: 'formal_notice', after: 'P2D', action: 'formal_notice' as const, deadlineDays: 1 },
    { id: 'legal_handoff', after: 'P3D', action: 'legal_handoff' as const, minAmount: '500.00' },
  ],
};

describe('dunningCase lifecycle guarantees (docs/architecture.md "Case lifecycle guarantees"): failures, bounces, ids, rates', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await timeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  describe('permanent failures stop and wait visibly', () => {
    it('the provider refuses the sender: email_failed + action_required, creditor alerted, paused until resumed', async () => {
      let refuse = true;
      const calls = await withCase(
        env,
        await overdueCase(env),
        async ({ handle }) => {
          await env.sleep('1 hour');
          const view = await handle.query(caseStateQuery);
          expect(view).toMatchObject({
            status: 'paused',
            pausedReason: 'action_required',
            actionRequired: { step: 'reminder_1' },
            nextAction: { action: 'action_required', step: 'reminder_1' },
          });
          expect(view.actionRequired!.reason).toContain('domain is not verified');
          await env.sleep('3 days');
          refuse = false;
          await handle.executeUpdate(resumeUpdate, { args: [] });
          await env.sleep('1 hour');
          expect(await handle.query(caseStateQuery)).toMatchObject({
            status: 'overdue',
            stage: 'reminder_1',
          });
        },
        {
          sendClientEmail: async () => {
            if (refuse) {
              throw ApplicationFailure.nonRetryable(
                'The acme.example domain is not verified',
                'PermanentSendError',
              );
            }
            return { emailId: 'em_ok', sentAt: new Date().toISOString() };
          },
        },
      );
      expect(calls.filter((c) => c.name === 'sendClientEmail')).toHaveLength(2);
      expect(timelineOf(calls, 'email_failed')[0]!.input).toMatchObject({ step: 'reminder_1' });
      expect(timelineOf(calls, 'action_required')).toHaveLength(1);
      expect(alertsOf(calls, 'action_required')[0]!.input.alert).toMatchObject({ step: 'reminder_1' });
    });

    it('a missing legal contact makes the hand-off an action required, not an endless retry', async () => {
      const calls = await withCase(
        env,
        await overdueCase(env, 2, { policy: FAST_POLICY }),
        async ({ handle }) => {
          await env.sleep('5 days');
          expect(await handle.query(caseStateQuery)).toMatchObject({
            status: 'paused',
            actionRequired: { step: 'legal_handoff' },
          });
        },
        {
          handOffToLawyer: async () => {
            throw ApplicationFailure.nonRetryable('tenant default has no legal contact', 'ActionRequired');
          },
        },
      );
      expect(calls.filter((c) => c.name === 'handOffToLawyer')).toHaveLength(1);
      expect(timelineOf(calls, 'action_required')[0]!.input.data.reason).toContain('no legal contact');
    });

    it('an undeliverable creditor alert is recorded and never fails the case', async () => {
      const calls = await withCase(
        env,
        await overdueCase(env),
        async ({ handle }) => {
          await env.sleep('1 hour');
          await handle.signal(replySignal, {
            id: 'r',
            from: 'x@y.example',
            receivedAt: await nowIso(env),
            text: 'hi',
          });
          await env.sleep('1 hour');
          expect(await handle.query(caseStateQuery)).toMatchObject({ status: 'paused' });
          const { status } = await handle.describe();
          expect(status.name).toBe('RUNNING');
        },
        {
          alertCreditor: async () => {
            throw ApplicationFailure.nonRetryable('invalid notifyEmail', 'PermanentSendError');
          },
        },
      );
      expect(timelineOf(calls, 'email_failed')[0]!.input.data).toMatchObject({
        recipient: 'creditor',
        kind: 'reply',
      });
    });
  });

  describe('bounced addresses are not mailed again', () => {
    it('after a bounce the reminders become call tasks, until the client email changes', async () => {
      const phone = '+33 1 23 45 67 89';
      const calls = await withCase(
        env,
        await overdueCase(env, 2, { client: { ...caseInput('2026-01-01').client, phone } }),
        async ({ handle, input }) => {
          await env.sleep('1 hour');
          await handle.signal(bounceSignal, {
            id: 'b1',
            emailId: 'em_1',
            step: 'reminder_1',
            recipient: 'COMPTA@acme.example',
            reason: 'no such user',
          });
          await sleepUntil(env, `${addDays(input.dueDate, 10)}T12:00:00Z`); // reminder_2 came and went
          await handle.signal(clientContactSignal, { email: 'new@acme.example' });
          await sleepUntil(env, `${addDays(input.dueDate, 17)}T12:00:00Z`); // final_notice, whatever the hour the test runs
        },
      );
      const emails = calls.filter((c) => c.name === 'sendClientEmail').map((c) => c.input.step);
      expect(emails).toEqual(['reminder_1', 'final_notice']);
      const tasks = timelineOf(calls, 'call_task_created').map((c) => [c.input.step, c.input.data]);
      expect(tasks).toEqual([
        ['reminder_1', { reason: 'email_bounced', phone }],
        ['reminder_2', { reason: 'email_bounced', phone }],
        ['final_notice', { reason: 'scheduled', phone }],
      ]);
    });

    it('a formal notice for a bounced address goes to the creditor as a registered letter', async () => {
      const calls = await withCase(
        env,
        await overdueCase(env, 2, { policy: FAST_POLICY }),
        async ({ handle }) => {
          await env.sleep('1 hour');
          await handle.signal(bounceSignal, {
            id: 'b1',
            emailId: 'em_1',
            complaint: true,
            recipient: 'compta@acme.example',
          });
          await env.sleep('2 days');
        },
      );
      const notice = calls.find((c) => c.name === 'sendFormalNotice')!;
      expect(notice.input.deliverTo).toBe('creditor');
      expect(timelineOf(calls, 'email_bounced')[0]!.input.data).toMatchObject({ complaint: true });
    });

    it('a scheduled call task carries the client phone, and none when the client has no phone', async () => {
      const policy = {
        steps: [
          {
            id: 'final_notice',
            after: 'P1D',
            action: 'reminder' as const,
            tone: 'urgent' as const,
            callTask: true,
          },
        ],
      };
      const withPhone = await withCase(
        env,
        await overdueCase(env, 2, {
          policy,
          client: { ...caseInput('2026-01-01').client, phone: '+33 6 00 00 00 00' },
        }),
        async () => env.sleep('1 hour'),
      );
      expect(timelineOf(withPhone, 'call_task_created')[0]!.input.data).toEqual({
        reason: 'scheduled',
        phone: '+33 6 00 00 00 00',
      });
      const without = await withCase(env, await overdueCase(env, 2, { policy }), async () =>
        env.sleep('1 hour'),
      );
      expect(timelineOf(without, 'call_task_created')[0]!.input.data).toEqual({
        reason: 'scheduled',
        phone: null,
      });
    });
  });
  describe('ids that cannot collide; rates', () => {
    it('a missing rate figure is alerted to the creditor once, however often penalties are computed', async () => {
      const provisional = (balanceMinor: number, asOf: string) => ({
        ...samplePenalties(balanceMinor, asOf),
        provisional: true,
        missingFigures: [
          {
            id: 'ecb:2026-07-01',
            table: 'ecb' as const,
            referenceDate: '2026-07-01',
            halfYear: null,
            lastKnown: { effectiveFrom: '2025-06-11', percent: '2.15' },
            label: 'ECB main refinancing rate on 2026-07-01',
            message: 'add the ECB main refinancing rate in force on 2026-07-01',
          },
        ],
      });
      const calls = await withCase(
        env,
        await overdueCase(env, 2, { policy: FAST_POLICY }),
        async () => env.sleep('5 days'),
        { computePenalties: async (i) => provisional(i.balanceMinor, i.asOf) },
      );
      expect(calls.filter((c) => c.name === 'computePenalties').length).toBeGreaterThanOrEqual(2);
      expect(alertsOf(calls, 'provisional_rate').map((c) => c.input.alert.figures)).toEqual([
        ['ecb:2026-07-01'],
      ]);
    });
    it('pause/resume keys stay unique across continue-as-new', async () => {
      const calls = await withCase(
        env,
        await overdueCase(env, 2, { historyBudget: 60 }),
        async ({ handle }) => {
          const firstRun = (await handle.describe()).runId;
          await env.sleep('1 hour');
          for (let i = 0; i < 12; i++) {
            const h = env.client.workflow.getHandle(handle.workflowId);
            await h.executeUpdate(pauseUpdate, { args: [{ reason: `p${i}` }] });
            await h.executeUpdate(resumeUpdate, { args: [] });
          }
          const runs = await env.client.workflow.getHandle(handle.workflowId).describe();
          expect(runs.runId).not.toBe(firstRun);
        },
      );
      const keys = calls.filter((c) => c.name === 'recordTimeline').map((c) => c.input.key);
      expect(keys.filter((k: string) => k.startsWith('paused:'))).toHaveLength(12);
      expect(new Set(keys).size).toBe(keys.length);
    }, 180_000);
  });
});
