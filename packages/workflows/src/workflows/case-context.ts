import * as wf from '@temporalio/workflow';
import {
  canTransition,
  INITIAL_CASE_STATE,
  parseMoney,
  rememberContact,
  toDecimal,
  transition,
  type CaseCalendar,
  type CaseEvent,
} from '@relance/domain';
import type { StepAnswer } from '../account-contract';
import type { Amounts, CaseRef } from '../activities';
import type { CarriedState, DunningCaseInput } from '../contract';
import { caseProxies, type CaseProxies } from './activity-proxies';
import { CaseProjection } from './projection';

/**
 * One running case: its input, its state (the one copy, carried across continue-as-new), the
 * proxies it calls activities through and the projection that shows it outside. Handlers,
 * effects and steps all take it; what they do lives in their own files.
 */
export class Case {
  readonly ref: CaseRef;
  readonly acts: CaseProxies;
  readonly projection: CaseProjection;
  /** Bumped by every event that changes the case, so a running step is superseded and the loop re-plans. */
  version = 0;
  /** The client account's answers to this case's step requests, by step key (`handlers/account.ts`). */
  readonly answers = new Map<string, StepAnswer>();
  /** The step the account asked to send now, in the message it is gathering. */
  pulled?: string;

  constructor(
    readonly input: DunningCaseInput,
    readonly s: CarriedState,
  ) {
    this.ref = {
      tenant: input.tenant,
      externalId: input.externalId,
      workflowId: wf.workflowInfo().workflowId,
    };
    this.acts = caseProxies(input.emailTaskQueue);
    this.projection = new CaseProjection(
      input,
      s,
      this.ref,
      (summary) => this.acts.db(summary),
      () => ({ email: this.clientEmail, unreachable: this.clientUnreachable() }),
    );
  }

  changed(): void {
    this.version += 1;
  }

  /**
   * Applies a transition; an event the state machine refuses here is ignored (logged), never a
   * workflow task failure. `fromEvent` false: the case's own progress, which supersedes nothing.
   */
  apply(event: CaseEvent, fromEvent = true): boolean {
    const { s } = this;
    if (!canTransition({ status: s.status, stage: s.stage }, event)) {
      wf.log.warn('transition refused in this status', { event: event.type, status: s.status });
      return false;
    }
    Object.assign(s, transition({ status: s.status, stage: s.stage }, event));
    if (fromEvent) this.changed();
    return true;
  }

  /** A counter for keys of events without an id of their own; survives continue-as-new. */
  nextSeq(): number {
    this.s.seq = (this.s.seq ?? 0) + 1;
    return this.s.seq;
  }

  /** The client's current address (the registered one until the API changes it). */
  get clientEmail(): string {
    return this.s.clientEmail ?? this.input.client.email;
  }

  get clientPhone(): string | undefined {
    return this.s.clientPhone ?? this.input.client.phone;
  }

  /** The client's address bounced or complained: it is not mailed (calls and letters instead). */
  clientUnreachable(): boolean {
    return (this.s.suppressed ?? []).includes(this.clientEmail.toLowerCase());
  }

  /** The due date in force: the registered one until the billing system changes it. */
  get dueDate(): string {
    return this.s.dueDate ?? this.input.dueDate;
  }

  get tz(): string {
    return this.input.client.timezone;
  }

  get calendar(): CaseCalendar {
    const { policy, client } = this.input;
    return { policy, timezone: client.timezone, holidays: policy.holidays ?? client.country };
  }

  amounts(): Amounts {
    const { paidMinor, balanceMinor, creditedMinor } = this.s;
    return { paidMinor, balanceMinor, ...(creditedMinor ? { creditedMinor } : {}) };
  }

  /** An amount as a decimal string of the invoice currency. */
  format(minor: number): string {
    return toDecimal({ currency: this.input.currency, minor });
  }

  /** The schedule's input for state `s` (the case's own, or a copy of it once a step is done). */
  scheduleInput(s: CarriedState = this.s) {
    const { input } = this;
    return {
      dueDate: this.dueDate,
      timezone: this.tz,
      policy: input.policy,
      nextIndex: s.nextIndex,
      previous: s.previous,
      contacts: s.contacts,
    };
  }
}

/** Records a contact with the client at `at` (the weekly cap counts it). */
export function recordContact(s: CarriedState, at: string): void {
  s.contacts = rememberContact(s.contacts, at);
}

export function initialState(input: DunningCaseInput): CarriedState {
  const currency = input.currency;
  const total = parseMoney(input.total, currency).minor;
  const due = parseMoney(input.amountDue, currency).minor;
  return {
    ...INITIAL_CASE_STATE,
    paidMinor: total - due,
    balanceMinor: due,
    nextIndex: 0,
    contacts: [],
    seen: [],
  };
}
