import * as wf from '@temporalio/workflow';
import {
  addBusinessDays,
  addDays,
  canTransition,
  currencyDigits,
  deadlineDate,
  formatMoney,
  isTerminal,
  localDate,
  nextSendSlot,
  overdueAt,
  parseMoney,
  startOfLocalDay,
  toDecimal,
  transition,
  type CaseEvent,
  type PenaltyBreakdown,
  type PlannedStep,
} from '@relance/domain';
import type { CaseRef, ClientEmail, CreditorAlertInput, DunningActivities } from '../activities';
import type { CarriedState, CaseState, DunningCaseInput, NextAction } from '../contract';
import { SA } from '../search-attributes';
import { nowIso } from './clock';

const ACTIVITY_OPTIONS: wf.ActivityOptions = {
  // Rendering and one provider call take seconds; a dead worker's send is retried after this.
  startToCloseTimeout: '45 seconds',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '10 minutes',
    nonRetryableErrorTypes: ['DomainError', 'ValidationError'],
  },
};

/** A missing rate figure is fixed by an operator: keep retrying, gently, until it is added. */
const PENALTY_OPTIONS: wf.ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '10 seconds',
    backoffCoefficient: 2,
    maximumInterval: '1 hour',
    nonRetryableErrorTypes: ['ValidationError'],
  },
};

/** Contacts older than this no longer count towards the weekly cap. */
const CONTACT_MEMORY_MS = 14 * 24 * 3600 * 1000;

/**
 * Everything the case does to the outside world, through activities, plus the views of its
 * state. Holds no state of its own beyond the last synced fingerprint.
 */
export class CaseActions {
  readonly ref: CaseRef;
  private nextAction: NextAction | null = null;
  private lastSync = '';

  constructor(
    private readonly input: DunningCaseInput,
    private readonly s: CarriedState,
  ) {
    this.ref = {
      tenant: input.tenant,
      externalId: input.externalId,
      workflowId: wf.workflowInfo().workflowId,
    };
  }

  /** An activity proxy whose calls carry `summary` in the Temporal UI. */
  acts(summary: string) {
    return wf.proxyActivities<DunningActivities>({ ...ACTIVITY_OPTIONS, summary });
  }

  private money(minor: number): string {
    return toDecimal({ currency: this.input.currency, minor });
  }

  private amounts() {
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
  afterNoticeDeadline(p: PlannedStep): PlannedStep {
    const deadline = this.s.formalNotice?.deadline;
    if (p.step.action !== 'legal_handoff' || !deadline) return p;
    const earliest = this.sendSlot(startOfLocalDay(addDays(deadline, 1), this.tz));
    return Date.parse(p.fireAt) >= Date.parse(earliest) ? p : { ...p, fireAt: earliest };
  }

  scheduleInput() {
    const { s, input } = this;
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
    await this.acts(`Timeline: ${type}`).recordTimeline({
      ref: this.ref,
      key,
      type,
      at: nowIso(),
      step,
      data,
    });
  }

  async alert(key: string, alert: CreditorAlertInput, step?: string): Promise<void> {
    await this.acts(`Alert the creditor: ${alert.kind}`).alertCreditor({
      ref: this.ref,
      key: `alert:${key}`,
      step,
      amounts: this.amounts(),
      alert,
    });
  }

  async sendClient(
    key: string,
    timelineType: string,
    email: ClientEmail,
    summary: string,
    step?: string,
  ): Promise<void> {
    const at = nowIso();
    await this.acts(summary).sendClientEmail({
      ref: this.ref,
      key,
      step,
      timelineType,
      amounts: this.amounts(),
      email,
    });
    this.s.contacts = [
      ...this.s.contacts.filter((c) => Date.parse(at) - Date.parse(c) < CONTACT_MEMORY_MS),
      at,
    ];
  }

  penalties(asOf: string, formalNoticeDate?: string): Promise<PenaltyBreakdown> {
    return wf
      .proxyActivities<DunningActivities>({
        ...PENALTY_OPTIONS,
        summary: `Compute late-payment penalties as of ${asOf}`,
      })
      .computePenalties({
        ref: this.ref,
        balanceMinor: this.s.balanceMinor,
        asOf,
        formalNoticeDate: formalNoticeDate ?? this.s.formalNotice?.sentOn,
      });
  }

  /** Runs one policy step (SPEC §3.1) and records it as the case's stage. */
  async runStep(next: PlannedStep, later: PlannedStep[], apply: (e: CaseEvent) => void): Promise<void> {
    const { step } = next;
    const { input, s } = this;
    const at = nowIso();
    const key = `step:${step.id}`;
    if (step.action === 'reminder') {
      const tone = step.tone ?? 'friendly';
      const notice = later.find((l) => l.step.action === 'formal_notice');
      const email: ClientEmail = { template: tone };
      if (tone === 'firm') email.lateFeesFrom = addDays(input.dueDate, 1);
      if (tone === 'urgent' && notice) email.formalNoticeOn = localDate(notice.fireAt, this.tz);
      await this.sendClient(key, 'reminder_sent', email, `Send the ${tone} reminder (${step.id})`, step.id);
      if (step.callTask) {
        await this.timeline(`${key}:call`, 'call_task_created', { phone: input.client.name }, step.id);
        await this.alert(`${key}:call`, { kind: 'call_task', step: step.id }, step.id);
      }
    } else if (step.action === 'formal_notice') {
      const sentOn = localDate(at, this.tz);
      const penalties = await this.penalties(sentOn, sentOn);
      const deadline = deadlineDate(at, step.deadlineDays ?? 8, this.tz);
      await this.acts(`Send the formal notice (mise en demeure), deadline ${deadline}`).sendFormalNotice({
        ref: this.ref,
        key,
        step: step.id,
        amounts: this.amounts(),
        penalties,
        sentOn,
        deadline,
      });
      s.formalNotice = {
        sentOn,
        deadline,
        penaltiesMinor: parseMoney(penalties.total, input.currency).minor,
      };
      s.contacts = [...s.contacts, at];
      await this.alert(key, { kind: 'formal_notice_sent', deadline }, step.id);
    } else {
      const threshold = parseMoney(step.minAmount ?? '0', input.currency).minor;
      if (s.balanceMinor < threshold) {
        const reason =
          `balance ${this.money(s.balanceMinor)} is below the ${this.money(threshold)} threshold: ` +
          'legal action would cost more than it recovers';
        s.finishedReason = reason;
        if (!isTerminal(s.status)) apply({ type: 'unrecovered' });
        await this.timeline(key, 'unrecovered', { reason }, step.id);
        await this.alert(key, { kind: 'unrecovered', reason }, step.id);
      } else {
        const penalties = await this.penalties(localDate(at, this.tz));
        await this.acts('Hand the case to the legal contact (dossier PDF + JSON)').handOffToLawyer({
          ref: this.ref,
          key,
          step: step.id,
          amounts: this.amounts(),
          penalties,
        });
        if (!isTerminal(s.status)) apply({ type: 'handed_off' });
        await this.alert(key, { kind: 'handed_off' }, step.id);
      }
    }
    // The stage records what ran, even when the step itself ended the escalation (hand-off,
    // unrecovered) or a payment or cancel landed during the send.
    const completed: CaseEvent = { type: 'step_completed', stepId: step.id };
    if (canTransition(s, completed)) Object.assign(s, transition(s, completed));
    else s.stage = step.id;
    s.nextIndex = next.index + 1;
    // Spacing counts from the planned instant when the step ran on time (no drift of a few ms
    // per step), from the actual send when it ran late (worker down, case resumed).
    const onTime = Date.parse(at) - Date.parse(next.fireAt) < 60_000;
    const sentAt = new Date(Math.ceil(Date.parse(at) / 1000) * 1000).toISOString(); // whole seconds, never earlier
    s.previous = { index: next.index, at: onTime ? next.fireAt : sentAt };
    await this.sync();
  }

  /** The last word of a case that reached a terminal status. */
  async finish(): Promise<void> {
    const { s } = this;
    // The payment that ended the case is recorded before it is confirmed.
    await wf.condition(wf.allHandlersFinished);
    if (s.status === 'paid') {
      const email: ClientEmail = {
        template: 'payment_confirmation',
        amountPaidMinor: s.paidMinor,
        paidAt: nowIso(),
      };
      await this.sendClient('paid', 'paid', email, 'Confirm the payment to the client');
      await this.alert('paid', { kind: 'paid', amountPaidMinor: s.paidMinor });
    }
    await this.sync(null);
  }

  /**
   * Pushes the state to the search attributes, the UI details and the Postgres projection,
   * only when something changed. `next` undefined keeps the current next action.
   */
  async sync(next?: NextAction | null): Promise<void> {
    if (next !== undefined) this.nextAction = next;
    if (isTerminal(this.s.status)) this.nextAction = null;
    const { s } = this;
    const fingerprint = JSON.stringify([s.status, s.stage, s.paidMinor, s.balanceMinor, this.nextAction]);
    if (fingerprint === this.lastSync) return;
    this.lastSync = fingerprint;
    wf.upsertSearchAttributes([
      { key: SA.status, value: s.status },
      { key: SA.stage, value: s.stage },
      { key: SA.balance, value: s.balanceMinor / 10 ** currencyDigits(this.input.currency) },
    ]);
    wf.setCurrentDetails(this.details());
    s.syncs = (s.syncs ?? 0) + 1;
    await this.acts(`Update the case projection: ${s.status} / ${s.stage}`).syncCase({
      ref: this.ref,
      version: s.syncs,
      status: s.status,
      stage: s.stage,
      paidMinor: s.paidMinor,
      balanceMinor: s.balanceMinor,
      nextAction: this.nextAction,
    });
  }

  view(): CaseState {
    const { input, s } = this;
    return {
      externalId: input.externalId,
      number: input.number,
      workflowId: this.ref.workflowId,
      status: s.status,
      stage: s.stage,
      currency: input.currency,
      total: input.total,
      paid: this.money(s.paidMinor),
      balance: this.money(s.balanceMinor),
      dueDate: input.dueDate,
      nextAction: this.nextAction,
      ...(s.promise ? { promise: { date: s.promise.date, note: s.promise.note } } : {}),
      ...(s.plan
        ? {
            plan: {
              instalments: s.plan.instalments.map((i) => ({
                dueDate: i.dueDate,
                amount: this.money(i.amountMinor),
              })),
              paid: this.money(s.plan.paidMinor),
            },
          }
        : {}),
      ...(s.formalNotice
        ? { formalNotice: { sentOn: s.formalNotice.sentOn, deadline: s.formalNotice.deadline } }
        : {}),
    };
  }

  /** Markdown shown as the workflow's current details in the Temporal UI. */
  details(): string {
    const { input, s } = this;
    const fmt = (minor: number) => formatMoney({ currency: input.currency, minor }, input.client.locale);
    const lines = [
      `**${input.number}** · ${input.client.company ?? input.client.name} · due ${input.dueDate}`,
      `Status **${s.status}**, stage **${s.stage}** · balance ${fmt(s.balanceMinor)} (paid ${fmt(s.paidMinor)})`,
    ];
    if (this.nextAction)
      lines.push(`Next: ${this.nextAction.step} (${this.nextAction.action}) at ${this.nextAction.at}`);
    if (s.promise) lines.push(`Promised to pay by ${s.promise.date}`);
    if (s.formalNotice)
      lines.push(`Formal notice sent ${s.formalNotice.sentOn}, deadline ${s.formalNotice.deadline}`);
    if (s.pausedReason) lines.push(`Paused: ${s.pausedReason}`);
    if (s.finishedReason) lines.push(`Ended: ${s.finishedReason}`);
    return lines.join('\n\n');
  }
}
