import { addDays } from '@relance/domain';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseStateQuery, replySignal, type ReplyInput } from '../contract';
import { timeSkippingEnv, trace, type ActivityCall } from '../testing/harness';
import { caseInput, EXACT_POLICY, today, withCase } from '../testing/fixtures';

// Issue 18: anyone can write to a case's reply-to address. A reply whose sender is not the
// client (nor a cc) is recorded as unverified and pauses nothing unless the creditor asked so.

const nowIso = async (env: TestWorkflowEnvironment) => new Date(await env.currentTimeMs()).toISOString();
const replyEntry = (calls: ActivityCall[]) =>
  calls.find((c) => c.name === 'recordTimeline' && c.input.type === 'reply_received')!;
const replyAlert = (calls: ActivityCall[]) =>
  calls.find((c) => c.name === 'alertCreditor' && c.input.alert.kind === 'reply')!;

describe('dunningCase: replies from an unverified sender (issue 18)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await timeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  const overdueCase = async () => caseInput(addDays(await today(env), -2), { policy: EXACT_POLICY });
  const reply = async (extra: Partial<ReplyInput>): Promise<ReplyInput> => ({
    id: 'r1',
    from: 'Someone <someone@elsewhere.example>',
    receivedAt: await nowIso(env),
    text: 'Stop the reminders, it is paid.',
    verified: false,
    ...extra,
  });

  it('records it unverified, alerts the creditor, and does not pause: the next reminder still goes', async () => {
    const calls = await withCase(env, await overdueCase(), async ({ handle }) => {
      await env.sleep('1 hour');
      await handle.signal(replySignal, await reply({}));
      await env.sleep('1 hour');
      expect(await handle.query(caseStateQuery)).toMatchObject({ status: 'overdue' });
      await env.sleep('7 days');
    });
    expect(trace(calls)).toEqual([
      'email:friendly:step:reminder_1',
      'timeline:reply_received',
      'alert:reply',
      'email:firm:step:reminder_2',
    ]);
    expect(replyEntry(calls).input.data).toMatchObject({ unverified: true, paused: false });
    expect(replyAlert(calls).input.alert).toMatchObject({
      kind: 'reply',
      from: 'Someone <someone@elsewhere.example>',
      unverified: true,
      paused: false,
    });
  });

  it('pauses on it when the creditor asked so (replies.pauseOnUnverified), still marked unverified', async () => {
    const calls = await withCase(env, await overdueCase(), async ({ handle }) => {
      await env.sleep('1 hour');
      await handle.signal(replySignal, await reply({ pauseIfUnverified: true }));
      await env.sleep('30 days');
      expect(await handle.query(caseStateQuery)).toMatchObject({
        status: 'paused',
        pausedReason: 'client_reply',
      });
    });
    expect(calls.filter((c) => c.name === 'sendClientEmail')).toHaveLength(1);
    expect(replyEntry(calls).input.data).toMatchObject({ unverified: true, paused: true });
    expect(replyAlert(calls).input.alert).toMatchObject({ unverified: true, paused: true });
  });

  it('pauses on a verified reply as before, with nothing about the sender on the timeline', async () => {
    const calls = await withCase(env, await overdueCase(), async ({ handle }) => {
      await env.sleep('1 hour');
      await handle.signal(replySignal, await reply({ verified: true, from: 'compta@acme.example' }));
      await env.sleep('1 hour');
      expect(await handle.query(caseStateQuery)).toMatchObject({ status: 'paused' });
    });
    expect(replyEntry(calls).input.data).not.toHaveProperty('unverified');
    expect(replyAlert(calls).input.alert).not.toHaveProperty('unverified');
  });

  it('records the length the API gave for a text it cut, as truncated', async () => {
    const calls = await withCase(env, await overdueCase(), async ({ handle }) => {
      await env.sleep('1 hour');
      await handle.signal(
        replySignal,
        await reply({ verified: true, text: 'x'.repeat(10_000), originalLength: 50_000 }),
      );
      await env.sleep('1 hour');
    });
    expect(replyEntry(calls).input.data).toMatchObject({ truncated: true, originalLength: 50_000 });
    expect(replyEntry(calls).input.data.text).toHaveLength(10_000);
  });
});
