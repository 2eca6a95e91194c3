/* eslint-disable @typescript-eslint/no-explicit-any -- writes into the untyped OpenAPI document */
import { TIMELINE_TYPES, WEBHOOK_EVENT_TYPES, EVENTS_OF_TIMELINE } from '@relance/domain';
import { z } from 'zod';
import { openApiSchema } from '../common/openapi';

/** The body of every outbound event (built by the worker: apps/worker/src/webhooks/payload.ts). */
export const WebhookEventSchema = z
  .object({
    type: z.enum(WEBHOOK_EVENT_TYPES),
    timestamp: z.iso.datetime().describe('when the timeline entry it comes from happened'),
    data: z.object({
      eventId: z.string().describe('also the `webhook-id` header: de-duplicate on it'),
      sequence: z.number().int().describe("the event's number among its case's events, from 1, without gaps"),
      case: z.object({
        externalId: z.string(),
        number: z.string(),
        workflowId: z.string(),
        clientId: z.string().nullable(),
        currency: z.string(),
      }),
      timeline: z
        .object({
          type: z.enum(TIMELINE_TYPES),
          at: z.iso.datetime(),
          step: z.string().nullable(),
          data: z.record(z.string(), z.unknown()),
        })
        .describe('the timeline entry, as GET /v1/invoices/{externalId}/timeline shows it'),
    }),
  })
  .describe('Standard Webhooks payload: {type, timestamp, data}');

const SIGNATURE_HEADERS = [
  ['webhook-id', 'the event id: the same on every retry and redelivery of the event'],
  ['webhook-timestamp', 'Unix seconds of this attempt'],
  ['webhook-signature', '`v1,<base64 HMAC-SHA256>` of `<id>.<timestamp>.<body>` with the endpoint secret'],
] as const;

/**
 * The events as `x-webhooks`: the document is OpenAPI 3.0 (nestjs-zod's cleanup writes 3.0
 * schemas: `nullable`), which has no `webhooks` field; `x-webhooks` is the 3.0 extension tools
 * such as Redoc read for it, with the same shape as 3.1's `webhooks`.
 */
export function documentWebhookEvents(document: { components?: any; [key: string]: any }): void {
  document.components ??= {};
  document.components.schemas ??= {};
  document.components.schemas.WebhookEvent = openApiSchema(WebhookEventSchema);
  const from = (type: string) =>
    Object.entries(EVENTS_OF_TIMELINE)
      .filter(([, events]) => events?.includes(type as never))
      .map(([timeline]) => `\`${timeline}\``)
      .join(', ');
  document['x-webhooks'] = Object.fromEntries(
    WEBHOOK_EVENT_TYPES.map((type) => [
      type,
      {
        post: {
          summary: `${type}: posted when the case's timeline records ${from(type)}`,
          description:
            'Signed per the Standard Webhooks specification; at least once, in order per case, retried with exponential backoff for 3 days. Answer 2xx.',
          operationId: `webhook_${type.replace('.', '_')}`,
          tags: ['webhook events'],
          parameters: SIGNATURE_HEADERS.map(([name, description]) => ({
            name,
            in: 'header',
            required: true,
            description,
            schema: { type: 'string' },
          })),
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/WebhookEvent' } } },
          },
          responses: { '200': { description: 'Any 2xx: delivered' } },
        },
      },
    ]),
  );
}
