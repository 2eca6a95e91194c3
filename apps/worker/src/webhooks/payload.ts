import type { WebhookEventType } from '@relance/domain';
import type { TimelineEntry } from '@relance/persistence';
import type { CaseContext } from '../activities/case-store';

/**
 * The body of an outbound event (Standard Webhooks' `{type, timestamp, data}`; documented in the
 * OpenAPI `webhooks` section, apps/api/src/outbound-webhooks/schemas.ts): the case it concerns,
 * its number in the case's order of events, and the timeline entry it comes from.
 */
export function webhookPayload(
  ctx: Pick<CaseContext, 'invoice' | 'payload'>,
  entry: TimelineEntry & { at: Date },
  event: { id: string; type: WebhookEventType; sequence: number },
): Record<string, unknown> {
  return {
    type: event.type,
    timestamp: entry.at.toISOString(),
    data: {
      eventId: event.id,
      sequence: event.sequence,
      case: {
        externalId: ctx.invoice.externalId,
        number: ctx.payload.number,
        workflowId: ctx.invoice.workflowId,
        clientId: ctx.payload.client.id ?? null,
        currency: ctx.invoice.currency,
      },
      timeline: {
        type: entry.type,
        at: entry.at.toISOString(),
        step: entry.step ?? null,
        data: entry.data ?? {},
      },
    },
  };
}
