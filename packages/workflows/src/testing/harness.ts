import { ensureTestServer } from '@relance/devstack';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  bundleWorkflowCode,
  DefaultLogger,
  Runtime,
  Worker,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { toDecimal, type PenaltyBreakdown } from '@relance/domain';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { DunningActivities, StepPart } from '../activities';
import type { CaseState } from '../contract';
import { SA, workflowBundlerOptions, workflowsPath } from '../index';
import { temporal } from '@temporalio/proto';
import { WorkflowUpdateFailedError } from '@temporalio/client';

/** The time-skipping test server (provisioned binary, or the SDK's own download when none). */
export async function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    /* already installed in this process */
  }
  const path = ensureTestServer();
  const env = await TestWorkflowEnvironment.createTimeSkipping(
    path ? { server: { executable: { type: 'existing-path', path } } } : {},
  );
  // The test server starts without Relance's custom search attributes.
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(
      Object.values(SA).map((key) => [key.name, SEARCH_ATTRIBUTE_TYPES[key.type]!]),
    ),
  });
  return env;
}

const SEARCH_ATTRIBUTE_TYPES = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  DOUBLE: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  DATETIME: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
} as Record<string, temporal.api.enums.v1.IndexedValueType>;

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** The workflow code bundled once per test file. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({
    workflowsPath,
    ...workflowBundlerOptions,
    logger: new DefaultLogger('WARN'),
  });
  return bundle;
}

export interface ActivityCall {
  name: keyof DunningActivities;
  at: number;
  input: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- recorded for assertions
}

/**
 * Activities with the contract's type that record each call and the (skipped) time it happened.
 * Sends answer like the real ones; `overrides` replace individual activities.
 */
export function recordingActivities(
  env: TestWorkflowEnvironment,
  overrides: Partial<DunningActivities> = {},
): { activities: DunningActivities; calls: ActivityCall[] } {
  const calls: ActivityCall[] = [];
  let ids = 0;
  const record =
    <K extends keyof DunningActivities>(
      name: K,
      answer: (input: Parameters<DunningActivities[K]>[0]) => unknown,
    ) =>
    async (input: Parameters<DunningActivities[K]>[0], partOf?: number) => {
      const at = partOf ?? (await env.currentTimeMs());
      calls.push({ name, at, input });
      const override = overrides[name] as ((i: unknown) => unknown) | undefined;
      return override ? override(input) : answer(input);
    };
  const sent = () => ({ emailId: `em_${++ids}`, sentAt: new Date().toISOString() });
  const activities = {
    computePenalties: record('computePenalties', (i) => samplePenalties(i.balanceMinor, i.asOf)),
    sendClientEmail: record('sendClientEmail', sent),
    sendFormalNotice: record('sendFormalNotice', sent),
    handOffToLawyer: record('handOffToLawyer', sent),
    alertCreditor: record('alertCreditor', sent),
    recordTimeline: record('recordTimeline', () => undefined),
    recordPayment: record('recordPayment', () => undefined),
    syncCase: record('syncCase', () => undefined),
  } as DunningActivities;
  // A step's parts go through the recorded activities above, in order, as the worker does them,
  // recorded at the instant the server dispatched the step (a worker's first activity task may
  // start a second later on a loaded host).
  const step = record('performStep', () => undefined);
  activities.performStep = async (input) => {
    const at = Context.current().info.currentAttemptScheduledTimestampMs;
    await step(input, at);
    const part = activities as unknown as Record<string, (i: unknown, at: number) => Promise<unknown>>;
    await performParts((name, i) => part[name]!(i, at), input.parts);
  };
  return { activities, calls };
}

/**
 * Runs a step's parts through `acts`: an alert refused for good is recorded as `email_failed`
 * and the step goes on (the worker's `performStep` contract).
 */
async function performParts(
  call: (name: string, input: unknown) => Promise<unknown>,
  parts: StepPart[],
): Promise<void> {
  for (const part of parts) {
    if (!('alertCreditor' in part)) {
      for (const [name, input] of Object.entries(part)) await call(name, input);
    } else {
      const alert = part.alertCreditor;
      try {
        await call('alertCreditor', alert);
      } catch (err) {
        if (!(err instanceof ApplicationFailure) || !err.nonRetryable) throw err;
        await call('recordTimeline', {
          ref: alert.ref,
          key: `alert_failed:${alert.key.replace(/^alert:/, '')}`,
          type: 'email_failed',
          at: new Date().toISOString(),
          data: { recipient: 'creditor', kind: alert.alert.kind, reason: err.message },
        });
      }
    }
  }
}

export async function workerFor(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  activities: DunningActivities,
): Promise<Worker> {
  return Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities,
  });
}

/** A fixed-rate breakdown (12.15 %, 40 € fee) for tests; the real maths is tested in the domain. */
export function samplePenalties(balanceMinor: number, asOf: string): PenaltyBreakdown {
  const interestMinor = Math.round((balanceMinor * 0.1215 * 30) / 365);
  const dec = (minor: number) => toDecimal({ currency: 'EUR', minor });
  return {
    jurisdiction: 'FR',
    clientType: 'business',
    dueDate: asOf,
    asOf,
    currency: 'EUR',
    principal: dec(balanceMinor),
    principalMinor: balanceMinor,
    periods: [],
    interest: dec(interestMinor),
    interestMinor,
    fixedFee: '40.00',
    fixedFeeMinor: 4000,
    total: dec(interestMinor + 4000),
    totalMinor: interestMinor + 4000,
    notes: [],
    provisional: false,
    missingFigures: [],
  };
}

/** A compact, comparable trace of what a case did to the outside world. */
export function trace(calls: ActivityCall[]): string[] {
  return calls.flatMap((c) => {
    const i = c.input;
    switch (c.name) {
      case 'sendClientEmail':
        return [`email:${i.email.template}:${i.key}`];
      case 'sendFormalNotice':
        return [`formal_notice:${i.deadline}`];
      case 'handOffToLawyer':
        return ['legal_handoff'];
      case 'alertCreditor':
        return [`alert:${i.alert.kind}`];
      case 'recordPayment':
        return [`payment:${i.paymentId}:${i.amountMinor}`];
      case 'recordTimeline':
        return [`timeline:${i.type}`];
      default:
        return [];
    }
  });
}

/** The newest case record written (by `syncCase`, `recordPayment` or `performStep`). */
export function lastRecord(calls: ActivityCall[]): CaseState | undefined {
  const writes = calls.flatMap((c) => {
    if (c.name === 'syncCase' && c.input.record)
      return [{ version: c.input.version, record: c.input.record }];
    if ((c.name === 'recordPayment' || c.name === 'performStep') && c.input.write) return [c.input.write];
    return [];
  }) as { version: number; record: CaseState }[];
  return writes.sort((a, b) => a.version - b.version).at(-1)?.record;
}

/** When each call of `name` happened, as ISO instants (to the second). */
export function timesOf(calls: ActivityCall[], name: ActivityCall['name']): string[] {
  return calls
    .filter((c) => c.name === name)
    .map((c) => new Date(Math.floor(c.at / 1000) * 1000).toISOString());
}

/** The timeline entries of one type a case recorded, in order. */
export const timelineOf = (calls: ActivityCall[], type: string) =>
  calls.filter((c) => c.name === 'recordTimeline' && c.input.type === type);

/** The creditor alerts of one kind a case sent, in order. */
export const alertsOf = (calls: ActivityCall[], kind: string) =>
  calls.filter((c) => c.name === 'alertCreditor' && c.input.alert.kind === kind);

/** The failure a rejected update carries (its validator's type, message and first detail). */
export async function failureOf(
  p: Promise<unknown>,
): Promise<{ type?: string; message: string; details?: unknown }> {
  try {
    await p;
  } catch (err) {
    if (!(err instanceof WorkflowUpdateFailedError)) throw err;
    const cause = (err as WorkflowUpdateFailedError).cause as {
      type?: string;
      message: string;
      details?: unknown[];
    };
    return { type: cause.type, message: cause.message, details: cause.details?.[0] };
  }
  throw new Error('expected the update to be rejected');
}
