import type { TimelineType } from '../case/record';

/** The events a tenant's billing system can subscribe to (SPEC 3.2b "Events go back to the billing system"). */
export const WEBHOOK_EVENT_TYPES = [
  'case.paid',
  'case.overpaid',
  'case.reply_received',
  'case.disputed',
  'case.promised',
  'case.handed_off',
  'case.unrecovered',
  'case.action_required',
  'case.cancelled',
  'email.bounced',
  'account.contact_suppressed',
  // Amendments from the billing system, and the hand-off waiting on the creditor (issue 21).
  'case.credit_note_recorded',
  'case.due_date_changed',
  'case.handoff_approval_requested',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/**
 * The one table from a timeline entry to the events it emits: an entry type not listed emits
 * nothing. A new event (a credit note, a due-date change) is a new row here. A bounce is both the
 * failed email and the client's address no longer mailed on the account.
 */
export const EVENTS_OF_TIMELINE: Partial<Record<TimelineType, readonly WebhookEventType[]>> = {
  paid: ['case.paid'],
  overpaid: ['case.overpaid'],
  reply_received: ['case.reply_received'],
  disputed: ['case.disputed'],
  promise_recorded: ['case.promised'],
  legal_handoff_sent: ['case.handed_off'],
  unrecovered: ['case.unrecovered'],
  action_required: ['case.action_required'],
  cancelled: ['case.cancelled'],
  email_bounced: ['email.bounced', 'account.contact_suppressed'],
  credit_note_recorded: ['case.credit_note_recorded'],
  due_date_changed: ['case.due_date_changed'],
  handoff_approval_requested: ['case.handoff_approval_requested'],
};

/** The events a timeline entry emits, in the order they are delivered. */
export function webhookEventsOf(type: TimelineType): readonly WebhookEventType[] {
  return EVENTS_OF_TIMELINE[type] ?? [];
}

/** Whether an endpoint subscribed to `events` (null: every event) receives `type`. */
export function subscribesTo(events: readonly string[] | null, type: WebhookEventType): boolean {
  return events === null || events.includes(type);
}
