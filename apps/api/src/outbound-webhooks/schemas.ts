import { WEBHOOK_EVENT_TYPES } from '@relance/domain';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

// Requests: each schema validates the body or query and documents it in /openapi.json.

const EventTypes = z
  .union([z.literal('all'), z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1).max(WEBHOOK_EVENT_TYPES.length)])
  .describe('the event types posted to the endpoint, or "all" (the default, new types included)');

export const CreateEndpointBodySchema = z
  .object({
    url: z
      .string()
      .max(2000)
      .describe(
        'https on port 443, no credentials, a public address (RELANCE_PDF_FETCH_ALLOW_HOSTS lists development exceptions)',
      ),
    events: EventTypes.default('all'),
    description: z.string().max(500).optional(),
  })
  .strict();
export class CreateEndpointBodyDto extends createZodDto(CreateEndpointBodySchema) {}

export const DeliveryQuerySchema = z
  .object({
    endpointId: z.uuid().optional(),
    status: z.enum(['pending', 'delivered', 'failed']).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z
      .string()
      .regex(/^[0-9]{1,19}$/, 'must be the nextCursor of the previous page')
      .optional()
      .describe('the nextCursor of the previous page'),
  })
  .strict();
export class DeliveryQueryDto extends createZodDto(DeliveryQuerySchema) {}

// Responses.

export const EndpointSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  events: EventTypes,
  description: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export class EndpointDto extends createZodDto(EndpointSchema) {}
export class EndpointListDto extends createZodDto(z.object({ items: z.array(EndpointSchema) })) {}

export const CreatedEndpointSchema = EndpointSchema.extend({
  secret: z
    .string()
    .describe(
      'the signing secret (`whsec_` + base64), shown this once: verify `webhook-signature` with it (Standard Webhooks libraries)',
    ),
});
export class CreatedEndpointDto extends createZodDto(CreatedEndpointSchema) {}

export const DeliverySchema = z.object({
  id: z.uuid(),
  endpointId: z.uuid(),
  eventId: z.string().describe('the `webhook-id` header: the same on every attempt and redelivery'),
  type: z.enum(WEBHOOK_EVENT_TYPES),
  externalId: z.string().describe('the case (invoice) the event concerns'),
  sequence: z.number().int().describe("the event's number in its case's order of events"),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  lastAttemptAt: z.iso.datetime().nullable(),
  deliveredAt: z.iso.datetime().nullable(),
  failedAt: z.iso.datetime().nullable().describe('retries ran out (3 days) or the endpoint was refused'),
  createdAt: z.iso.datetime(),
});
export class DeliveryDto extends createZodDto(DeliverySchema) {}

export const DeliveryListSchema = z.object({
  items: z.array(DeliverySchema).describe('newest first'),
  nextCursor: z.string().nullable().describe('pass as ?cursor= for the next page; null on the last page'),
});
export class DeliveryListDto extends createZodDto(DeliveryListSchema) {}
