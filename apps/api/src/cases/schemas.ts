import {
  CASE_STATUSES,
  Currency,
  DateString,
  DecimalAmount,
  Email,
  ClientSchema,
  JurisdictionSchema,
  MultiLine,
  PositiveAmount,
  RATE_TABLE_IDS,
  SingleLine,
  TIMELINE_TYPES,
  type CaseRecord,
  type ListedRecord,
} from '@relance/domain';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

// Requests: each schema validates the body or query and documents it in /openapi.json.

export const Id = SingleLine.min(1).max(200);
const Instant = z.iso.datetime({
  offset: true,
  error: 'must be an ISO-8601 date-time like "2026-11-22T10:00:00Z"',
});
export const Reason = MultiLine.min(1).max(1000);

export const PaymentBodySchema = z
  .object({
    id: Id.describe('your payment id: a payment is counted once per id'),
    amount: PositiveAmount.describe(
      'in the invoice currency, more than zero, with at most its minor digits (EUR 2, JPY 0), e.g. "500.00"',
    ),
    paidAt: Instant,
    currency: Currency.optional().describe('when given, must be the invoice currency'),
    reference: SingleLine.max(200).optional(),
  })
  .strict();
export class PaymentBodyDto extends createZodDto(PaymentBodySchema) {}

export const ReplyBodySchema = z
  .object({
    id: Id.describe('your message id: a reply is recorded once per id'),
    from: Email,
    receivedAt: Instant,
    text: z
      .string()
      .min(1)
      .max(100_000)
      .describe(
        'kept up to 10,000 characters (Unicode code points); a longer text is cut and its timeline entry says so ' +
          '(data.truncated, data.originalLength)',
      ),
    subject: SingleLine.max(1000)
      .optional()
      .describe(
        'the message subject: an out-of-office one ("Réponse automatique", "Out of office"…) marks it automatic',
      ),
    headers: z
      .record(z.string().min(1).max(200), z.string().max(2000))
      .refine((h) => Object.keys(h).length <= 200, 'at most 200 headers')
      .optional()
      .describe(
        'the message headers, name → value (any case): Auto-Submitted other than "no", X-Autoreply, X-Autorespond ' +
          'or Precedence auto_reply|bulk|junk|list mark it automatic (X-Auto-Response-Suppress alone does not)',
      ),
    automatic: z
      .boolean()
      .optional()
      .describe(
        'true: an automatic reply whatever its headers and subject; false: a person wrote it. Absent: decided from ' +
          '`headers` and `subject`. An automatic reply is recorded as auto_reply_received and pauses nothing.',
      ),
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
    note: MultiLine.max(1000).optional(),
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

/** The client's contact fields, validated as at registration; the ones given replace the stored ones. */
export const ClientContactBodySchema = ClientSchema.pick({ email: true, phone: true, cc: true })
  .partial()
  .strict()
  .refine((b) => b.email !== undefined || b.phone !== undefined || b.cc !== undefined, {
    error: 'give at least one of email, phone, cc',
  });
export class ClientContactBodyDto extends createZodDto(ClientContactBodySchema) {}

// Responses: documented from the same kind of schema, and the views are typed against them.

const Money = z.string().describe('decimal string with the currency minor digits, e.g. "1200.00"');

export const TimelineEntrySchema = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  type: z
    .string()
    .describe(
      `${TIMELINE_TYPES.join(', ')} (apps/api/README.md). A payment_received with data.accepted false was recorded, not ` +
        'applied (e.g. the case was closed); a reply_received with data.truncated true kept the first characters of the ' +
        'text (data.originalLength tells how many there were, in code points); a reply_received with data.unverified ' +
        "true came from an address that is neither the client's email nor a cc (data.paused: whether it paused the case).",
    ),
  step: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});

export const NextActionSchema = z.object({
  step: z.string(),
  action: z
    .string()
    .describe(
      'a policy action (reminder, formal_notice, legal_handoff), promise_check, instalment_reminder, instalment_check, ' +
        'action_required (the case waits for the creditor) or approve_handoff (the hand-off waits for your yes: ' +
        'POST …/handoff)',
    ),
  at: z.string(),
  reason: z.string().optional().describe('why the case waits (action_required)'),
});

export const ActionRequiredSchema = z
  .object({ step: z.string(), reason: z.string() })
  .describe(
    'a step that failed for good (provider refused the sender or address, no legal contact, invoice PDF unreachable): ' +
      'the case waits until it is fixed, then resume it (or PATCH the client contact)',
  );

export const PenaltySummarySchema = z.object({
  asOf: z.string(),
  interest: Money.optional(),
  fixedFee: Money.optional(),
  total: Money.optional(),
  provisional: z
    .boolean()
    .optional()
    .describe(
      'a reference rate is not loaded yet: the last published one was used, the total is subject to adjustment',
    ),
  missingFigures: z
    .array(z.string())
    .optional()
    .describe('ids of the reference figures to add, e.g. "ecb:2026-07-01" (see GET …/penalties)'),
  error: z
    .string()
    .optional()
    .describe('why penalties cannot be computed (e.g. a date before the rate tables)'),
});

/** The case record's fields a summary shows, documented; typed as the record's (`satisfies`). */
const ListedRecordSchema = z.object({
  status: z.enum(CASE_STATUSES),
  stage: z.string(),
  paid: Money,
  balance: Money,
  nextAction: NextActionSchema.nullable(),
  overpaid: Money.optional().describe(
    'received beyond the balance, present when more than zero: the creditor refunds or applies it',
  ),
  pausedReason: z
    .string()
    .optional()
    .describe('why an open case is on hold: client_reply, a manual pause reason, action_required…'),
  actionRequired: ActionRequiredSchema.optional(),
}) satisfies z.ZodType<ListedRecord>;

/** The arrangements and the notice of the record, which only the view of one case shows. */
const RecordDetailsSchema = z.object({
  promise: z.object({ date: z.string(), note: z.string().optional() }).optional(),
  plan: z
    .object({ instalments: z.array(z.object({ dueDate: z.string(), amount: Money })), paid: Money })
    .optional(),
  formalNotice: z.object({ sentOn: z.string(), deadline: z.string() }).optional(),
  credited: Money.optional().describe(
    'sum of the credit notes (avoirs): deducted from the balance, never counted as paid',
  ),
  creditNotes: z
    .array(z.object({ id: z.string(), amount: Money, issuedOn: z.string(), reason: z.string().optional() }))
    .optional(),
  registeredDueDate: z
    .string()
    .optional()
    .describe('present once the due date was changed: the registered one'),
  letters: z
    .array(
      z.object({
        postedOn: z.string(),
        trackingNumber: z.string().optional(),
        receivedOn: z.string().optional(),
      }),
    )
    .optional()
    .describe('registered letters recorded as posted (POST …/letters)'),
}) satisfies z.ZodType<
  Pick<
    CaseRecord,
    'promise' | 'plan' | 'formalNotice' | 'credited' | 'creditNotes' | 'registeredDueDate' | 'letters'
  >
>;

/** A case in a list or a view: the invoice's identity and the listed fields of its record. */
const CaseCoreShape = {
  externalId: z.string(),
  number: z.string(),
  workflowId: z.string(),
  currency: z.string(),
  total: Money,
  issueDate: z.string(),
  dueDate: z.string(),
  daysOverdue: z.number().int(),
  client: z.object({ id: z.string(), name: z.string(), company: z.string().optional() }),
  ...ListedRecordSchema.shape,
};

export const CaseViewSchema = z.object({
  ...CaseCoreShape,
  penalties: PenaltySummarySchema,
  ...RecordDetailsSchema.shape,
  timeline: z.array(TimelineEntrySchema),
});
export type CaseView = z.infer<typeof CaseViewSchema>;
export class CaseViewDto extends createZodDto(CaseViewSchema) {}

export const CaseSummarySchema = z.object({ ...CaseCoreShape, createdAt: z.iso.datetime() });
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

const MissingFigureSchema = z.object({
  id: z.string().describe('stable id: "ecb:2026-07-01", "boe:2026-06-30", "fr-legal-other:2026-H2"'),
  table: z.enum(RATE_TABLE_IDS).describe('the rate table, as named by POST /v1/admin/rates'),
  referenceDate: z
    .string()
    .describe('the effectiveFrom to add: the reference day, or the half-year’s first day'),
  halfYear: z.string().nullable().describe('taux légal only: "2026-H2"'),
  lastKnown: z
    .object({ effectiveFrom: z.string(), percent: z.string() })
    .describe('the last published figure known, used meanwhile'),
  label: z.string().describe('e.g. "ECB main refinancing rate on 2026-07-01"'),
});

export const PenaltiesResponseSchema = z.object({
  jurisdiction: JurisdictionSchema,
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
      provisional: z
        .boolean()
        .describe('the reference figure is not loaded yet: the rate is the last published one known'),
      missingFigure: z
        .string()
        .nullable()
        .describe('id of the figure to add for this period to become final'),
    }),
  ),
  interest: Money,
  fixedFee: Money,
  total: Money,
  notes: z.array(z.string()),
  provisional: z
    .boolean()
    .describe('some period is provisional: the total is subject to adjustment ("à parfaire")'),
  missingFigures: z
    .array(MissingFigureSchema)
    .describe('each reference figure the tables lack, once; an operator adds it with POST /v1/admin/rates'),
});
export type PenaltiesResponse = z.infer<typeof PenaltiesResponseSchema>;
export class PenaltiesResponseDto extends createZodDto(PenaltiesResponseSchema) {}
