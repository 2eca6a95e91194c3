import { addDays } from '@relance/domain';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentPlanUpdate, recordPaymentUpdate } from '../contract';
import { timeSkippingEnv, workflowBundle } from '../testing/harness';
import { caseInput, EXACT_POLICY, sleepUntil, today, withCase } from '../testing/fixtures';

const HISTORIES = join(__dirname, '../../histories');

describe('long cases and running cases', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await timeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('continues as new during a long payment plan without repeating or losing anything', async () => {
    const d = await today(env);
    const instalments = Array.from({ length: 8 }, (_, i) => ({
      dueDate: addDays(d, 10 * (i + 1)),
      amount: '150.00',
    }));
    const input = caseInput(addDays(d, -2), { policy: EXACT_POLICY, historyBudget: 100 });
    let firstRunId = '';
    const calls = await withCase(env, input, async ({ handle }) => {
      firstRunId = handle.firstExecutionRunId;
      await env.sleep('1 hour');
      await handle.executeUpdate(paymentPlanUpdate, { args: [{ instalments }] });
      for (const [i, inst] of instalments.entries()) {
        // Pay each instalment the day before it is due, after its reminder.
        await sleepUntil(env, `${addDays(inst.dueDate, -1)}T12:00:00Z`);
        const paidAt = new Date(await env.currentTimeMs()).toISOString();
        const view = await env.client.workflow
          .getHandle(handle.workflowId)
          .executeUpdate(recordPaymentUpdate, { args: [{ id: `inst-${i}`, amount: '150.00', paidAt }] });
        expect(view.paid).toBe(((i + 1) * 150).toFixed(2));
      }
      expect(await env.client.workflow.getHandle(handle.workflowId).result()).toMatchObject({
        status: 'paid',
        balance: '0.00',
      });
    });
    const first = await env.client.workflow
      .getHandle(input.externalId ? `dunning:default:${input.externalId}` : '', firstRunId)
      .fetchHistory();
    const last = first.events!.at(-1)!;
    expect(last.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
    const reminders = calls
      .filter((c) => c.name === 'sendClientEmail' && c.input.email.template === 'instalment_due')
      .map((c) => c.input.key);
    expect(reminders).toEqual(instalments.map((inst, i) => `instalment:${i}:${inst.dueDate}`));
    expect(calls.filter((c) => c.name === 'recordPayment')).toHaveLength(8);
    expect(
      calls.filter((c) => c.name === 'sendClientEmail' && c.input.email.template === 'payment_confirmation'),
    ).toHaveLength(1);
  });

  it('replays every committed history with the current workflow code', async () => {
    const files = readdirSync(HISTORIES).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const file of files) {
      const history = temporal.api.history.v1.History.fromObject(
        JSON.parse(readFileSync(join(HISTORIES, file), 'utf8')),
      );
      await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, `replay-${file}`);
    }
  });
});
