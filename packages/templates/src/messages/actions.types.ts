import type { ActionKind, CaseStatus } from '@relance/domain';

/** Fields an action page may ask for (the API's action registry says which, and validates them). */
export type ActionFieldName =
  | 'date'
  | 'note'
  | 'reason'
  | 'email'
  | 'outcome'
  | 'promiseDate'
  | 'keepChasing'
  | 'postedOn'
  | 'trackingNumber'
  | 'receivedOn';

/** The fields offered as a choice (radio buttons); the API's registry gives their values. */
export type ActionChoiceName = Extract<ActionFieldName, 'outcome' | 'keepChasing'>;

/** Copy of the action links: the block in creditor alerts and the pages they open (SPEC 3.2b). */
export interface ActionMessages {
  alert: {
    title: string;
    intro: string;
  };
  /** A button's label in an alert, and the page's heading. */
  labels: Record<ActionKind, string>;
  page: {
    /** The page's title after the action (`<title>` and heading). */
    title: string;
    summaryTitle: string;
    invoice: string;
    client: string;
    balance: string;
    status: string;
    nextAction: string;
    openCases: string;
    /** The case or account the action concerns, as `explain` and `done` name it. */
    scope: { invoice: (number: string) => string; client: (client: string) => string };
    none: string;
    statuses: Record<CaseStatus, string>;
    /** What confirming does, per action; `scope` names the case or the client account. */
    explain: Record<ActionKind, (scope: string) => string>;
    fields: Record<ActionFieldName, { label: string; hint?: string }>;
    /** The label of each value of a choice field (`keepChasing`: 'true' or 'false'). */
    choices: Record<ActionChoiceName, Record<string, string>>;
    optional: string;
    confirm: Record<ActionKind, string>;
    fixErrors: string;
    done: { title: string; body: Record<ActionKind, (scope: string) => string> };
    /** Pages that change nothing: their heading and text. */
    used: { title: string; body: (usedAt: string) => string };
    expired: { title: string; body: (expiredOn: string) => string };
    forged: { title: string; body: string };
    notFound: { title: string; body: string };
    refused: { title: string; body: (detail: string) => string };
    unavailable: { title: string; body: string };
    footer: string;
  };
}
