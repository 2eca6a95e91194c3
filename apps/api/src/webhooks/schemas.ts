import { Currency, DecimalAmount } from '@relance/domain';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

const Instant = z.string().datetime({ offset: true, message: 'must be an ISO-8601 date-time' });
const EventId = z.string().min(1).max(200).describe('unique per event: a repeated id is counted once');

export const PaymentEventSchema = z.discriminatedUnion('type', [
  z
    .object({
      id: EventId,
      type: z.literal('payment.succeeded'),
      data: z
        .object({
          invoiceId: z.string().min(1).max(200).describe('the externalId of the invoice'),
          amount: DecimalAmount,
          currency: Currency,
          paidAt: Instant,
          reference: z.string().max(200).optional(),
        })
        .strict(),
    })
    .strict(),
  z
    .object({
      id: EventId,
      type: z.literal('invoice.cancelled'),
      data: z
        .object({ invoiceId: z.string().min(1).max(200), reason: z.string().max(1000).optional() })
        .strict(),
    })
    .strict(),
]);
export type PaymentEvent = z.infer<typeof PaymentEventSchema>;

export const WebhookAckSchema = z.object({
  id: z.string(),
  outcome: z
    .enum(['handed_off', 'duplicate', 'case_closed', 'ignored', 'unknown_email', 'unknown_case'])
    .describe('handed_off: durably handed to the case; duplicate: already received, counted once'),
});
export type WebhookAck = z.infer<typeof WebhookAckSchema>;
export class WebhookAckDto extends createZodDto(WebhookAckSchema) {}

/** The part of Resend's event payloads we read; other fields are allowed (Resend adds some). */
export const ResendEventSchema = z.object({
  type: z.string(),
  created_at: z.string(),
  data: z
    .object({
      email_id: z.string(),
      created_at: z.string().optional(),
      from: z.string().optional(),
      to: z.array(z.string()).optional(),
      received_for: z.array(z.string()).optional(),
      subject: z.string().optional(),
      bounce: z
        .object({
          message: z.string().optional(),
          type: z.string().optional(),
          subType: z.string().optional(),
        })
        .passthrough()
        .optional(),
    })
    .passthrough(),
});
export type ResendEvent = z.infer<typeof ResendEventSchema>;
