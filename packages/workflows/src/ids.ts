export const WORKFLOW_TYPE = 'dunningCase';

/**
 * The task queue of the activities that call the email provider, beside the cases' own queue:
 * its workers share one server-side rate limit (`RESEND_MAX_PER_SECOND`), so a 09:00 wave of
 * thousands of cases is paced across every replica (docs/architecture.md "What a case reacts to").
 */
export function emailTaskQueueOf(caseTaskQueue: string): string {
  return `${caseTaskQueue}-email`;
}

/** One case per invoice: starting it twice is harmless because the id is deterministic. */
export function caseWorkflowId(tenantSlug: string, externalId: string): string {
  return `dunning:${tenantSlug}:${externalId}`;
}

export const CLOSED_CASE_PAYMENT_WORKFLOW_TYPE = 'closedCasePayment';

/**
 * One short workflow per payment that reached a closed case (it records and alerts the creditor).
 * Both parts are URI-encoded so an id containing ':' cannot collide with another one.
 */
export function closedCasePaymentWorkflowId(
  tenantSlug: string,
  externalId: string,
  paymentId: string,
): string {
  return `late-payment:${tenantSlug}:${encodeURIComponent(externalId)}:${encodeURIComponent(paymentId)}`;
}

/**
 * The timeline key of a payment that reached a closed case (recorded, not applied). The API
 * (payment after the workflow completed) and the workflow (payment while it closes) write it
 * alike, so one payment is one entry whichever of them sees it.
 */
export function latePaymentKey(paymentId: string): string {
  return `webhook:${paymentId}`;
}
