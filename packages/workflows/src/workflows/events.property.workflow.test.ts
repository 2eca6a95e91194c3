import { addDays, localDate, parseMoney } from '@relance/domain';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DunningActivities } from '../activities';
import {
  bounceSignal,
  cancelSignal,
  cancelUpdate,
  caseStateQuery,
  clientContactSignal,
  disputeUpdate,
  INVALID_TRANSITION,
  pauseUpdate,
  paymentPlanUpdate,
  paymentSignal,
  promiseUpdate,
  recordPaymentUpdate,
  replySignal,
  replyUpdate,
  resumeUpdate,
  VALIDATION_FAILED,
  type CaseState,
} from '../contract';
import { caseWorkflowId } from '../ids';
import { samplePenalties, timeSkippingEnv } from '../testing/harness';
import { caseInput, DAY_MS, EXACT_POLICY, sleepUntil, withCase } from '../testing/fixtures';

// SPEC §3.2 "Lifecycle guarantees" under random event sequences: no combination of events and
// activity behaviours wedges a case, nothing reaches the client while the case is held or closed,
// and the money adds up.

const NUM_RUNS = 20;
const SEED = 20_261_209;
const DUE_MINOR = 120_000; // caseInput: 1 200.00 EUR due
const TZ = 'Europe/Paris';
const { PendingActivityState, WorkflowTaskFailedCause } = temporal.api.enums.v1;

/** Reminder at once, formal notice a day later, hand-off (from 500 €) two days after: every step is reached. */
const FAST_POLICY = {
  steps: [
    { id: 'reminder_1', after: 'P1D', action: 'reminder' as const, tone: 'friendly' as const },
    { id: 'formal_notice', after: 'P2D', action: 'formal_notice' as const, deadlineDays: 1 },
    { id: 'legal_handoff', after: 'P3D', action: 'legal_handoff' as const, minAmount: '500.00' },
  ],
};

type Via = 'signal' | 'update';
type Event =
  | { kind: 'payment'; via: Via; amount: 'partial' | 'full' | 'over' | 'duplicate'; percent: number }
  | { kind: 'reply'; via: Via }
  | { kind: 'cancel'; via: Via }
  | { kind: 'pause' | 'resume' | 'dispute' }
  | { kind: 'promise'; inDays: number }
  | { kind: 'plan'; count: number; firstInDays: number; everyDays: number }
  | { kind: 'bounce'; client: boolean }
  | { kind: 'contact'; email: boolean };

const via = fc.constantFrom<Via>('signal', 'update');
const paymentArb = fc.record({
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
const injectedArb: fc.Arbitrary<Event> = fc.oneof(
  paymentArb.map((p) => ({ ...p, via: 'signal' as const })),
  fc.constant({ kind: 'reply' as const, via: 'signal' as const }),
  fc.constant({ kind: 'cancel' as const, via: 'signal' as const }),
  fc.constant({ kind: 'bounce' as const, client: true }),
  fc.constant({ kind: 'pause' as const }),
  fc.constant({ kind: 'dispute' as const }),
);
const eventArb: fc.Arbitrary<Event> = fc.oneof(
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
const gapArb = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 1, max: 3_600 }).map((s) => s * 1000), // up to an hour
  fc.integer({ min: 1, max: 240 }).map((h) => h * 3_600_000), // up to 10 days
);
const scenarioArb = fc.record({
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
type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

/** What may reach the client in each status; a creditor letter and the payment confirmation always may. */
function sendAllowed(status: string, template: string): boolean {
  if (template === 'payment_confirmation' || status === 'pending' || status === 'overdue') return true;
  return status === 'payment_plan' && template === 'instalment_due';
}

const realSleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const minor = (decimal: string) => parseMoney(decimal, 'EUR').minor;
const decimal = (m: number) => (m / 100).toFixed(2);

/**
 * Waits until the case has taken every event in and no activity attempt is running, so the next
 * event cannot race a send that had already started (the test server's clock only skips inside
 * `env.sleep`; an attempt waiting for a retry is moved on). One history read is one consistent
 * snapshot. False when the case never settles.
 */
async function settle(env: TestWorkflowEnvironment, handle: WorkflowHandle): Promise<boolean> {
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
const ANSWER_MS = 30_000;

async function within<T>(what: string, answer: Promise<T>): Promise<T> {
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
function taskFailures(history: temporal.api.history.v1.IHistory): string[] {
  return (history.events ?? []).flatMap((e) => {
    const f = e.workflowTaskFailedEventAttributes;
    if (!f || f.cause === WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND) return [];
    const cause = WorkflowTaskFailedCause[f.cause ?? 0];
    return [`workflow task failed (${cause}): ${f.failure?.message}\n${f.failure?.stackTrace ?? ''}`];
  });
}

/** An update the workflow refuses (bad input, wrong status) is a fine answer; anything else is not. */
async function tolerated(update: Promise<unknown>): Promise<string> {
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

interface SentPayment {
  id: string;
  amountMinor: number;
  via: Via;
  outcome: string;
}

/** One run: the case, its recorded activity calls and what the test did to it. */
class Run {
  readonly log: string[] = [];
  readonly payments: SentPayment[] = [];
  readonly violations: string[] = [];
  /** Events the case did not take (an unanswered update, a refused signal). */
  readonly wedges: string[] = [];
  /** Events injected during a local activity, still being delivered. */
  injecting: Promise<void>[] = [];
  private seq = 0;
  constructor(
    private readonly env: TestWorkflowEnvironment,
    readonly workflowId: string,
  ) {}

  get handle(): WorkflowHandle {
    return this.env.client.workflow.getHandle(this.workflowId);
  }

  async now(): Promise<string> {
    return new Date(await this.env.currentTimeMs()).toISOString();
  }

  async note(line: string): Promise<void> {
    this.log.push(`${await this.now()} ${line}`);
  }

  /** Called by the send mocks when they start: what the case looked like at that moment. */
  async observeSend(what: string, template: string): Promise<void> {
    let status: string;
    try {
      status = (await this.handle.query(caseStateQuery)).status;
    } catch (err) {
      status = `unknown (${(err as Error).message})`;
    }
    await this.note(`  send ${what} started while ${status}`);
    if (!sendAllowed(status, template)) this.violations.push(`${what} started while the case was ${status}`);
  }

  async deliver(event: Event): Promise<string> {
    const h = this.handle;
    const id = `${event.kind}-${++this.seq}`;
    const now = await this.now();
    switch (event.kind) {
      case 'payment': {
        const balance = minor((await h.query(caseStateQuery)).balance);
        const previous = this.payments.at(-1);
        const again = event.amount === 'duplicate' && previous;
        const amountMinor = again
          ? previous.amountMinor
          : event.amount === 'full'
            ? balance
            : event.amount === 'over'
              ? balance + 4_000
              : Math.min(Math.max(1, Math.floor((balance * event.percent) / 100)), Math.max(1, balance - 1));
        const p = { id: again ? previous.id : id, amount: decimal(Math.max(1, amountMinor)), paidAt: now };
        let outcome = 'signalled';
        if (event.via === 'update')
          outcome = await tolerated(h.executeUpdate(recordPaymentUpdate, { args: [p] }));
        else await h.signal(paymentSignal, p);
        this.payments.push({ id: p.id, amountMinor: minor(p.amount), via: event.via, outcome });
        return `${p.id} ${p.amount} (${event.amount}, balance ${decimal(balance)}): ${outcome}`;
      }
      case 'reply': {
        const r = { id, from: 'compta@acme.example', receivedAt: now, text: 'On regarde' };
        if (event.via === 'update') return tolerated(h.executeUpdate(replyUpdate, { args: [r] }));
        await h.signal(replySignal, r);
        return 'signalled';
      }
      case 'cancel':
        if (event.via === 'update')
          return tolerated(h.executeUpdate(cancelUpdate, { args: [{ reason: 'voided' }] }));
        await h.signal(cancelSignal, { id, reason: 'credit note' });
        return 'signalled';
      case 'pause':
        return tolerated(h.executeUpdate(pauseUpdate, { args: [{ reason: 'operator' }] }));
      case 'dispute':
        return tolerated(h.executeUpdate(disputeUpdate, { args: [{ reason: 'wrong amount' }] }));
      case 'resume':
        return tolerated(h.executeUpdate(resumeUpdate, { args: [] }));
      case 'promise': {
        const date = addDays(localDate(now, TZ), event.inDays);
        return `${date}: ${await tolerated(h.executeUpdate(promiseUpdate, { args: [{ date }] }))}`;
      }
      case 'plan': {
        const balance = minor((await h.query(caseStateQuery)).balance);
        const count = Math.max(1, Math.min(event.count, balance));
        const share = Math.floor(balance / count);
        const instalments = Array.from({ length: count }, (_, i) => ({
          dueDate: addDays(localDate(now, TZ), event.firstInDays + i * event.everyDays),
          amount: decimal(i === count - 1 ? balance - share * (count - 1) : share),
        }));
        const outcome = await tolerated(h.executeUpdate(paymentPlanUpdate, { args: [{ instalments }] }));
        return `${instalments.map((i) => `${i.amount}@${i.dueDate}`).join(', ')}: ${outcome}`;
      }
      case 'bounce':
        await h.signal(bounceSignal, {
          id,
          emailId: 'em_1',
          recipient: event.client ? 'compta@acme.example' : 'someone-else@acme.example',
          reason: 'mailbox full',
        });
        return 'signalled';
      case 'contact':
        await h.signal(
          clientContactSignal,
          event.email ? { email: `new-${id}@acme.example` } : { phone: '+33 1 02 03 04 05' },
        );
        return 'signalled';
    }
  }

  /** The activities of the run: sends observe the case, sendClientEmail may fail, penalties may be slow. */
  activities(scenario: Scenario): Partial<DunningActivities> {
    let emails = 0;
    const hiccups = new Set<number>();
    let penalties = 0;
    const sent = () => ({ emailId: `em_${this.seq}`, sentAt: new Date().toISOString() });
    return {
      sendClientEmail: async (i) => {
        await this.observeSend(`email ${i.email.template} (${i.key})`, i.email.template);
        const call = emails++;
        const flaky = scenario.flaky.findIndex((f, k) => f.template === i.email.template && !hiccups.has(k));
        if (flaky >= 0) {
          hiccups.add(flaky);
          await this.inject(scenario.flaky[flaky]!.event);
          await honourCancellation();
          throw new Error('the provider answered 503'); // retryable
        }
        if (scenario.refuse.length > 0 && scenario.refuse[call % scenario.refuse.length]) {
          throw ApplicationFailure.nonRetryable('refused', 'PermanentSendError');
        }
        return sent();
      },
      sendFormalNotice: async (i) => {
        if (i.deliverTo !== 'creditor') await this.observeSend(`formal notice (${i.key})`, 'formal_notice');
        return sent();
      },
      handOffToLawyer: async (i) => {
        await this.observeSend(`hand-off (${i.key})`, 'legal_handoff');
        return sent();
      },
      computePenalties: async (i) => {
        // Not cycled: an event injected into every attempt would supersede the step forever.
        const slow = scenario.slow[penalties++];
        if (slow) {
          await realSleep(slow.delayMs);
          // The event goes in last, and the activity returns as soon as the case has taken it: the
          // time-skipping test server hangs when an activity completes while the task cancelling it
          // is in flight, or after its workflow closed (a TRY_CANCEL activity may outlive the case).
          // A local activity runs inside the workflow task: the
          // case takes the event once it returns, so it is delivered without waiting for that.
          if (slow.inject && Context.current().info.isLocal) this.injecting.push(this.inject(slow.inject));
          else if (slow.inject) await this.inject(slow.inject);
        }
        return samplePenalties(i.balanceMinor, i.asOf);
      },
    };
  }

  /** Until every event injected during a local activity has been taken in. */
  async injected(): Promise<void> {
    while (this.injecting.length > 0) await Promise.all(this.injecting.splice(0));
  }

  /** An event delivered while a step is being prepared, awaited until the workflow has taken it in. */
  private async inject(event: Event): Promise<void> {
    try {
      const outcome = await within(`injected ${event.kind}`, this.deliver(event));
      await settleSignal(this.handle);
      await this.note(`  injected ${event.kind}: ${outcome}`);
    } catch (err) {
      // The case is waiting for this very activity: it is open and must take the event.
      this.wedges.push(`injected ${event.kind}: ${(err as Error).message}`);
      await this.note(`  injected ${event.kind}: failed (${(err as Error).message})`);
    }
  }
}

/**
 * A send told (through a heartbeat) that its step was superseded stops as cancelled, as a provider
 * call aborted by the activity's cancellation signal would. Without this the time-skipping test
 * server drops an activity that fails after a cancel request, and the workflow waits for it forever.
 */
async function honourCancellation(): Promise<void> {
  const ctx = Context.current();
  ctx.heartbeat();
  await Promise.race([ctx.cancelled, realSleep(1_000)]);
}

/** Until the workflow has completed a task after the last signal it received. */
async function settleSignal(handle: WorkflowHandle): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const events = (await handle.fetchHistory()).events ?? [];
    const signalled = events.findLastIndex((e) => e.workflowExecutionSignaledEventAttributes);
    if (events.slice(signalled + 1).some((e) => e.workflowTaskCompletedEventAttributes)) return;
    await realSleep(20);
  }
  throw new Error('the signal was not taken in');
}

describe('dunningCase under random event sequences (SPEC §3.2 lifecycle guarantees)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await timeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('never fails a workflow task, never sends to a held or closed case, and keeps paid + balance consistent', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (scenario) => {
        // Align the clock on a Monday 00:00 UTC so weekdays and hours replay with the seed.
        const week = 7 * DAY_MS;
        const monday = Math.ceil(((await env.currentTimeMs()) - 4 * DAY_MS) / week) * week + 4 * DAY_MS; // 1970-01-05 was a Monday
        await sleepUntil(env, new Date(monday + scenario.startHour * 3_600_000).toISOString());
        const start = localDate(new Date(await env.currentTimeMs()).toISOString(), TZ);
        const input = caseInput(addDays(start, scenario.dueInDays), {
          policy: scenario.fast ? FAST_POLICY : EXACT_POLICY,
        });
        const run = new Run(env, caseWorkflowId(input.tenant, input.externalId));
        let final: CaseState | undefined;
        let status = '';
        let failedTasks = 0;
        let settled = true;
        let wedged: Error | undefined;
        const calls = await withCase(
          env,
          input,
          async ({ handle }) => {
            try {
              for (const { gapMs, event } of scenario.events) {
                if (gapMs > 0) await within(`sleeping ${gapMs} ms`, env.sleep(gapMs));
                await run.injected();
                settled &&= await settle(env, handle);
                if ((await handle.describe()).status.name !== 'RUNNING') break;
                const what = `${event.kind}${'via' in event ? ` (${event.via})` : ''}`;
                await run.note(`${what}: ${await within(what, run.deliver(event))}`);
              }
              await within('sleeping a day', env.sleep('1 day'));
              await run.injected();
              settled &&= await settle(env, handle);
              // A query, not result(): awaiting a result lets the test server skip time freely.
              final = await within('the final query', handle.query(caseStateQuery));
            } catch (err) {
              wedged = err as Error;
            }
            status = (await handle.describe()).status.name;
            const history = await handle.fetchHistory();
            const failures = taskFailures(history);
            failedTasks = failures.length;
            for (const f of failures) await run.note(f);
            await run.note(`final: ${status} ${JSON.stringify(final)}`);
          },
          run.activities(scenario),
        );
        const story = `\n${run.log.join('\n')}`;
        if (wedged) throw new Error(`${wedged.message}${story}`, { cause: wedged });

        // (a) no workflow task failure, and the case is open or properly finished.
        expect(failedTasks, `workflow task failures${story}`).toBe(0);
        expect(settled, `the case never settled${story}`).toBe(true);
        expect(run.wedges, story).toEqual([]);
        expect(['RUNNING', 'COMPLETED'], story).toContain(status);
        // (b) nothing reached the client or the lawyer while the case was held or closed.
        expect(run.violations, story).toEqual([]);
        // (c) the final state answers and the money adds up with the payments applied, once each.
        expect(final, story).toBeDefined();
        const applied = calls.filter((c) => c.name === 'recordPayment').map((c) => c.input);
        expect(new Set(applied.map((p) => p.paymentId)).size, `a payment applied twice${story}`).toBe(
          applied.length,
        );
        for (const p of applied) {
          expect(run.payments.find((s) => s.id === p.paymentId)?.amountMinor, story).toBe(p.amountMinor);
        }
        const paid = applied.reduce((sum, p) => sum + p.amountMinor, 0);
        expect(minor(final!.paid), story).toBe(paid);
        expect(minor(final!.balance), story).toBe(Math.max(0, DUE_MINOR - paid));
        expect(final!.overpaid ? minor(final!.overpaid) : 0, story).toBe(Math.max(0, paid - DUE_MINOR));
        expect(final!.status === 'paid', story).toBe(paid >= DUE_MINOR);
        // No payment silently dropped: each one delivered is applied, or recorded as not accepted.
        const refused = calls
          .filter((c) => c.name === 'recordTimeline' && c.input.type === 'payment_received')
          .map((c) => c.input.data.paymentId);
        for (const p of run.payments) {
          if (p.outcome.startsWith('rejected')) continue;
          const seen = applied.some((a) => a.paymentId === p.id) || refused.includes(p.id);
          expect(seen, `payment ${p.id} (${p.via}) dropped${story}`).toBe(true);
        }
      }),
      // No shrinking (endOnFailure): a run costs seconds. Add the reported `path` to replay one run.
      { numRuns: NUM_RUNS, seed: SEED, endOnFailure: true },
    );
  }, 300_000);
});
