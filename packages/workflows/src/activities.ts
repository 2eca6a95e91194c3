import type {
  CaseStatus,
  PenaltyBreakdown,
  ReplyAlert,
  ReplyWaitingAlert,
  TimelineType,
  Tone,
} from '@relance/domain';
import type { AccountInput, Peers, PeersInput, SendGroupedInput, StepRequest } from './account-contract';
import type { CarriedState, CaseState, NextAction } from './contract';

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
  /** Credit notes (avoirs) deducted: shown apart from what was paid. Absent → none. */
  creditedMinor?: number;
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
  | ReplyAlert
  | ReplyWaitingAlert
  | { kind: 'bounce'; step: string; recipient: string; reason?: string; complaint?: boolean }
  /** `reason` 'email_bounced': the step would have emailed an address that bounced. */
  | { kind: 'call_task'; step: string; reason?: 'scheduled' | 'email_bounced' }
  | { kind: 'formal_notice_sent'; deadline: string }
  | { kind: 'handed_off'; lawyer?: string }
  | { kind: 'paid'; amountPaidMinor: number }
  | { kind: 'unrecovered'; reason: string }
  /** The client paid more than the balance: refund or apply the surplus. */
  | { kind: 'overpaid'; paymentId: string; surplusMinor: number }
  /** Money reached a case that was already closed (paid, cancelled, unrecovered). */
  | { kind: 'payment_after_close'; paymentId: string; amountMinor: number; status: string }
  /** A step failed for good (provider refusal, missing legal contact…): the case waits until fixed. */
  | { kind: 'action_required'; step: string; reason: string }
  /** Penalties used the last known rate for a period whose figure is not loaded yet. */
  | { kind: 'provisional_rate'; figures: string[] }
  /** The hand-off waits for the creditor's yes: the dossier summed up; `reminder` the one reminder. */
  | {
      kind: 'handoff_approval';
      step: string;
      /** Penalties the dossier would claim, and with the balance (`claimedMinor`), when computed. */
      penaltiesMinor?: number;
      claimedMinor?: number;
      formalNotice?: { sentOn: string; deadline: string };
      reminder?: boolean;
    };

export interface SentEmail {
  emailId: string;
  sentAt: string;
}

export interface TimelineInput {
  ref: CaseRef;
  key: string;
  type: TimelineType;
  at: string;
  step?: string;
  data?: Record<string, unknown>;
}

/**
 * The whole case record (the workflow's view), written with the activity that changed it.
 * `version` increases with every write of one case: an older write arriving late is ignored.
 */
export interface RecordWrite {
  version: number;
  record: CaseState;
}

export interface SendClientEmailInput {
  ref: CaseRef;
  key: string;
  step?: string;
  timelineType: TimelineType;
  amounts: Amounts;
  email: ClientEmail;
}

export interface SendFormalNoticeInput {
  ref: CaseRef;
  key: string;
  step: string;
  amounts: Amounts;
  penalties: PenaltyBreakdown;
  sentOn: string;
  deadline: string;
  deliverTo?: 'client' | 'creditor';
}

export interface HandOffInput {
  ref: CaseRef;
  key: string;
  step: string;
  amounts: Amounts;
  penalties: PenaltyBreakdown;
  at: string;
}

export interface AlertCreditorInput {
  ref: CaseRef;
  key: string;
  step?: string;
  amounts: Amounts;
  alert: CreditorAlertInput;
}

/** One part of a step, done in order by `performStep`. */
export type StepPart =
  | { sendClientEmail: SendClientEmailInput }
  | { sendFormalNotice: SendFormalNoticeInput }
  | { handOffToLawyer: HandOffInput }
  /** An alert refused for good is recorded (`email_failed`, key `alert_failed:…`) and the step goes on. */
  | { alertCreditor: AlertCreditorInput }
  | { recordTimeline: TimelineInput };

export interface PenaltiesInput {
  ref: CaseRef;
  balanceMinor: number;
  asOf: string;
  formalNoticeDate?: string;
}

/**
 * Failure types an activity throws (non-retryable) when retrying cannot help: the workflow records
 * `email_failed` / `action_required`, alerts the creditor and waits until the case is fixed.
 */
export const PERMANENT_FAILURE_TYPES = [
  'PermanentSendError',
  'ActionRequired',
  'InvoicePdfUnavailable',
] as const;

export interface DunningActivities {
  /**
   * Late-payment penalties as of a date, from the shipped rate tables plus the operator's figures.
   * An activity (not workflow code) so that adding a figure never changes a replayed history; a
   * period whose figure is not loaded yet uses the last known one, flagged provisional (docs/penalties.md).
   */
  computePenalties(input: PenaltiesInput): Promise<PenaltyBreakdown>;
  /** Renders and sends one client email; records it and its timeline entry (`timelineType`). */
  sendClientEmail(input: SendClientEmailInput): Promise<SentEmail>;
  /**
   * The mise en demeure: email + PDF letter, penalties as computed by the workflow at send time.
   * `deliverTo: 'creditor'` (the client's address bounced): the letter goes to the creditor as a
   * task to send it by registered mail; nothing is emailed to the client.
   */
  sendFormalNotice(input: SendFormalNoticeInput): Promise<SentEmail>;
  /**
   * The lawyer hand-off: dossier PDF + JSON to the legal contact, creditor in copy. `at` (workflow
   * time) dates the dossier, so a retried send carries the same documents.
   */
  handOffToLawyer(input: HandOffInput): Promise<SentEmail>;
  /** An email to the creditor (notifyEmail) and a `creditor_alerted` timeline entry. */
  alertCreditor(input: AlertCreditorInput): Promise<SentEmail>;
  /**
   * A whole step in one activity (one history round trip): its parts in order, each idempotent on
   * its own key as when called alone, then the case record as it stands once the step is done.
   */
  performStep(input: { ref: CaseRef; parts: StepPart[]; write?: RecordWrite }): Promise<void>;
  /** Appends one timeline entry (no-op when `key` was already recorded). */
  recordTimeline(input: TimelineInput): Promise<void>;
  /** Stores an accepted payment and its timeline entry, and the case record with it (`write`). */
  recordPayment(input: {
    ref: CaseRef;
    paymentId: string;
    amountMinor: number;
    currency: string;
    paidAt: string;
    reference?: string;
    balanceAfterMinor: number;
    write?: RecordWrite;
  }): Promise<void>;
  /**
   * Hands a due step to the client's account workflow, starting the account if it is not running
   * (signal-with-start: atomic on the server, however many cases ask at once) — unless the case
   * is its client's only open case: then it answers `alone` and the case runs its step itself.
   */
  askAccount(input: AskAccountInput): Promise<AskAccountResult>;
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
    /** Received beyond the balance; absent when none. */
    overpaidMinor?: number;
    /** Why an open case is on hold. */
    pausedReason?: string;
    /** A step that failed for good, waiting for the creditor. */
    actionRequired?: { step: string; reason: string } | null;
    /** The whole view (cases since the case record); the columns above are kept for lists. */
    record?: CaseState;
  }): Promise<void>;
}

export type { CarriedState };

export interface AskAccountInput {
  account: AccountInput;
  /** The task queue the account runs on when it has to be started (the case's own). */
  taskQueue: string;
  request: StepRequest;
}

/** `alone`: no other open case of the client; the client's balance in the case's currency. */
export type AskAccountResult =
  | {
      alone: true;
      clientBalanceMinor: number;
      /** When messages to the address were accepted in the last 7 days, whichever case sent them. */
      recentContacts?: string[];
    }
  | { alone: false };

/** The client account's activities (docs/architecture.md "Client accounts"). */
export interface AccountActivities {
  /** The client's open cases, and the ones whose next reminder may join the message being gathered. */
  accountPeers(input: PeersInput): Promise<Peers>;
  /**
   * ONE message for every step of the batch — reminder, formal notice (one letter) or hand-off
   * (one dossier) — with the creditor's one alert about it; each member's step is recorded on
   * its timeline with the message's id. Idempotent: a retry sends nothing twice.
   */
  sendGroupedStep(input: SendGroupedInput): Promise<SentEmail>;
}
