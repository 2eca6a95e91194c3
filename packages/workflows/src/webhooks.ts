import { defineSignal } from '@temporalio/workflow';

/**
 * Outbound webhooks (SPEC 3.2b, docs/architecture.md "Events back to the billing system"): one
 * long-lived delivery workflow per endpoint posts its pending deliveries one at a time, oldest
 * first. The database (the outbox written with the timeline) is the queue; the signal only wakes
 * the workflow, so a signal lost is a delay, never a lost event.
 */
export const WEBHOOK_DELIVERY_WORKFLOW_TYPE = 'webhookDelivery';

export function webhookDeliveryWorkflowId(endpointId: string): string {
  return `webhooks:${endpointId}`;
}

export interface WebhookDeliveryInput {
  endpointId: string;
  /** Continue-as-new after this many deliveries or idle wake-ups in one run (default 200). */
  runBudget?: number;
}

/** New deliveries are pending for the endpoint (sent after the outbox commit, and on redelivery). */
export const webhookPendingSignal = defineSignal('webhookPending');

/** The next pending delivery of an endpoint, oldest first; `gone` when the endpoint was deleted. */
export type NextWebhookDelivery = { deliveryId: string } | null | 'gone';

export interface WebhookActivities {
  nextWebhookDelivery(input: { endpointId: string }): Promise<NextWebhookDelivery>;
  /** Posts the delivery's event once, signed; throws on anything but a 2xx (Temporal retries). */
  postWebhook(input: { deliveryId: string }): Promise<void>;
  /** Gives up on a delivery whose retries ran out (or that can never succeed): the next one goes. */
  failWebhookDelivery(input: { deliveryId: string; error: string }): Promise<void>;
}

/** Failure types of a delivery that retrying cannot help (a refused address, a deleted endpoint). */
export const WEBHOOK_PERMANENT_FAILURES = ['WebhookRefused'];
