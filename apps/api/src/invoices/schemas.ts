import {
  CASE_STATUSES,
  Currency,
  DateString,
  DecimalAmount,
  Email,
  InvoiceInputSchema,
} from '@relance/domain';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

// Requests: each schema validates the body or query and documents it in /openapi.json.

const Id = z.string().min(1).max(200);
const Instant = z
  .string()
  .datetime({ offset: true, message: 'must be an ISO-8601 date-time like "2026-11-22T10:00:00Z"' });
const Reason = z.string().min(1).max(1000);

export class RegisterInvoiceDto extends createZodDto(InvoiceInputSchema) {}

export const PaymentBodySchema = z
  .object({
    id: Id.describe('your payment id: a payment is counted once per id'),
    amount: DecimalAmount.describe('in the invoice currency, e.g. "500.00"'),
    paidAt: Instant,
    currency: Currency.optional().describe('when given, must be the invoice currency'),
    reference: z.string().max(200).optional(),
  })
  .strict();
export class PaymentBodyDto extends createZodDto(PaymentBodySchema) {}

export const ReplyBodySchema = z
  .object({
    id: Id.describe('your message id: a reply is recorded once per id'),
    from: Email,
    receivedAt: Instant,
    text: z.string().min(1).max(100_000),
  })
  .strict();
export class ReplyBodyDto extends createZodDto(ReplyBodySchema) {}

export const ReasonBodySchema = z.object({ reason: Reason }).strict();
export class ReasonBodyDto extends createZodDto(ReasonBodySchema) {}

export const EmptyBodySchema = z.object({}).strict().default({});
export class EmptyBodyDto extends createZodDto(EmptyBodySchema) {}

export const PromiseBodySchema = z
  .object({
    date: DateString.describe('the client promises to pay by this date'),
    note: z.string().max(1000).optional(),
  })
  .strict();
export class PromiseBodyDto extends createZodDto(PromiseBodySchema) {}

export const PaymentPlanBodySchema = z
  .object({
    instalments: z
      .array(z.object({ dueDate: DateString, amount: DecimalAmount }).strict())
      .min(1)
      .max(36)
      .describe('increasing dates, amounts summing to the balance'),
  })
  .strict();
export class PaymentPlanBodyDto extends createZodDto(PaymentPlanBodySchema) {}

export const ListQuerySchema = z
  .object({
    status: z.enum(CASE_STATUSES).optional(),
    stage: z.string().min(1).max(64).optional().describe('the last step run, e.g. "reminder_1", or "none"'),
    clientId: z.string().min(1).max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional().describe('the nextCursor of the previous page'),
  })
  .strict();
export class ListQueryDto extends createZodDto(ListQuerySchema) {}

export const PenaltiesQuerySchema = z
  .object({ asOf: DateString.optional().describe("default: today in the client's time zone") })
  .strict();
export class PenaltiesQueryDto extends createZodDto(PenaltiesQuerySchema) {}

// Responses: documented from the same kind of schema, and the views are typed against them.

const Money = z.string().describe('decimal string with the currency minor digits, e.g. "1200.00"');

export const TimelineEntrySchema = z.object({
  id: z.string(),
  at: z.string().datetime(),
  type: z.string().describe('registered, reminder_sent, payment_received, paid, … (SPEC §4)'),
  step: z.string().nullable(),
  data: z.record(z.unknown()),
});

export const NextActionSchema = z.object({ step: z.string(), action: z.string(), at: z.string() });

export const PenaltySummarySchema = z.object({
  asOf: z.string(),
  interest: Money.optional(),
  fixedFee: Money.optional(),
  total: Money.optional(),
  error: z.string().optional().describe('why penalties cannot be computed yet (e.g. a rate not published)'),
});

const CaseCoreShape = {
  externalId: z.string(),
  number: z.string(),
  workflowId: z.string(),
  status: z.enum(CASE_STATUSES),
  stage: z.string(),
  currency: z.string(),
  total: Money,
  paid: Money,
  balance: Money,
  issueDate: z.string(),
  dueDate: z.string(),
  daysOverdue: z.number().int(),
  client: z.object({ id: z.string(), name: z.string(), company: z.string().optional() }),
  nextAction: NextActionSchema.nullable(),
};

export const CaseViewSchema = z.object({
  ...CaseCoreShape,
  penalties: PenaltySummarySchema,
  promise: z.object({ date: z.string(), note: z.string().optional() }).optional(),
  plan: z
    .object({ instalments: z.array(z.object({ dueDate: z.string(), amount: Money })), paid: Money })
    .optional(),
  formalNotice: z.object({ sentOn: z.string(), deadline: z.string() }).optional(),
  timeline: z.array(TimelineEntrySchema),
});
export type CaseView = z.infer<typeof CaseViewSchema>;
export class CaseViewDto extends createZodDto(CaseViewSchema) {}

export const CaseSummarySchema = z.object({ ...CaseCoreShape, createdAt: z.string().datetime() });
export type CaseSummary = z.infer<typeof CaseSummarySchema>;

export const CaseListSchema = z.object({
  items: z.array(CaseSummarySchema),
  nextCursor: z.string().nullable().describe('pass as ?cursor= for the next page; null on the last page'),
});
export class CaseListDto extends createZodDto(CaseListSchema) {}

export const TimelineResponseSchema = z.object({
  externalId: z.string(),
  timeline: z.array(TimelineEntrySchema),
});
export class TimelineResponseDto extends createZodDto(TimelineResponseSchema) {}

export const PenaltiesResponseSchema = z.object({
  jurisdiction: z.enum(['FR', 'EU', 'GB']),
  clientType: z.enum(['business', 'consumer']),
  dueDate: z.string(),
  asOf: z.string(),
  currency: z.string(),
  principal: Money.describe('the balance interest runs on'),
  periods: z.array(
    z.object({
      from: z.string(),
      to: z.string(),
      days: z.number().int(),
      ratePercent: z.string(),
      basis: z
        .string()
        .describe('ecb_plus_10, ecb_plus_8, boe_plus_8, contractual, legal_rate_floor, legal_rate'),
      referenceRatePercent: z.string().nullable(),
      referenceDate: z.string().nullable(),
      interest: Money,
    }),
  ),
  interest: Money,
  fixedFee: Money,
  total: Money,
  notes: z.array(z.string()),
});
export type PenaltiesResponse = z.infer<typeof PenaltiesResponseSchema>;
export class PenaltiesResponseDto extends createZodDto(PenaltiesResponseSchema) {}
