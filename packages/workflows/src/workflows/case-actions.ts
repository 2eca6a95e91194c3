import * as wf from '@temporalio/workflow';
import {
  addBusinessDays,
  addDays,
  nextSendSlot,
  overdueAt,
  startOfLocalDay,
  toDecimal,
  type PenaltyBreakdown,
  type PlannedStep,
} from '@relance/domain';
import {
  PERMANENT_FAILURE_TYPES,
  type AlertCreditorInput,
  type CaseRef,
  type ClientEmail,
  type CreditorAlertInput,
  type DunningActivities,
  type StepPart,
} from '../activities';
import type { CarriedState, DunningCaseInput, NextAction } from '../contract';
import { nowIso } from './clock';
import { CaseProjection } from './projection';

/**
 * Cases started from this change on do each step in one activity, write the case record with the
 * activity that changed it, and record timeline entries, penalties and syncs as local activities.
 * Histories recorded before keep the earlier command sequence (`patched` false on replay).
 */
export const ONE_ACTIVITY_PER_STEP = 'one-activity-per-step';

/**
 * Cases started from this change on run their local activities one at a time. Two in flight at
 * once (an update's timeline entry and the loop's record write) could finish in separate
 * activations when recorded and in one on replay, where the code after each then emits its
 * commands in another order: a nondeterminism error (seen with SDK 1.23/1.24 on a promise update
 * whose case then started its check timer). One at a time, each result wakes its code alone.
 */
export const ONE_LOCAL_ACTIVITY_AT_A_TIME = 'one-local-activity-at-a-time';
// Cases since ONE_LOCAL_ACTIVITY_AT_A_TIME also follow ONE_ACTIVITY_PER_STEP (dunning-case.ts).

/**
 * Database writes and renders: retried until they succeed (a database outage is waited out).
 * Every activity of a superseded step is awaited rather than abandoned (WAIT_CANCELLATION_COMPLETED):
 * its result or failure is then known, never left running behind the case's back.
 */
const ACTIVITY_OPTIONS: wf.ActivityOptions = {
  startToCloseTimeout: '45 seconds',
  cancellationType: wf.ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '10 minutes',
    nonRetryableErrorTypes: ['DomainError', 'ValidationError'],
  },
};

/**
 * Anything that reaches a person: permanent refusals stop at once, transient ones retry with
 * backoff for about an hour and a half (12 attempts), then the step waits for the creditor.
 * An attempt already talking to the provider is awaited when an event supersedes the step.
 */
export const SEND_OPTIONS: wf.ActivityOptions = {
  startToCloseTimeout: '60 seconds',
  cancellationType: wf.ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '15 minutes',
    maximumAttempts: 12,
    nonRetryableErrorTypes: ['DomainError', 'ValidationError', ...PERMANENT_FAILURE_TYPES],
  },
};

/** Penalties never wait for a rate figure any more (provisional rates): a plain, bounded retry. */
const PENALTY_OPTIONS: wf.ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  cancellationType: wf.ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry: {
    initialInterval: '10 seconds',
    backoffCoefficient: 2,
    maximumInterval: '10 minutes',
    nonRetryableErrorTypes: ['ValidationError', 'DomainError'],
  },
};

/** Contacts older than this no longer count towards the weekly cap. */
const CONTACT_MEMORY_MS = 14 * 24 * 3600 * 1000;

/**
 * Everything the case does to the outside world, through activities. The record and views of
 * its state are kept by `projection`.
 */
export class CaseActions {
  readonly ref: CaseRef;
  readonly projection: CaseProjection;

  constructor(
    private readonly input: DunningCaseInput,
    private readonly s: CarriedState,
    /** `patched(ONE_ACTIVITY_PER_STEP)`: the shorter command sequence. */
    readonly v2 = false,
    /** `patched(ONE_LOCAL_ACTIVITY_AT_A_TIME)`. */
    private readonly serialLocal = false,
  ) {
    this.ref = {
      tenant: input.tenant,
      externalId: input.externalId,
      workflowId: wf.workflowInfo().workflowId,
    };
    this.projection = new CaseProjection(
      input,
      s,
      this.ref,
      v2,
      (summary) => this.db(summary),
      () => ({ email: this.clientEmail, unreachable: this.clientUnreachable() }),
    );
  }

  /**
   * Short database work (timeline, case record, penalties) run inside the workflow task: no
   * round trip through the server. Activities of cases recorded before stay regular ones.
   */
  db(summary: string, options: wf.ActivityOptions = ACTIVITY_OPTIONS) {
    if (!this.v2) return wf.proxyActivities<DunningActivities>({ ...options, summary });
    const { startToCloseTimeout, cancellationType, retry } = options;
    const local = wf.proxyLocalActivities<DunningActivities>({
      startToCloseTimeout,
      cancellationType,
      retry,
      // A retry waits on a workflow timer, never inside a workflow task (backoff starts at 5 s).
      localRetryThreshold: '1 second',
      summary,
    });
    if (!this.serialLocal) return local;
    return new Proxy(local, {
      get: (target, name) => {
        const call = Reflect.get(target, name) as (...args: unknown[]) => Promise<unknown>;
        return (...args: unknown[]) => this.oneAtATime(() => call(...args));
      },
    });
  }

  /** The last local activity started; the next one starts once it has settled. */
  private localTail: Promise<unknown> = Promise.resolve();

  private oneAtATime<T>(run: () => Promise<T>): Promise<T> {
    const result = this.localTail.then(run);
    this.localTail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** The proxy for activities that send: bounded retries, awaited when superseded. */
  sends(summary: string) {
    const queue = this.input.emailTaskQueue;
    return wf.proxyActivities<DunningActivities>({
      ...SEND_OPTIONS,
      summary,
      ...(queue ? { taskQueue: queue } : {}),
    });
  }

  /** A counter for keys of events without an id of their own; survives continue-as-new. */
  nextSeq(): number {
    this.s.seq = (this.s.seq ?? 0) + 1;
    return this.s.seq;
  }

  /** The client's current address, and whether it bounced or complained (then it is not mailed). */
  get clientEmail(): string {
    return this.s.clientEmail ?? this.input.client.email;
  }

  clientUnreachable(): boolean {
    const suppressed = this.s.suppressed ?? [];
    return suppressed.includes(this.clientEmail.toLowerCase());
  }

  get clientPhone(): string | undefined {
    return this.s.clientPhone ?? this.input.client.phone;
  }

  /** An amount as a decimal string of the invoice currency. */
  format(minor: number): string {
    return toDecimal({ currency: this.input.currency, minor });
  }

  get caseInput(): DunningCaseInput {
    return this.input;
  }

  amounts() {
    return { paidMinor: this.s.paidMinor, balanceMinor: this.s.balanceMinor };
  }

  get tz(): string {
    return this.input.client.timezone;
  }

  get state(): CarriedState {
    return this.s;
  }

  /** The public-holiday calendar business days are counted with. */
  get holidays(): string {
    return this.input.policy.holidays ?? this.input.client.country;
  }

  /** 00:00 of the day after the due date, in the client's time zone: from then on the case is overdue. */
  overdueAt(): string {
    return overdueAt(this.input.dueDate, this.tz);
  }

  isOverdue(): boolean {
    return Date.parse(nowIso()) >= Date.parse(this.overdueAt());
  }

  /** Nothing is sent until the promised date + 1 business day, at the next send slot. */
  promiseDeadline(date: string): string {
    const day = addBusinessDays(date, 1, this.holidays);
    return this.sendSlot(startOfLocalDay(day, this.tz));
  }

  sendSlot(instant: string): string {
    return nextSendSlot(instant, this.input.policy, this.tz);
  }

  /**
   * The client has the whole deadline day of the formal notice: a legal hand-off planned on or
   * before it moves to the first send slot after it.
   */
  afterNoticeDeadline(p: PlannedStep, s: CarriedState = this.s): PlannedStep {
    const deadline = s.formalNotice?.deadline;
    if (p.step.action !== 'legal_handoff' || !deadline) return p;
    const earliest = this.sendSlot(startOfLocalDay(addDays(deadline, 1), this.tz));
    return Date.parse(p.fireAt) >= Date.parse(earliest) ? p : { ...p, fireAt: earliest };
  }

  scheduleInput(s: CarriedState = this.s) {
    const { input } = this;
    return {
      dueDate: input.dueDate,
      timezone: this.tz,
      policy: input.policy,
      nextIndex: s.nextIndex,
      previous: s.previous,
      contacts: s.contacts,
    };
  }

  async timeline(
    key: string,
    type: string,
    data: Record<string, unknown> = {},
    step?: string,
  ): Promise<void> {
    await this.db(`Timeline: ${type}`).recordTimeline(this.timelineEntry(key, type, data, step));
  }

  timelineEntry(key: string, type: string, data: Record<string, unknown> = {}, step?: string) {
    return { ref: this.ref, key, type, at: nowIso(), step, data };
  }

  /**
   * Emails the creditor. An alert that cannot be delivered (the provider refuses it for good) is
   * recorded on the timeline and never fails the case.
   */
  async alert(key: string, alert: CreditorAlertInput, step?: string): Promise<void> {
    try {
      await this.sends(`Alert the creditor: ${alert.kind}`).alertCreditor(this.alertInput(key, alert, step));
    } catch (err) {
      if (!(err instanceof wf.ActivityFailure) || wf.isCancellation(err)) throw err;
      await this.timeline(`alert_failed:${key}`, 'email_failed', {
        recipient: 'creditor',
        kind: alert.kind,
        reason: failureReason(err),
      });
    }
  }

  alertInput(key: string, alert: CreditorAlertInput, step?: string): AlertCreditorInput {
    return { ref: this.ref, key: `alert:${key}`, step, amounts: this.amounts(), alert };
  }

  /**
   * A step's parts in one activity, with the case record as it stands once they are done
   * (`after` applies the step's outcome to a copy of the state and answers its next action).
   */
  async performStep(
    summary: string,
    parts: StepPart[],
    after?: (s: CarriedState) => NextAction | null | undefined,
  ): Promise<void> {
    const write = after ? this.projection.expectedWrite(after) : undefined;
    try {
      await this.sends(summary).performStep({ ref: this.ref, parts, write });
    } catch (err) {
      this.projection.notWritten();
      throw err;
    }
  }

  /** The parts of a call task (see `callTask`). */
  callTaskParts(key: string, step: string, reason: 'scheduled' | 'email_bounced', alert = true): StepPart[] {
    return [
      {
        recordTimeline: this.timelineEntry(
          `${key}:call`,
          'call_task_created',
          { reason, phone: this.clientPhone ?? null },
          step,
        ),
      },
      ...(alert
        ? [{ alertCreditor: this.alertInput(`${key}:call`, { kind: 'call_task', step, reason }, step) }]
        : []),
    ];
  }

  /** Records the contact with the client (the weekly cap counts it). */
  contacted(at = nowIso(), s: CarriedState = this.s): void {
    s.contacts = [...s.contacts.filter((c) => Date.parse(at) - Date.parse(c) < CONTACT_MEMORY_MS), at];
  }

  /**
   * Emails the client, or — when the client's address bounced or complained — creates a call
   * task for the creditor instead (SPEC §3.2). Returns what was done.
   */
  async sendClient(
    key: string,
    timelineType: string,
    email: ClientEmail,
    summary: string,
    step?: string,
  ): Promise<'sent' | 'call_task'> {
    if (this.clientUnreachable()) {
      await this.callTask(key, step ?? key, 'email_bounced');
      return 'call_task';
    }
    const at = nowIso();
    await this.sends(summary).sendClientEmail({
      ref: this.ref,
      key,
      step,
      timelineType,
      amounts: this.amounts(),
      email,
    });
    this.contacted(at);
    return 'sent';
  }

  /**
   * A phone call for the creditor to make: on the timeline with the client's number, and in an
   * alert unless the caller's own alert already asks for it (`alert` false).
   */
  async callTask(
    key: string,
    step: string,
    reason: 'scheduled' | 'email_bounced',
    alert = true,
  ): Promise<void> {
    await this.timeline(
      `${key}:call`,
      'call_task_created',
      { reason, phone: this.clientPhone ?? null },
      step,
    );
    if (alert) await this.alert(`${key}:call`, { kind: 'call_task', step, reason }, step);
  }

  /**
   * `remote`: a regular activity even in a case since ONE_ACTIVITY_PER_STEP, where a send follows
   * at once: an event arriving meanwhile is then taken in before the send is scheduled (a local
   * activity's workflow task would schedule it first).
   */
  async penalties(asOf: string, formalNoticeDate?: string, remote = false): Promise<PenaltyBreakdown> {
    const summary = `Compute late-payment penalties as of ${asOf}`;
    const acts = remote
      ? wf.proxyActivities<DunningActivities>({ ...PENALTY_OPTIONS, summary })
      : this.db(summary, PENALTY_OPTIONS);
    const penalties = await acts.computePenalties({
      ref: this.ref,
      balanceMinor: this.s.balanceMinor,
      asOf,
      formalNoticeDate: formalNoticeDate ?? this.s.formalNotice?.sentOn,
    });
    await this.alertProvisional(penalties);
    return penalties;
  }

  /** One creditor alert per rate figure the computation had to assume (SPEC §3.3). */
  private async alertProvisional(penalties: PenaltyBreakdown): Promise<void> {
    const alerted = this.s.alertedFigures ?? [];
    // `?? []`: breakdowns recorded before provisional rates existed have no such field.
    const fresh = (penalties.missingFigures ?? []).filter((f) => !alerted.includes(f.id));
    if (fresh.length === 0) return;
    this.s.alertedFigures = [...alerted, ...fresh.map((f) => f.id)];
    await this.alert(`rates:${fresh.map((f) => f.id).join(',')}`, {
      kind: 'provisional_rate',
      figures: fresh.map((f) => f.id), // the template words each id in the reader's language
    });
  }

  /** The last word of a case that reached a terminal status. */
  async finish(): Promise<void> {
    const { s } = this;
    // The payment that ended the case is recorded before it is confirmed.
    await wf.condition(wf.allHandlersFinished);
    if (s.status === 'paid' && this.v2) {
      await this.confirmPaid();
    } else if (s.status === 'paid') {
      const email: ClientEmail = {
        template: 'payment_confirmation',
        amountPaidMinor: s.paidMinor,
        paidAt: nowIso(),
      };
      if (this.clientUnreachable()) {
        await this.timeline('paid', 'paid', { confirmation: 'not emailed: the client address bounced' });
      } else {
        try {
          await this.sends('Confirm the payment to the client').sendClientEmail({
            ref: this.ref,
            key: 'paid',
            timelineType: 'paid',
            amounts: this.amounts(),
            email,
          });
        } catch (err) {
          if (!(err instanceof wf.ActivityFailure)) throw err;
          // The case is paid whatever happens to the courtesy confirmation.
          await this.timeline('paid', 'paid', { confirmation: `not sent: ${failureReason(err)}` });
        }
      }
      await this.alert('paid', { kind: 'paid', amountPaidMinor: s.paidMinor });
    }
    await this.projection.sync(null);
  }

  /** The payment confirmation and the creditor's `paid` alert, in one activity. */
  private async confirmPaid(): Promise<void> {
    const { s } = this;
    const alert: StepPart = {
      alertCreditor: this.alertInput('paid', { kind: 'paid', amountPaidMinor: s.paidMinor }),
    };
    if (this.clientUnreachable()) {
      const note = { confirmation: 'not emailed: the client address bounced' };
      await this.performStep('Alert the creditor: paid', [
        { recordTimeline: this.timelineEntry('paid', 'paid', note) },
        alert,
      ]);
      return;
    }
    const email: ClientEmail = {
      template: 'payment_confirmation',
      amountPaidMinor: s.paidMinor,
      paidAt: nowIso(),
    };
    const confirm: StepPart = {
      sendClientEmail: { ref: this.ref, key: 'paid', timelineType: 'paid', amounts: this.amounts(), email },
    };
    try {
      await this.performStep('Confirm the payment to the client', [confirm, alert]);
    } catch (err) {
      if (!(err instanceof wf.ActivityFailure)) throw err;
      // The case is paid whatever happens to the courtesy confirmation.
      await this.timeline('paid', 'paid', { confirmation: `not sent: ${failureReason(err)}` });
      await this.alert('paid', { kind: 'paid', amountPaidMinor: s.paidMinor });
    }
  }
}

/** A short, human reason from an activity failure (its root cause's message). */
export function failureReason(err: unknown): string {
  let e: unknown = err;
  while (e instanceof wf.TemporalFailure && e.cause) e = e.cause;
  const message = e instanceof Error ? e.message : String(e);
  return message.length > 500 ? `${message.slice(0, 500)}…` : message;
}
