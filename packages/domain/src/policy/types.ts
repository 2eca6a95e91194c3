export const TONES = ['courtesy', 'friendly', 'firm', 'urgent'] as const;
export type Tone = (typeof TONES)[number];

export const STEP_ACTIONS = ['reminder', 'formal_notice', 'legal_handoff'] as const;
export type StepAction = (typeof STEP_ACTIONS)[number];

export interface PolicyStep {
  /** Stable id, used as the case stage once the step has run (`none` is reserved). */
  id: string;
  /** ISO-8601 duration from 00:00 of the due date in the client's timezone; negative before it ("-P3D"). */
  after: string;
  action: StepAction;
  /** Template tone; required for reminders, meaningless for the other actions. */
  tone?: Tone;
  /** Also create a phone-call task for the creditor. */
  callTask?: boolean;
  /** formal_notice only: days the debtor is given to pay (filled with 8 by validatePolicy when absent). */
  deadlineDays?: number;
  /** legal_handoff only: below this balance the case ends `unrecovered` instead (decimal string). */
  minAmount?: string;
  /**
   * legal_handoff only: compare `minAmount` with the client's total outstanding balance
   * (`client`, the default: ten invoices of 300 € are a 3,000 € debt) or with this invoice's.
   * Cases of a tenant that chases invoices (`grouping: "invoice"`) compare their own.
   */
  minAmountScope?: 'client' | 'invoice';
  /**
   * legal_handoff only: the case waits for the creditor's yes before anything goes to the lawyer
   * (SPEC §3.2b). Registration fills `true` when absent (`withHandoffApproval`); a policy without
   * it (cases started before the field) hands off without asking.
   */
  requireApproval?: boolean;
}

export interface Policy {
  steps: PolicyStep[];
  /** Skip weekends (and the `holidays` calendar's public holidays). Absent = no constraint. */
  businessDays?: boolean;
  /** date-holidays calendar: a country ("FR") or country-subdivision ("GB-ENG", "FR-67"). */
  holidays?: string;
  /** Local "HH:MM" window, start inclusive, end exclusive. */
  sendWindow?: { start: string; end: string };
  /** Cap on emails to one client address in any rolling 7 days. */
  maxContactsPerWeek?: number;
  /**
   * Client accounts: another case's step falling due within this ISO duration joins the message
   * being sent (only on an invoice already past due). Absent: `DEFAULT_GROUP_WITHIN`.
   */
  groupWithin?: string;
  /** Client accounts: how long the account gathers steps before sending. Absent: `DEFAULT_GATHER_FOR`. */
  gatherFor?: string;
  /**
   * A case paused by a client reply resumes by itself this ISO duration after the reply (the
   * spacing rule as a manual resume). Absent: it waits for the creditor.
   */
  resumeAfterReply?: string;
}

export const DEFAULT_GROUP_WITHIN = 'P3D';
export const DEFAULT_GATHER_FOR = 'PT1M';

/** Stage of a case before its first step ran. */
export const NO_STAGE = 'none';

/** Deadline a mise en demeure gives when the policy does not say (French practice: 8 days). */
export const DEFAULT_DEADLINE_DAYS = 8;

/** What a registered case's policy says when its hand-off step does not: ask the creditor first. */
export const DEFAULT_REQUIRE_APPROVAL = true;

/** Whether a step sends an email to the client (the hand-off goes to the lawyer, not the client). */
export function contactsClient(step: PolicyStep): boolean {
  return step.action !== 'legal_handoff';
}
