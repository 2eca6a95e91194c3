import type { ActionKind, ActionLink, ActionScope } from '@relance/domain';
import { actionLinkUrl, type LinkSettings } from '@relance/persistence';
import type { CreditorAlert } from '@relance/templates';
import type { CaseContext } from './case-store';

/**
 * The actions each kind of alert offers (SPEC 3.2b), in the order of its buttons. Kinds about a
 * closed case or a done step offer none. When an action is added to the API's registry
 * (apps/api/src/action-links/actions.ts), the alerts it fits list it here.
 */
/** What a client's reply calls for, when it comes and while it still waits. */
const ANSWER_A_REPLY = (): ActionKind[] => ['resume', 'promise', 'dispute', 'cancel'];

const FITTING: {
  [K in CreditorAlert['kind']]: (alert: Extract<CreditorAlert, { kind: K }>) => ActionKind[];
} = {
  reply: ANSWER_A_REPLY,
  reply_waiting: ANSWER_A_REPLY,
  handoff_approval: () => ['approve_handoff', 'decline_handoff'],
  bounce: () => ['client_email'],
  call_task: (a) => [
    'call_outcome',
    'promise',
    'dispute',
    ...(a.reason === 'email_bounced' ? (['client_email'] as const) : []),
  ],
  // The creditor may post the notice by registered mail too.
  formal_notice_sent: () => ['promise', 'dispute', 'letter'],
  letter_task: () => ['letter', 'client_email'],
  action_required: () => ['resume', 'client_email'],
  handed_off: () => [],
  paid: () => [],
  unrecovered: () => [],
  overpaid: () => [],
  payment_after_close: () => [],
  provisional_rate: () => [],
};

/** What a client account's link can do: every open case of the client at once. */
const ACCOUNT_ACTIONS: readonly ActionKind[] = ['resume', 'client_email'];

/**
 * The signed action links of one alert, about one case or (`invoices` of several) the client
 * account. None without RELANCE_LINK_KEY: the alert then names the API routes, as before.
 */
export function actionsFor(
  alert: CreditorAlert,
  on: { ctx: CaseContext; grouped: boolean },
  links: LinkSettings | undefined,
  now = new Date(),
): ActionLink[] {
  if (!links) return [];
  const fitting = (FITTING[alert.kind] as (a: CreditorAlert) => ActionKind[])(alert);
  const { ctx, grouped } = on;
  const scope: ActionScope = grouped
    ? { kind: 'client', id: ctx.payload.client.id }
    : { kind: 'invoice', id: ctx.payload.externalId };
  return fitting
    .filter((kind) => !grouped || ACCOUNT_ACTIONS.includes(kind))
    .map((kind) => ({
      kind,
      url: actionLinkUrl(links, { tenantId: ctx.tenant.id, scope, action: kind }, now),
    }));
}
