import type { CaseStatus, PenaltyBreakdown, Tone } from '@relance/domain';
import type { CarriedState, NextAction } from './contract';

/**
 * The activity contract: declared here as types only, implemented in apps/worker
 * (`createActivities(deps)`). Every activity is idempotent on `key`: a retry never sends or
 * records twice.
 */
export interface CaseRef {
  tenant: string;
  externalId: string;
  workflowId: string;
}

/** Amounts the emails must show, as the workflow knows them at send time. */
export interface Amounts {
  paidMinor: number;
  balanceMinor: number;
}

export type ClientEmail =
  | { template: Tone; lateFeesFrom?: string; formalNoticeOn?: string }
  | { template: 'promise_missed'; promisedDate: string }
  | {
      template: 'instalment_due';
      instalment: { dueDate: string; amountMinor: number; index: number; count: number };
    }
  | { template: 'payment_confirmation'; amountPaidMinor: number; paidAt: string };

export type CreditorAlertInput =
  | { kind: 'reply'; from: string; receivedAt: string; text: string }
  | { kind: 'bounce'; step: string; recipient: string; reason?: string }
  | { kind: 'call_task'; step: string }
  | { kind: 'formal_notice_sent'; deadline: string }
  | { kind: 'handed_off'; lawyer?: string }
  | { kind: 'paid'; amountPaidMinor: number }
  | { kind: 'unrecovered'; reason: string };

export interface SentEmail {
  emailId: string;
  sentAt: string;
}

export interface TimelineInput {
  ref: CaseRef;
  key: string;
  type: string;
  at: string;
  step?: string;
  data?: Record<string, unknown>;
}

export interface PenaltiesInput {
  ref: CaseRef;
  balanceMinor: number;
  asOf: string;
  formalNoticeDate?: string;
}

export interface DunningActivities {
  /**
   * Late-payment penalties as of a date, from the worker's current rate tables. An activity (not
   * workflow code) so that extending the tables never changes a replayed history, and a missing
   * figure shows as a retrying activity naming it until an operator adds it.
   */
  computePenalties(input: PenaltiesInput): Promise<PenaltyBreakdown>;
  /** Renders and sends one client email; records it and its timeline entry (`timelineType`). */
  sendClientEmail(input: {
    ref: CaseRef;
    key: string;
    step?: string;
    timelineType: string;
    amounts: Amounts;
    email: ClientEmail;
  }): Promise<SentEmail>;
  /** The mise en demeure: email + PDF letter, penalties as computed by the workflow at send time. */
  sendFormalNotice(input: {
    ref: CaseRef;
    key: string;
    step: string;
    amounts: Amounts;
    penalties: PenaltyBreakdown;
    sentOn: string;
    deadline: string;
  }): Promise<SentEmail>;
  /** The lawyer hand-off: dossier PDF + JSON to the legal contact, creditor in copy. */
  handOffToLawyer(input: {
    ref: CaseRef;
    key: string;
    step: string;
    amounts: Amounts;
    penalties: PenaltyBreakdown;
  }): Promise<SentEmail>;
  /** An email to the creditor (notifyEmail) and a `creditor_alerted` timeline entry. */
  alertCreditor(input: {
    ref: CaseRef;
    key: string;
    step?: string;
    amounts: Amounts;
    alert: CreditorAlertInput;
  }): Promise<SentEmail>;
  /** Appends one timeline entry (no-op when `key` was already recorded). */
  recordTimeline(input: TimelineInput): Promise<void>;
  /** Stores an accepted payment and its timeline entry. */
  recordPayment(input: {
    ref: CaseRef;
    paymentId: string;
    amountMinor: number;
    currency: string;
    paidAt: string;
    reference?: string;
    balanceAfterMinor: number;
  }): Promise<void>;
  /** Keeps the Postgres projection (lists, reports) in step with the workflow. */
  syncCase(input: {
    ref: CaseRef;
    /** Increases with every write of one case; an older write arriving late is ignored. */
    version: number;
    status: CaseStatus;
    stage: string;
    paidMinor: number;
    balanceMinor: number;
    nextAction: NextAction | null;
  }): Promise<void>;
}

export type { CarriedState };
