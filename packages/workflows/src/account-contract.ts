import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { Tone } from '@relance/domain';
import type { Amounts, CaseRef, SentEmail } from './activities';

/**
 * A client account (docs/architecture.md "Client accounts"): one workflow per (tenant, client id)
 * that owns what concerns the person rather than the invoice — which of its cases' reminders go
 * out together, and how often its address is mailed. Cases stay the audit unit; they ask the
 * account to send their step and are told which message carried it.
 */
export interface AccountInput {
  tenant: string;
  clientId: string;
  /** Carried over by continue-as-new; absent on the first run. */
  carried?: AccountState;
  /** Continue-as-new once the run's history has this many events (default 2 000). */
  historyBudget?: number;
  /** Where the grouped sends run (the cases' email queue). */
  emailTaskQueue?: string;
}

/** A case's step waiting for the account's next message. */
export interface StepRequest {
  /** The case's workflow id; the answer is signalled back to it. */
  ref: CaseRef;
  /** The case's key of this step (`step:<id>`): its timeline entry and the answer carry it. */
  key: string;
  step: string;
  tone: Tone;
  /** The invoice was past due when the step fell due (pre-due courtesy notes group only together). */
  overdue: boolean;
  amounts: Amounts;
  /** The address the step would email, lower-cased, and the policy's weekly cap on it. */
  address: string;
  maxContactsPerWeek?: number;
  /** ISO durations from the case's policy (defaults P3D and PT1M). */
  groupWithin: string;
  gatherFor: string;
  lateFeesFrom?: string;
  formalNoticeOn?: string;
}

/** What the account answers a case about its request. */
export type StepAnswer =
  | ({ key: string; outcome: 'sent'; groupedWith: string[] } & SentEmail)
  /** Withdrawn before it was sent (the case asked, after an event superseded its step). */
  | { key: string; outcome: 'withdrawn' }
  /** The message was refused for good: the case records it and waits for the creditor. */
  | { key: string; outcome: 'failed'; reason: string };

export interface AccountState {
  /** Requests waiting for the next message, by case workflow id. */
  pending: StepRequest[];
  /** Instants of messages sent per address (only the last week matters for the cap). */
  contacts: Record<string, string[]>;
  /** Messages sent so far: the key of the next one. */
  sent: number;
}

/** The account's view in the Temporal UI and for tests. */
export interface AccountView {
  clientId: string;
  pending: { workflowId: string; step: string }[];
  messagesSent: number;
  openCases: number;
}

/** Input of the grouped send: one message for every request of the batch. */
export interface SendGroupedInput {
  tenant: string;
  clientId: string;
  /** Unique per account message (`account:<seq>`): the message's idempotency key. */
  key: string;
  members: StepRequest[];
}

export interface PeersInput {
  tenant: string;
  clientId: string;
  /** Workflow ids already asking. */
  asking: string[];
  /** Steps falling due up to this instant may be pulled forward. */
  until: string;
}

export interface Peers {
  /** Open cases of the client, including the ones asking. */
  openCases: number;
  /** The client's outstanding balance per currency (minor units), for the UI. */
  balances: { currency: string; balanceMinor: number }[];
  /** Other cases whose next reminder falls due by `until` on an invoice already past due. */
  pull: { workflowId: string; step: string }[];
}

/** A case asks the account to send its step (signal-with-start semantics: see `askAccount`). */
export const stepDueSignal = defineSignal<[StepRequest]>('accountStepDue');
/** A case whose step was superseded takes its request back (answered `withdrawn` or `sent`). */
export const withdrawSignal = defineSignal<[{ workflowId: string; key: string }]>('accountWithdraw');
/** The account's answer to a case. */
export const stepAnswerSignal = defineSignal<[StepAnswer]>('accountStepAnswer');
/** The account asks a case to send its next step now, in the message being gathered. */
export const pullForwardSignal = defineSignal<[{ step: string }]>('accountPullForward');

export const accountViewQuery = defineQuery<AccountView>('accountView');

export const ACCOUNT_WORKFLOW_TYPE = 'clientAccount';

/** One account per client of a tenant; parts URI-encoded so ids containing ':' cannot collide. */
export function accountWorkflowId(tenantSlug: string, clientId: string): string {
  return `account:${tenantSlug}:${encodeURIComponent(clientId)}`;
}
