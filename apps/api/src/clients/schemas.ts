import { CASE_STATUSES, ClientSchema } from '@relance/domain';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { CaseSummarySchema, NextActionSchema } from '../cases/schemas';
import { AgingReportSchema } from '../reports/schemas';

// Requests: each schema validates the body or query and documents it in /openapi.json.

export const ClientListQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(1200).optional().describe('the nextCursor of the previous page'),
  })
  .strict();
export class ClientListQueryDto extends createZodDto(ClientListQuerySchema) {}

/**
 * The client's contact as `PATCH /v1/invoices/{externalId}/client` takes it (validated as at
 * registration), plus the names the messages address: the fields given replace the stored ones on
 * every open case of the client.
 */
export const ClientAccountContactBodySchema = ClientSchema.pick({
  email: true,
  phone: true,
  cc: true,
  name: true,
  company: true,
})
  .partial()
  .strict()
  .refine((b) => Object.values(b).some((v) => v !== undefined), {
    error: 'give at least one of email, phone, cc, name, company',
  });
export class ClientAccountContactBodyDto extends createZodDto(ClientAccountContactBodySchema) {}

// Responses.

const Money = z.string().describe('decimal string with the currency minor digits, e.g. "1200.00"');

export const NextContactSchema = z
  .object({ externalId: z.string() })
  .extend(NextActionSchema.shape)
  .describe("the earliest planned step of the client's open cases that writes to the client");

export const ClientSummarySchema = z.object({
  id: z.string().describe('client.id as registered with the invoices'),
  name: z.string().describe('from the most recently registered invoice of the client'),
  company: z.string().optional(),
  openCases: z.number().int(),
  balances: z
    .array(z.object({ currency: z.string(), cases: z.number().int(), balance: Money }))
    .describe('open balance per currency'),
  oldestDueDate: z.string().nullable().describe('of the open cases'),
  lastContactAt: z.iso
    .datetime()
    .nullable()
    .describe('the last email sent to the client, on any of its cases'),
  nextContact: NextContactSchema.nullable(),
});
export type ClientSummary = z.infer<typeof ClientSummarySchema>;

export const ClientListSchema = z.object({
  items: z.array(ClientSummarySchema).describe('in client id order'),
  nextCursor: z.string().nullable().describe('pass as ?cursor= for the next page; null on the last page'),
});
export class ClientListDto extends createZodDto(ClientListSchema) {}

export const SuppressedAddressSchema = z.object({
  address: z.string(),
  complaint: z.boolean().describe('the client marked a message as spam (otherwise a bounce)'),
  lastAt: z.iso.datetime(),
  cases: z.array(z.string()).describe('externalIds of the cases whose emails to it bounced'),
});

export const ContactSchema = z.object({
  emailId: z.string().describe('the provider id of the message'),
  sentAt: z.iso.datetime().nullable(),
  template: z.string(),
  subject: z.string(),
  to: z.array(z.string()).describe('recipients, cc included'),
  status: z.string().describe('sent, delivered, opened, bounced, complained'),
  invoices: z
    .array(z.object({ externalId: z.string(), step: z.string().nullable() }))
    .describe('the cases the message was about (several for a grouped message)'),
});

/** How many messages a client account's contact history shows, newest first. */
export const CONTACT_HISTORY_LIMIT = 50;

export const ClientDetailSchema = ClientSummarySchema.extend({
  cases: z.array(CaseSummarySchema).describe('every open case, oldest due date first'),
  aging: AgingReportSchema.describe('the open cases in the aging report buckets, per currency'),
  suppressedAddresses: z
    .array(SuppressedAddressSchema)
    .describe(
      'addresses of the client that bounced or complained: not mailed again (the next steps become call or letter ' +
        'tasks) until a new email is given with PATCH /v1/clients/{clientId}',
    ),
  contactHistory: z
    .array(ContactSchema)
    .describe(
      `the emails sent to the client on any of its cases, newest first, at most ${CONTACT_HISTORY_LIMIT}`,
    ),
});
export type ClientDetail = z.infer<typeof ClientDetailSchema>;
export class ClientDetailDto extends createZodDto(ClientDetailSchema) {}

export const CASE_OUTCOMES = ['applied', 'refused', 'closed', 'unreachable'] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

export const ClientCaseResultSchema = z.object({
  externalId: z.string(),
  number: z.string(),
  outcome: z
    .enum(CASE_OUTCOMES)
    .describe(
      'applied; refused: the case took no change in its status, or was not started (detail says why); ' +
        'closed: the case closed meanwhile; unreachable: Temporal did not answer, repeat the request',
    ),
  status: z.enum(CASE_STATUSES).describe('the case status after the request'),
  detail: z.string().optional(),
});
export type ClientCaseResult = z.infer<typeof ClientCaseResultSchema>;

export const ClientControlResultSchema = z.object({
  clientId: z.string(),
  results: z.array(ClientCaseResultSchema).describe('one per open case of the client, oldest due date first'),
});
export type ClientControlResult = z.infer<typeof ClientControlResultSchema>;
export class ClientControlResultDto extends createZodDto(ClientControlResultSchema) {}

export const PAYMENT_OUTCOMES = ['applied', 'case_closed', 'refused', 'unreachable'] as const;
export type PaymentOutcome = (typeof PAYMENT_OUTCOMES)[number];

export const ClientPaymentResultSchema = z.object({
  clientId: z.string(),
  paymentId: z.string(),
  currency: z.string(),
  amount: Money,
  parts: z
    .array(
      z.object({
        externalId: z.string(),
        number: z.string(),
        amount: Money.describe("this case's part of the payment, surplus included"),
        surplus: Money.optional().describe(
          'beyond the balance: recorded as overpaid on the case, creditor alerted',
        ),
        outcome: z
          .enum(PAYMENT_OUTCOMES)
          .describe(
            'applied (or already applied before); case_closed: the case had closed, the part was recorded on its ' +
              'timeline, not applied, and the creditor alerted; refused: the case refused it (detail); unreachable: ' +
              'repeat the request',
          ),
        status: z.enum(CASE_STATUSES),
        balance: Money,
        detail: z.string().optional(),
      }),
    )
    .describe(
      'the invoices the reference names first, then oldest due date first; the split is kept from the first time ' +
        'the payment id was received',
    ),
});
export type ClientPaymentResult = z.infer<typeof ClientPaymentResultSchema>;
export class ClientPaymentResultDto extends createZodDto(ClientPaymentResultSchema) {}
