import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { PenaltyBreakdown, StepAction, Tone } from '@relance/domain';
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
  /** Steps of one action go out together: reminders, formal notices, hand-offs. */
  action: StepAction;
  /** Reminders: the tone of the step (the message takes the most advanced of its batch). */
  tone?: Tone;
  /** Reminders: the step also asks the creditor to call (one call task for the batch). */
  callTask?: boolean;
  /** The invoice was past due when the step fell due (pre-due courtesy notes group only together). */
  overdue: boolean;
  amounts: Amounts;
  currency: string;
  /** The client's time zone: the notice's date and deadline are its local days. */
  timezone: string;
  /** The address the step would email, lower-cased, and the policy's weekly cap on it. */
  address: string;
  maxContactsPerWeek?: number;
  /** ISO durations from the case's policy (defaults P3D and PT1M). */
  groupWithin: string;
  gatherFor: string;
  lateFeesFrom?: string;
  formalNoticeOn?: string;
  /** Formal notice and hand-off: this invoice's penalties as of the day it asked. */
  penalties?: PenaltyBreakdown;
  /** Formal notice: days given to pay (the message gives the longest of its batch). */
  deadlineDays?: number;
  /** Hand-off: below this balance (decimal string) the cases end `unrecovered` instead. */
  minAmount?: string;
  /** Hand-off: whose balance `minAmount` is compared with (default the client's total). */
  minAmountScope?: 'client' | 'invoice';
}

/** What the account answers a case about its request. */
export type StepAnswer =
  | ({
      key: string;
      outcome: 'sent';
      groupedWith: string[];
      /** Formal notice: the letter's date and the one deadline it gives. */
      notice?: { sentOn: string; deadline: string };
    } & SentEmail)
  /**
   * No other case of the client goes with it: the case runs its step itself, exactly as a case
   * of a tenant that chases invoices. `clientBalanceMinor`: the client's outstanding balance in
   * the case's currency, for a hand-off threshold on the client's debt.
   */
  | { key: string; outcome: 'alone'; clientBalanceMinor: number }
  /** Withdrawn before it was sent (the case asked, after an event superseded its step). */
  | { key: string; outcome: 'withdrawn' }
  /** Hand-off: the client's debt is under the threshold; the cases end `unrecovered`. */
  | { key: string; outcome: 'unrecovered'; reason: string }
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

/** Input of the grouped send: one message for every request of the batch (two or more). */
export interface SendGroupedInput {
  tenant: string;
  clientId: string;
  /** Unique per account message (`account:<seq>`). */
  key: string;
  members: StepRequest[];
  /** Formal notice: the letter's date and deadline, the same for every invoice it lists. */
  notice?: { sentOn: string; deadline: string };
  /** Workflow time of the send: dates the hand-off dossier, so a retry carries the same documents. */
  at: string;
}

export interface PeersInput {
  tenant: string;
  clientId: string;
  /** Workflow ids already asking. */
  asking: string[];
  /** The action of the message being gathered: only next steps of this action are pulled forward. */
  action: StepAction;
  /** Steps falling due up to this instant may be pulled forward. */
  until: string;
  /** The address the message would go to: its recent messages count towards the weekly cap. */
  address?: string;
}

export interface Peers {
  /** Open cases of the client, including the ones asking. */
  openCases: number;
  /** The client's outstanding balance per currency (minor units), for the UI. */
  balances: { currency: string; balanceMinor: number }[];
  /** When messages to `address` were accepted in the last 7 days, whichever case sent them. */
  recentContacts: string[];
  /** Other cases whose next step of that action falls due by `until` on an invoice already past due. */
  pull: { workflowId: string; step: string; at: string }[];
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
