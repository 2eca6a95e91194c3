import { DEFAULT_POLICY_FR } from '@relance/domain';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import type { DunningActivities } from '../activities';
import type { DunningCaseInput } from '../contract';
import { startSearchAttributes } from '../search-attributes';
import { recordingActivities, workerFor, type ActivityCall } from './harness';

export const DAY_MS = 86_400_000;

let counter = 0;

export function caseInput(dueDate: string, overrides: Partial<DunningCaseInput> = {}): DunningCaseInput {
  counter += 1;
  return {
    tenant: 'default',
    externalId: `INV-${counter}-${Math.random().toString(36).slice(2, 8)}`,
    number: `F-2026-${String(counter).padStart(4, '0')}`,
    dueDate,
    currency: 'EUR',
    total: '1200.00',
    amountDue: '1200.00',
    client: {
      name: 'Jeanne Martin',
      company: 'ACME SARL',
      email: 'compta@acme.example',
      locale: 'fr',
      timezone: 'Europe/Paris',
      country: 'FR',
    },
    jurisdiction: 'FR',
    policy: DEFAULT_POLICY_FR,
    ...overrides,
  };
}

/** The default cadence with no window, business days or cap: every step fires at its exact offset. */
export const EXACT_POLICY = {
  steps: [
    { id: 'reminder_1', after: 'P1D', action: 'reminder' as const, tone: 'friendly' as const },
    { id: 'reminder_2', after: 'P8D', action: 'reminder' as const, tone: 'firm' as const },
    {
      id: 'final_notice',
      after: 'P15D',
      action: 'reminder' as const,
      tone: 'urgent' as const,
      callTask: true,
    },
    { id: 'formal_notice', after: 'P30D', action: 'formal_notice' as const, deadlineDays: 8 },
    { id: 'legal_handoff', after: 'P38D', action: 'legal_handoff' as const, minAmount: '500.00' },
  ],
};

export async function today(env: TestWorkflowEnvironment): Promise<string> {
  return new Date(await env.currentTimeMs()).toISOString().slice(0, 10);
}

export interface RunningCase {
  handle: WorkflowHandleWithFirstExecutionRunId;
  calls: ActivityCall[];
  worker: Worker;
  input: DunningCaseInput;
}

/**
 * Starts a case on its own task queue with recording activities and runs `body` while the
 * worker polls; the workflow is terminated afterwards if it is still open.
 */
export async function withCase(
  env: TestWorkflowEnvironment,
  input: DunningCaseInput,
  body: (c: RunningCase) => Promise<void>,
  overrides: Partial<DunningActivities> = {},
): Promise<ActivityCall[]> {
  const taskQueue = `test-${input.externalId}`;
  const { activities, calls } = recordingActivities(env, overrides);
  const worker = await workerFor(env, taskQueue, activities);
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start('dunningCase', {
      workflowId: `dunning:${input.tenant}:${input.externalId}`,
      taskQueue,
      args: [input],
      // As the API starts a case (its client id is not part of the workflow's input).
      typedSearchAttributes: startSearchAttributes(input, input.client.email),
    });
    try {
      await body({ handle, calls, worker, input });
    } finally {
      // The latest run, not the first: a case may have continued-as-new, and a run left open
      // without a worker would hold the test server's clock for the next test.
      const latest = env.client.workflow.getHandle(handle.workflowId);
      // Let activities in flight finish first: the test server keeps its clock locked for an
      // activity still pending when its workflow is terminated, which would stall later tests.
      for (let i = 0; i < 1200; i++) {
        const { raw } = await latest.describe();
        if (!raw.pendingActivities?.length) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const { status } = await latest.describe();
      if (status.name === 'RUNNING') await latest.terminate('test over');
    }
  });
  return calls;
}

/**
 * Sleeps the test server until the given instant, + `afterMs` (the clock only moves forward).
 * Tests wait for instants the case announces or the calendar fixes rather than for fixed
 * durations: weekends, holidays and the hour the suite happens to reach a test move those
 * instants, and a fixed sleep can then cross the next step.
 */
export async function sleepUntil(env: TestWorkflowEnvironment, instant: string, afterMs = 0): Promise<void> {
  const ms = Date.parse(instant) + afterMs - (await env.currentTimeMs());
  if (ms > 0) await env.sleep(ms);
}

/**
 * Advances the test server an hour at a time until an activity call matching `match` appears
 * (at most `maxDays`), for policies whose send slots depend on the weekday and holidays.
 */
export async function advanceUntil(
  env: TestWorkflowEnvironment,
  calls: ActivityCall[],
  match: (c: ActivityCall) => boolean,
  maxDays = 20,
): Promise<ActivityCall> {
  for (let hour = 0; hour <= maxDays * 24; hour++) {
    const found = calls.find(match);
    if (found) return found;
    await env.sleep('1 hour');
  }
  throw new Error(`no matching activity call within ${maxDays} days`);
}
