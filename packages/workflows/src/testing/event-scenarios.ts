import { parseMoney } from '@relance/domain';
import type { ApplicationFailure } from '@temporalio/activity';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import fc from 'fast-check';
import { INVALID_TRANSITION, VALIDATION_FAILED } from '../contract';
// The random scenarios of the lifecycle property test (events.property.workflow.test.ts) and the
// observations it makes of a running case.

export const DUE_MINOR = 120_000; // caseInput: 1 200.00 EUR due
export const TZ = 'Europe/Paris';
export const { PendingActivityState, WorkflowTaskFailedCause } = temporal.api.enums.v1;

/** Reminder at once, formal notice a day later, hand-off (from 500 €) two days after: every step is reached. */
export const FAST_POLICY = {
  steps: [
    { id: 'reminder_1', after: 'P1D', action: 'reminder' as const, tone: 'friendly' as const },
    { id: 'formal_notice', after: 'P2D', action: 'formal_notice' as const, deadlineDays: 1 },
    { id: 'legal_handoff', after: 'P3D', action: 'legal_handoff' as const, minAmount: '500.00' },
  ],
};

export type Via = 'signal' | 'update';
export type Event =
  | { kind: 'payment'; via: Via; amount: 'partial' | 'full' | 'over' | 'duplicate'; percent: number }
  | { kind: 'reply'; via: Via }
  | { kind: 'cancel'; via: Via }
  | { kind: 'pause' | 'resume' | 'dispute' }
  | { kind: 'promise'; inDays: number }
  | { kind: 'plan'; count: number; firstInDays: number; everyDays: number }
  | { kind: 'bounce'; client: boolean }
  | { kind: 'contact'; email: boolean };

export const via = fc.constantFrom<Via>('signal', 'update');
export const paymentArb = fc.record({
  kind: fc.constant('payment' as const),
  via,
  amount: fc.constantFrom(
    'partial' as const,
    'partial' as const,
    'full' as const,
    'over' as const,
    'duplicate' as const,
  ),
  percent: fc.integer({ min: 1, max: 99 }),
});
/** What a webhook can deliver while a step is being prepared (plus an operator's pause). */
export const injectedArb: fc.Arbitrary<Event> = fc.oneof(
  paymentArb.map((p) => ({ ...p, via: 'signal' as const })),
  fc.constant({ kind: 'reply' as const, via: 'signal' as const }),
  fc.constant({ kind: 'cancel' as const, via: 'signal' as const }),
  fc.constant({ kind: 'bounce' as const, client: true }),
  fc.constant({ kind: 'pause' as const }),
  fc.constant({ kind: 'dispute' as const }),
);
export const eventArb: fc.Arbitrary<Event> = fc.oneof(
  { weight: 4, arbitrary: paymentArb },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('reply' as const), via }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), via }) },
  {
    weight: 6,
    arbitrary: fc
      .constantFrom('pause' as const, 'resume' as const, 'resume' as const, 'dispute' as const)
      .map((kind) => ({ kind })),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('promise' as const), inDays: fc.integer({ min: 0, max: 20 }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('plan' as const),
      count: fc.integer({ min: 1, max: 3 }),
      firstInDays: fc.integer({ min: 1, max: 10 }),
      everyDays: fc.integer({ min: 1, max: 15 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('bounce' as const), client: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('contact' as const), email: fc.boolean() }) },
);
export const gapArb = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 1, max: 3_600 }).map((s) => s * 1000), // up to an hour
  fc.integer({ min: 1, max: 240 }).map((h) => h * 3_600_000), // up to 10 days
);
export const scenarioArb = fc.record({
  /** The run starts this many hours after a Monday 00:00 UTC, so a seed replays the same weekdays. */
  startHour: fc.integer({ min: 0, max: 7 * 24 - 1 }),
  dueInDays: fc.integer({ min: -3, max: 2 }),
  /** FAST_POLICY (more often: it reaches the formal notice and the hand-off) or EXACT_POLICY. */
  fast: fc.constantFrom(true, true, false),
  /** sendClientEmail refuses for good (PermanentSendError) on these calls, cycled; none when empty. */
  refuse: fc.oneof(fc.constant([] as boolean[]), fc.array(fc.boolean(), { minLength: 1, maxLength: 5 })),
  /**
   * The provider hiccups (a retryable error) on the first attempt of an email with this template,
   * while the event is delivered: a send the event supersedes must not be retried.
   */
  flaky: fc.array(
    fc.record({
      template: fc.constantFrom('friendly', 'firm', 'urgent', 'promise_missed', 'instalment_due'),
      event: injectedArb,
    }),
    { maxLength: 2 },
  ),
  /** The first computePenalties calls take 100–300 ms of real time, then inject an event. */
  slow: fc.oneof(
    { weight: 1, arbitrary: fc.constant([]) },
    {
      weight: 3,
      arbitrary: fc.array(
        fc.record({
          delayMs: fc.integer({ min: 100, max: 300 }),
          inject: fc.option(injectedArb, { nil: undefined }),
        }),
        { minLength: 1, maxLength: 3 },
      ),
    },
  ),
  events: fc.array(fc.record({ gapMs: gapArb, event: eventArb }), { minLength: 3, maxLength: 10 }),
});
export type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

/** What may reach the client in each status; a creditor letter and the payment confirmation always may. */
export function sendAllowed(status: string, template: string): boolean {
  if (template === 'payment_confirmation' || status === 'pending' || status === 'overdue') return true;
  return status === 'payment_plan' && template === 'instalment_due';
}

export const realSleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const minor = (decimal: string) => parseMoney(decimal, 'EUR').minor;
export const decimal = (m: number) => (m / 100).toFixed(2);

/**
 * Waits until the case has taken every event in and no activity attempt is running, so the next
 * event cannot race a send that had already started (the test server's clock only skips inside
 * `env.sleep`; an attempt waiting for a retry is moved on). One history read is one consistent
 * snapshot. False when the case never settles.
 */
export async function settle(env: TestWorkflowEnvironment, handle: WorkflowHandle): Promise<boolean> {
  for (let i = 0; i < 300; i++) {
    const events = (await handle.fetchHistory()).events ?? [];
    const last = events.at(-1);
    if (last?.workflowExecutionCompletedEventAttributes ?? last?.workflowExecutionFailedEventAttributes)
      return true;
    const lastDone = events.findLastIndex((e) => e.workflowTaskCompletedEventAttributes);
    const taskPending = events.slice(lastDone + 1).some((e) => e.workflowTaskScheduledEventAttributes);
    const closed = new Set(
      events.flatMap((e) => {
        const done =
          e.activityTaskCompletedEventAttributes ??
          e.activityTaskFailedEventAttributes ??
          e.activityTaskTimedOutEventAttributes ??
          e.activityTaskCanceledEventAttributes;
        return done ? [String(done.scheduledEventId)] : [];
      }),
    );
    const open = events.filter(
      (e) => e.activityTaskScheduledEventAttributes && !closed.has(String(e.eventId)),
    );
    if (!taskPending && open.length === 0) return true;
    // An activity waiting for its next attempt waits on the test server's clock: move it on.
    const pending = open.length > 0 ? ((await handle.describe()).raw.pendingActivities ?? []) : [];
    const retrying = pending.some(
      (a) => (a.attempt ?? 1) > 1 && a.state === PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED,
    );
    if (retrying) await env.sleep('1 minute');
    else await realSleep(20);
  }
  return false;
}

/** A wedged case answers nothing: an event it does not take within this real time fails the run. */
export const ANSWER_MS = 30_000;

export async function within<T>(what: string, answer: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ANSWER_MS / 1000} s`)), ANSWER_MS);
  });
  try {
    return await Promise.race([answer, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The workflow task failures of a history, but UnhandledCommand: that is the server refusing a
 * completion because an event arrived meanwhile; the task is retried with the event (no loop).
 */
export function taskFailures(history: temporal.api.history.v1.IHistory): string[] {
  return (history.events ?? []).flatMap((e) => {
    const f = e.workflowTaskFailedEventAttributes;
    if (!f || f.cause === WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND) return [];
    const cause = WorkflowTaskFailedCause[f.cause ?? 0];
    return [`workflow task failed (${cause}): ${f.failure?.message}\n${f.failure?.stackTrace ?? ''}`];
  });
}

/** An update the workflow refuses (bad input, wrong status) is a fine answer; anything else is not. */
export async function tolerated(update: Promise<unknown>): Promise<string> {
  try {
    await update;
    return 'ok';
  } catch (err) {
    const type =
      err instanceof WorkflowUpdateFailedError ? (err.cause as ApplicationFailure)?.type : undefined;
    if (type === VALIDATION_FAILED || type === INVALID_TRANSITION) return `rejected (${type})`;
    throw err;
  }
}
