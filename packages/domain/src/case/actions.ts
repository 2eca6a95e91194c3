/**
 * What a creditor can do from an alert (SPEC 3.2b "Action links"). Each kind is one entry of the
 * API's action registry (apps/api/src/action-links/actions.ts) and one label in the templates.
 * A link acts on one case, or on every open case of a client account.
 */
export const ACTION_KINDS = [
  'resume',
  'promise',
  'dispute',
  'cancel',
  'client_email',
  'approve_handoff',
  'decline_handoff',
  'call_outcome',
  'letter',
] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

/** The case (`invoice`: its externalId) or the client account (`client`: its client id) a link acts on. */
export type ActionScope = { kind: 'invoice'; id: string } | { kind: 'client'; id: string };

/** An action offered in an alert: its kind and the signed URL of its page. */
export interface ActionLink {
  kind: ActionKind;
  url: string;
}
