import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  CaseRecord,
  CaseStatus,
  CreditNote,
  Instalment,
  Jurisdiction,
  NextAction,
  Policy,
  RegisteredLetter,
  ReplyAlert,
} from '@relance/domain';

export type { Instalment, NextAction };

/** Failure types of update validators; the API maps them to 422 and 409. */
export const VALIDATION_FAILED = 'ValidationFailed';
export const INVALID_TRANSITION = 'InvalidTransition';

/** What the workflow needs to schedule and decide; documents and identities are loaded by activities. */
export interface DunningCaseInput {
  tenant: string;
  externalId: string;
  number: string;
  dueDate: string;
  currency: string;
  /** Decimal strings, as in the API. */
  total: string;
  amountDue: string;
  client: {
    name: string;
    company?: string;
    email: string;
    /** For call tasks; absent → the creditor is told there is no number on file. */
    phone?: string;
    locale: 'fr' | 'en';
    timezone: string;
    country: string;
  };
  jurisdiction: Jurisdiction;
  policy: Policy;
  /** Continue-as-new once the run's history has this many events (default 2 000). */
  historyBudget?: number;
  /**
   * Where the activities that send email run (`emailTaskQueueOf(taskQueue)`, rate-limited);
   * absent → the case's own task queue (tests, cases started before pacing existed).
   */
  emailTaskQueue?: string;
  /**
   * Present when the tenant chases clients rather than invoices (`grouping: "client"`): the case's
   * reminders go out through the client's account workflow, together with its other cases'.
   * Absent (cases started before accounts, `grouping: "invoice"`): the case sends alone.
   */
  account?: { clientId: string };
  /** Carried over by continue-as-new; absent on the first run. */
  carried?: CarriedState;
}

export interface PlanState {
  instalments: { dueDate: string; amountMinor: number; remindedAt?: string }[];
  /** Amount paid since the plan was agreed; instalments are covered in order. */
  paidMinor: number;
  agreedAt: string;
}

/** The live process state; serialisable, carried across continue-as-new. */
export interface CarriedState {
  status: CaseStatus;
  stage: string;
  paidMinor: number;
  balanceMinor: number;
  /** Index (in policy.steps) of the next step to run. */
  nextIndex: number;
  previous?: { index: number; at: string };
  /** Instants of emails sent to the client (only the last week matters for the contact cap). */
  contacts: string[];
  /** Ids of payments, replies and other events already applied (idempotency). */
  seen: string[];
  promise?: { date: string; until: string; note?: string };
  plan?: PlanState;
  /** Set when the formal notice went out; `penaltiesMinor` is what it claimed on top of the balance. */
  formalNotice?: { sentOn: string; deadline: string; penaltiesMinor: number };
  pausedReason?: string;
  finishedReason?: string;
  /** Number of projection writes so far: Postgres keeps only the newest (activities may finish out of order). */
  syncs?: number;
  /**
   * Counter of events without an id of their own (pause, resume, promise, plan…), carried across
   * continue-as-new so timeline keys never repeat (historyLength restarts with each run).
   */
  seq?: number;
  /** Amount received beyond the balance (client added the indemnity, penalties, paid twice). */
  overpaidMinor?: number;
  /** Client addresses that bounced or complained: not mailed again until the client email changes. */
  suppressed?: string[];
  /** The client email as last changed through the API (`clientContactChanged`), else the registered one. */
  clientEmail?: string;
  clientPhone?: string;
  /** How many times each step was superseded by an event before it went out (its next try gets a new key). */
  superseded?: Record<string, number>;
  /** A step that failed for good: the case waits (paused) until resumed or the client contact changes. */
  actionRequired?: { step: string; reason: string };
  /** Replies received since the last reply alert, alerted together (a flood makes one alert an hour). */
  replyDigest?: Omit<ReplyAlert, 'kind' | 'count'> & { count: number };
  lastReplyAlertAt?: string;
  /**
   * The reply that paused the case, while it keeps it paused (`handlers/reply-follow-up.ts`):
   * when the creditor is reminded of it (cleared once done) and when the case resumes by itself.
   */
  replyHold?: { replyId: string; from: string; receivedAt: string; remindAt?: string; resumeAt?: string };
  /** Missing rate figures the creditor was already told about (one alert per figure). */
  alertedFigures?: string[];
  /**
   * The legal hand-off asked the creditor's yes (policy `requireApproval`, SPEC §3.2b): `key` of
   * the asking, once reminded, `approved` once the creditor said yes. Cleared by a decline.
   */
  handoffApproval?: {
    step: string;
    key: string;
    requestedAt: string;
    reminded?: boolean;
    approved?: boolean;
  };
  /** Credit notes applied (amounts normalised to the currency's decimals) and their sum. */
  creditNotes?: CreditNote[];
  creditedMinor?: number;
  /** The due date in force once changed (`changeDueDate`); absent → `input.dueDate`. */
  dueDate?: string;
  /** Registered letters the creditor recorded. */
  letters?: RegisteredLetter[];
}

/**
 * The workflow's own view of the case: the case record (what Postgres keeps, the API reads) with
 * the invoice's identity. The API adds the timeline and penalties from Postgres.
 */
export interface CaseState extends CaseRecord {
  externalId: string;
  number: string;
  workflowId: string;
  currency: string;
  total: string;
  dueDate: string;
}

export interface PaymentInput {
  id: string;
  amount: string;
  paidAt: string;
  currency?: string;
  reference?: string;
}
/** A credit note (avoir) from the billing system; `id` is its id there. */
export interface CreditNoteInput {
  id: string;
  amount: string;
  /** YYYY-MM-DD. */
  issuedOn: string;
  currency?: string;
  reason?: string;
}
export interface DueDateInput {
  dueDate: string;
}
/** A registered letter the creditor posted; the same postedOn and trackingNumber again adds receivedOn. */
export interface LetterInput {
  postedOn: string;
  trackingNumber?: string;
  receivedOn?: string;
}
export interface ReplyInput {
  id: string;
  from: string;
  receivedAt: string;
  /** At most MAX_REPLY_CHARS code points (the API cuts it, `cutReplyText`). */
  text: string;
  /** Set when the API cut the text: its length in code points before the cut. */
  originalLength?: number;
  /**
   * false: the sender is neither the client's address nor one of its cc (an inbound email
   * anyone could have sent). Absent: verified (API replies, signals from before the flag).
   */
  verified?: boolean;
  /** For an unverified reply: pause anyway (the tenant's `replies.pauseOnUnverified`). */
  pauseIfUnverified?: boolean;
  /**
   * Why the reply is automatic (out of office, auto-responder: `automaticReply`'s answer, or the
   * API caller's word): recorded as `auto_reply_received`, it pauses nothing and alerts nobody.
   */
  automatic?: string;
  /** The inbound message's subject, kept with an automatic reply. */
  subject?: string;
  /**
   * false: another case of the client reminds the creditor if this reply keeps it paused (a reply
   * to a message listing several invoices reaches every case listed; one reminder is enough).
   */
  remindsCreditor?: boolean;
}
export interface BounceInput {
  id: string;
  emailId: string;
  step?: string;
  recipient: string;
  reason?: string;
  /** A spam complaint rather than a bounce: the address is not mailed again either. */
  complaint?: boolean;
}
/** The client's contact details changed (PATCH of the invoice's client): bounced addresses are forgotten. */
export interface ClientContactInput {
  email?: string;
  phone?: string;
}
export interface ReasonInput {
  reason?: string;
}
export interface PromiseInput {
  date: string;
  note?: string;
}
export interface PaymentPlanInput {
  instalments: Instalment[];
}
/**
 * The creditor's answer to a hand-off waiting for approval. Declined: the case ends `unrecovered`
 * with `reason`, or with `keepChasing` it is paused for the creditor to chase by hand (resumable).
 */
export interface HandoffDecisionInput {
  approve: boolean;
  reason?: string;
  keepChasing?: boolean;
}
export const CALL_OUTCOMES = ['reached', 'no_answer', 'promised', 'disputed'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];
/** A call to the client, as the creditor reports it; `promised` needs `promiseDate`. */
export interface CallOutcomeInput {
  outcome: CallOutcome;
  note?: string;
  promiseDate?: string;
}

// Updates answer with the new state, and their validators reject bad input before it is recorded.
export const recordPaymentUpdate = defineUpdate<CaseState, [PaymentInput]>('recordPayment');
export const pauseUpdate = defineUpdate<CaseState, [ReasonInput]>('pause');
export const resumeUpdate = defineUpdate<CaseState, []>('resume');
export const cancelUpdate = defineUpdate<CaseState, [ReasonInput]>('cancel');
export const disputeUpdate = defineUpdate<CaseState, [ReasonInput]>('dispute');
export const promiseUpdate = defineUpdate<CaseState, [PromiseInput]>('promise');
export const paymentPlanUpdate = defineUpdate<CaseState, [PaymentPlanInput]>('paymentPlan');
export const replyUpdate = defineUpdate<CaseState, [ReplyInput]>('clientReply');
export const handoffUpdate = defineUpdate<CaseState, [HandoffDecisionInput]>('decideHandoff');
export const callOutcomeUpdate = defineUpdate<CaseState, [CallOutcomeInput]>('recordCallOutcome');
export const creditNoteUpdate = defineUpdate<CaseState, [CreditNoteInput]>('recordCreditNote');
export const dueDateUpdate = defineUpdate<CaseState, [DueDateInput]>('changeDueDate');
export const letterUpdate = defineUpdate<CaseState, [LetterInput]>('recordLetter');

// Signals are for webhooks: durable once accepted, answered without waiting for the worker.
export const paymentSignal = defineSignal<[PaymentInput]>('paymentReceived');
export const cancelSignal = defineSignal<[ReasonInput & { id: string }]>('invoiceCancelled');
export const replySignal = defineSignal<[ReplyInput]>('clientReplied');
export const bounceSignal = defineSignal<[BounceInput]>('emailBounced');
export const clientContactSignal = defineSignal<[ClientContactInput]>('clientContactChanged');

/** Reply text kept on the timeline and in history; the rest is cut, marked `truncated`. */
export const MAX_REPLY_CHARS = 10_000;

export const caseStateQuery = defineQuery<CaseState>('caseState');
