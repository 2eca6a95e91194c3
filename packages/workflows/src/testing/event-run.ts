import { addDays, localDate } from '@relance/domain';
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { DunningActivities } from '../activities';
import {
  bounceSignal,
  cancelSignal,
  cancelUpdate,
  caseStateQuery,
  clientContactSignal,
  disputeUpdate,
  pauseUpdate,
  paymentPlanUpdate,
  paymentSignal,
  promiseUpdate,
  recordPaymentUpdate,
  replySignal,
  replyUpdate,
  resumeUpdate,
} from '../contract';
import { samplePenalties } from './harness';
import {
  decimal,
  minor,
  realSleep,
  sendAllowed,
  tolerated,
  within,
  TZ,
  type Event,
  type Scenario,
  type Via,
} from './event-scenarios';
/** One run of the lifecycle property test: the case, its recorded activity calls, what the test did. */
export interface SentPayment {
  id: string;
  amountMinor: number;
  via: Via;
  outcome: string;
}

/** One run: the case, its recorded activity calls and what the test did to it. */
export class Run {
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
export async function honourCancellation(): Promise<void> {
  const ctx = Context.current();
  ctx.heartbeat();
  await Promise.race([ctx.cancelled, realSleep(1_000)]);
}

/** Until the workflow has completed a task after the last signal it received. */
export async function settleSignal(handle: WorkflowHandle): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const events = (await handle.fetchHistory()).events ?? [];
    const signalled = events.findLastIndex((e) => e.workflowExecutionSignaledEventAttributes);
    if (events.slice(signalled + 1).some((e) => e.workflowTaskCompletedEventAttributes)) return;
    await realSleep(20);
  }
  throw new Error('the signal was not taken in');
}
