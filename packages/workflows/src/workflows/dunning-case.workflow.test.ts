import { addDays, DEFAULT_POLICY_FR, isBusinessDay } from '@relance/domain';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DunningCaseInput } from '../contract';
import { caseStateQuery } from '../contract';
import { recordingActivities, timeSkippingEnv, workerFor } from '../testing/harness';

const DAY = 86_400_000;

function caseInput(dueDate: string, overrides: Partial<DunningCaseInput> = {}): DunningCaseInput {
  return {
    tenant: 'default',
    externalId: `INV-${Math.random().toString(36).slice(2, 9)}`,
    number: 'F-2026-0042',
    issueDate: addDays(dueDate, -30),
    dueDate,
    currency: 'EUR',
    total: '1200.00',
    amountDue: '1200.00',
    client: {
      id: 'C-17',
      name: 'Jeanne Martin',
      company: 'ACME SARL',
      email: 'compta@acme.example',
      locale: 'fr',
      timezone: 'Europe/Paris',
      type: 'business',
      country: 'FR',
    },
    jurisdiction: 'FR',
    policy: DEFAULT_POLICY_FR,
    ...overrides,
  };
}

/** 09:00 Paris on the first French business day on or after `date`. */
function firstSlotOnOrAfter(date: string): number {
  let d = date;
  while (!isBusinessDay(d, 'FR')) d = addDays(d, 1);
  return DateTime.fromISO(`${d}T09:00`, { zone: 'Europe/Paris' }).toMillis();
}

describe('dunningCase on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await timeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('sleeps until the courtesy step of an invoice due in 30 days, then sends it in the send window', async () => {
    const start = await env.currentTimeMs();
    const today = new Date(start).toISOString().slice(0, 10);
    const input = caseInput(addDays(today, 30));
    const taskQueue = `test-${input.externalId}`;
    const { activities, calls } = recordingActivities(env);
    const worker = await workerFor(env, taskQueue, activities);
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start('dunningCase', {
        workflowId: `dunning:default:${input.externalId}`,
        taskQueue,
        args: [input],
      });
      await env.sleep('25 days');
      expect(calls.filter((c) => c.name === 'sendClientEmail')).toHaveLength(0);
      expect(await handle.query(caseStateQuery)).toMatchObject({ status: 'pending', stage: 'none' });

      await env.sleep('5 days');
      const sends = calls.filter((c) => c.name === 'sendClientEmail');
      expect(sends).toHaveLength(1);
      expect(sends[0]!.input).toMatchObject({
        key: 'step:courtesy',
        step: 'courtesy',
        email: { template: 'courtesy' },
      });
      // Sent at the first send slot on or after due − 3 days, never before.
      expect(sends[0]!.at).toBeGreaterThanOrEqual(firstSlotOnOrAfter(addDays(input.dueDate, -3)));
      expect(sends[0]!.at).toBeLessThan(firstSlotOnOrAfter(addDays(input.dueDate, -3)) + 60_000);
      expect(sends[0]!.at - start).toBeGreaterThan(26 * DAY);
      const state = await handle.query(caseStateQuery);
      expect(state).toMatchObject({
        status: 'pending',
        stage: 'courtesy',
        nextAction: { step: 'reminder_1' },
      });
    });
  });
});
