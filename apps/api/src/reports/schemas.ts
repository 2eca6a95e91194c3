import { DateString } from '@relance/domain';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

const Money = z.string().describe('decimal string in the currency');

export const AGING_BUCKETS = ['not_due', '1_30', '31_60', '61_90', '90_plus'] as const;

export const AgingReportSchema = z.object({
  asOf: z.string().describe("today in the tenant's time zone"),
  currencies: z.array(
    z.object({
      currency: z.string(),
      buckets: z.array(
        z.object({
          bucket: z.enum(AGING_BUCKETS).describe('days past the due date'),
          cases: z.number().int(),
          balance: Money,
        }),
      ),
      total: z.object({ cases: z.number().int(), balance: Money }),
    }),
  ),
});
export type AgingReport = z.infer<typeof AgingReportSchema>;
export class AgingReportDto extends createZodDto(AgingReportSchema) {}

export const AgingQuerySchema = z
  .object({
    by: z
      .enum(['currency', 'client'])
      .default('currency')
      .describe(
        "currency (default): the tenant's open balances per currency; client: one line per client account",
      ),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(100)
      .optional()
      .describe('by=client only: clients per page, 1–100 (default 20)'),
    cursor: z.string().max(1200).optional().describe('by=client only: the nextCursor of the previous page'),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (q.by === 'client') return;
    for (const field of ['limit', 'cursor'] as const)
      if (q[field] !== undefined)
        ctx.addIssue({ code: 'custom', path: [field], message: 'only with by=client' });
  });
export class AgingQueryDto extends createZodDto(AgingQuerySchema) {}

export const AgingByClientReportSchema = z.object({
  asOf: z.string().describe("today in the tenant's time zone"),
  by: z.literal('client'),
  clients: z
    .array(
      z.object({
        client: z.object({ id: z.string(), name: z.string(), company: z.string().optional() }),
        currencies: AgingReportSchema.shape.currencies,
      }),
    )
    .describe('the clients with an open case, in client id order'),
  nextCursor: z
    .string()
    .nullable()
    .describe('pass as ?cursor= (with by=client) for the next page; null on the last page'),
});
export type AgingByClientReport = z.infer<typeof AgingByClientReportSchema>;

export class AgingByClientReportDto extends createZodDto(AgingByClientReportSchema) {}

/** The longest period one effectiveness report covers, both ends included (a leap year). */
export const MAX_REPORT_DAYS = 366;

const periodDays = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;

export const EffectivenessQuerySchema = z
  .object({
    from: DateString.optional().describe(
      `first day of the period (default: 90 days before to); the period covers at most ${MAX_REPORT_DAYS} days`,
    ),
    to: DateString.optional().describe(
      `last day of the period, inclusive (default: today); the period covers at most ${MAX_REPORT_DAYS} days, both ends included`,
    ),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], error: 'must not be before from' })
  .refine((q) => !q.from || !q.to || q.from > q.to || periodDays(q.from, q.to) <= MAX_REPORT_DAYS, {
    path: ['from'],
    error: `the period may cover at most ${MAX_REPORT_DAYS} days`,
  });
export class EffectivenessQueryDto extends createZodDto(EffectivenessQuerySchema) {}

export const EffectivenessReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  steps: z.array(
    z.object({
      step: z.string().describe('policy step id'),
      reached: z.number().int().describe('cases where this step ran in the period'),
      paidAfter: z.object({
        cases: z
          .number()
          .int()
          .describe('of those, cases fully paid with this step as the last one before payment'),
        amounts: z
          .array(z.object({ currency: z.string(), amount: Money }))
          .describe('paid after this step, per currency'),
      }),
      medianDaysToPayment: z
        .number()
        .nullable()
        .describe('median days from the due date to the full payment, for those cases'),
    }),
  ),
});
export type EffectivenessReport = z.infer<typeof EffectivenessReportSchema>;
export class EffectivenessReportDto extends createZodDto(EffectivenessReportSchema) {}
