import { Currency, isCurrency, MultiLine, paymentIssues, PositiveAmount, SingleLine } from '@relance/domain';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

const Instant = z.iso.datetime({ offset: true, error: 'must be an ISO-8601 date-time' });
const EventId = SingleLine.min(1).max(200).describe('unique per event: a repeated id is counted once');
const InvoiceId = SingleLine.min(1).max(200).describe('the externalId of the invoice');
const ClientId = SingleLine.min(1).max(200).describe('client.id as registered with the invoices');

export const PaymentEventSchema = z.discriminatedUnion('type', [
  z
    .object({
      id: EventId,
      type: z.literal('payment.succeeded'),
      data: z
        .object({
          invoiceId: InvoiceId.optional().describe('the externalId of the invoice; or give clientId instead'),
          clientId: ClientId.optional().describe(
            "instead of invoiceId: the payment is allocated to the client's open invoices in this currency, those " +
              'the reference names (number or externalId) first, then oldest due date first; a surplus is recorded ' +
              'on the last one as overpaid',
          ),
          amount: PositiveAmount.describe('more than zero, with at most the currency minor digits'),
          currency: Currency.describe('must be the invoice currency'),
          paidAt: Instant,
          reference: SingleLine.max(200).optional(),
        })
        .strict()
        // Exactly one of invoiceId and clientId names what is paid.
        .superRefine((d, ctx) => {
          if (d.invoiceId !== undefined && d.clientId !== undefined)
            ctx.addIssue({
              code: 'custom',
              path: ['clientId'],
              message: 'give invoiceId or clientId, not both',
            });
          if (d.invoiceId === undefined && d.clientId === undefined)
            ctx.addIssue({ code: 'custom', path: ['invoiceId'], message: 'required (or clientId)' });
        })
        // The amount's decimals against its own currency; the invoice's is checked once it is found.
        .superRefine((d, ctx) => {
          // An unknown currency or a zero amount is reported by its own field's check already.
          if (!isCurrency(d.currency) || !/[1-9]/.test(d.amount)) return;
          for (const issue of paymentIssues({ amount: d.amount }, d.currency))
            ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
        }),
    })
    .strict(),
  z
    .object({
      id: EventId,
      type: z.literal('invoice.cancelled'),
      data: z.object({ invoiceId: InvoiceId, reason: MultiLine.max(1000).optional() }).strict(),
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
      /** Headers as the sender wrote them: never used to route a reply. */
      to: z.array(z.string()).optional(),
      /** The envelope recipients Resend accepted the email for (SMTP RCPT TO): replies route on these. */
      received_for: z.array(z.string()).optional(),
      subject: z.string().optional(),
      bounce: z
        .object({
          message: z.string().optional(),
          type: z.string().optional(),
          subType: z.string().optional(),
        })
        .loose()
        .optional(),
    })
    .loose(),
});
export type ResendEvent = z.infer<typeof ResendEventSchema>;
