import { createHash } from 'node:crypto';

// The one place row ids of the audit trail (through the Timeline repository) and of sent emails
// are built, for the API and the worker alike. The invoice's UUID (not the workflow id, which embeds a free-form externalId)
// prefixes the writer's key, so an externalId containing ':' can never produce another case's id.

/** Id of a timeline entry: `<invoice uuid>:<key>`; the same key written twice is one entry. */
export function timelineEntryId(invoiceId: string, key: string): string {
  return `${invoiceId}:${key}`;
}

/**
 * Timeline keys that more than one writer must agree on; every other key belongs to one writer.
 * (A payment that reached a closed case: `latePaymentKey` of @relance/workflows, which the workflow shares.)
 */
export const timelineKey = {
  registered: 'registered',
  /** A Resend event the API records itself: its Svix id, so a replayed delivery inserts nothing. */
  resendEvent: (svixId: string) => `resend:${svixId}`,
} as const;

/** Id of a sent email's row: one row per logical email, whatever the retries. */
export function emailRowId(invoiceId: string, key: string): string {
  return `${invoiceId}:${key}`;
}

/**
 * The provider's idempotency key for one email: a hash of its row id and of the exact content
 * sent (64 hex characters, well under Resend's 256), so a retry is recognised and a re-rendered
 * message is never mistaken for it.
 */
export function providerIdempotencyKey(rowId: string, contentHash: string): string {
  return createHash('sha256').update(rowId).update('\0').update(contentHash).digest('hex');
}

/**
 * Id of an outbound webhook event (its Standard Webhooks `webhook-id`): from the timeline entry
 * it comes from and its type, so the same entry written again is the same event.
 */
export function webhookEventId(timelineId: string, type: string): string {
  return `evt_${createHash('sha256').update(timelineId).update('\0').update(type).digest('base64url').slice(0, 24)}`;
}
