import { addDays } from '@relance/domain';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseStateQuery, MAX_REPLY_CHARS, pauseUpdate, replySignal } from '../contract';
import { alertsOf, timelineOf, timeSkippingEnv } from '../testing/harness';
import { caseInput, EXACT_POLICY, today, withCase } from '../testing/fixtures';

// docs/architecture.md "Case lifecycle guarantees", continued: a reply flood never grows one run forever. On a
// test server of its own: continue-as-new under a burst of signals.

async function overdueCase(env: TestWorkflowEnvironment, daysLate = 2, overrides = {}) {
  return caseInput(addDays(await today(env), -daysLate), { policy: EXACT_POLICY, ...overrides });
}

const nowIso = async (env: TestWorkflowEnvironment) => new Date(await env.currentTimeMs()).toISOString();

describe('dunningCase lifecycle guarantees: reply floods (docs/architecture.md "What a case reacts to")', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await timeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  describe('floods that cannot grow a run forever', () => {
    it('a reply flood on a paused case: every reply recorded (long ones truncated), one alert an hour, continue-as-new', async () => {
      const calls = await withCase(
        env,
        await overdueCase(env, 2, { historyBudget: 60 }),
        async ({ handle }) => {
          const firstRun = (await handle.describe()).runId;
          await env.sleep('1 hour');
          await handle.executeUpdate(pauseUpdate, { args: [{ reason: 'client on holiday' }] });
          const h = env.client.workflow.getHandle(handle.workflowId);
          for (let i = 0; i < 40; i++) {
            const text = i === 0 ? 'x'.repeat(MAX_REPLY_CHARS + 5_000) : `reply ${i}`;
            await h.signal(replySignal, {
              id: `r${i}`,
              from: 'c@acme.example',
              receivedAt: await nowIso(env),
              text,
            });
          }
          await env.sleep('2 hours');
          const described = await h.describe();
          expect(described.runId).not.toBe(firstRun);
          expect(await h.query(caseStateQuery)).toMatchObject({ status: 'paused' });
        },
      );
      // Every reply recorded once by key (a local activity is at least once: a workflow task the
      // server refused because more replies arrived runs again, and the write is keyed).
      const replies = timelineOf(calls, 'reply_received');
      const keys = new Set(replies.map((c) => c.input.key as string));
      expect([...keys].sort()).toEqual(Array.from({ length: 40 }, (_, i) => `reply:r${i}`).sort());
      for (const c of replies) {
        expect(c.input.data).toEqual(replies.find((r) => r.input.key === c.input.key)!.input.data);
      }
      const long = replies.find((c) => c.input.key === 'reply:r0')!;
      expect(long.input.data).toMatchObject({
        truncated: true,
        originalLength: MAX_REPLY_CHARS + 5_000,
      });
      expect(long.input.data.text).toHaveLength(MAX_REPLY_CHARS);
      const alerts = alertsOf(calls, 'reply');
      expect(alerts).toHaveLength(2);
      expect(alerts[1]!.input.alert).toMatchObject({ count: 39, text: 'reply 39' });
    }, 180_000);
  });
});
