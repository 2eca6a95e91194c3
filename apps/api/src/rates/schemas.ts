import { DateString, operatorFigureProblems, RATE_TABLE_IDS } from '@relance/domain';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

// One schema validates a figure for the admin route and the CLI, and documents it in /openapi.json.

const TABLE_HELP =
  'ecb: ECB main refinancing rate (FR/EU penalties); boe: Bank of England base rate (UK); ' +
  'fr-legal-other / fr-legal-individuals: French taux de l’intérêt légal, "autres cas" / "particuliers"';

const TableField = z
  .enum(RATE_TABLE_IDS, { error: `must be one of ${RATE_TABLE_IDS.join(', ')}` })
  .describe(TABLE_HELP);
const EffectiveFromField = DateString.describe(
  'ecb/boe: the day the rate is in force from (a change, or the reference day named by a missing figure); ' +
    'fr-legal-*: the first day of the half-year (2026-07-01 for H2 2026)',
);
const PercentField = z
  .string()
  .regex(/^\d{1,3}(\.\d{1,2})?$/, 'must be an annual percent with at most 2 decimals, like "2.15"')
  .refine((p) => Number(p) <= 100, 'must be between 0 and 100')
  .describe('annual percent as published, e.g. "2.15"');

export const RateFigureBodySchema = z
  .object({
    table: TableField,
    effectiveFrom: EffectiveFromField,
    percent: PercentField,
    source: z
      .string()
      .trim()
      .min(1)
      .max(500)
      .optional()
      .describe('where it was published (decision, arrêté, address)'),
    replace: z
      .boolean()
      .optional()
      .describe('replace a different figure already stored for that table and day (a correction)'),
  })
  .strict()
  // Rules between fields (a taux légal is per half-year) come from the domain, once each field is valid.
  .superRefine((figure, ctx) => {
    const fields = [
      TableField.safeParse(figure.table),
      EffectiveFromField.safeParse(figure.effectiveFrom),
      PercentField.safeParse(figure.percent),
    ];
    if (!fields.every((f) => f.success)) return;
    for (const p of operatorFigureProblems(figure))
      ctx.addIssue({ code: 'custom', path: p.path, message: p.message });
  });
export type RateFigureBody = z.infer<typeof RateFigureBodySchema>;
export class RateFigureBodyDto extends createZodDto(RateFigureBodySchema) {}

export const RateFigureSchema = z.object({
  table: z.enum(RATE_TABLE_IDS),
  effectiveFrom: z.string(),
  percent: z.string(),
  source: z.string().nullable(),
  createdBy: z.string().describe('cli or admin-api'),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime().nullable().describe('when it was last replaced'),
});
export type RateFigureView = z.infer<typeof RateFigureSchema>;

export const RateFigureResultSchema = z.object({
  outcome: z
    .enum(['created', 'unchanged', 'replaced'])
    .describe('unchanged: the same figure was already stored (adding it again is harmless)'),
  figure: RateFigureSchema,
});
export type RateFigureResult = z.infer<typeof RateFigureResultSchema>;
export class RateFigureResultDto extends createZodDto(RateFigureResultSchema) {}

export const RatesViewSchema = z.object({
  figures: z.array(RateFigureSchema).describe('the operator figures, by table and day'),
  tables: z
    .array(
      z.object({
        table: z.enum(RATE_TABLE_IDS),
        name: z.string(),
        source: z.string().describe('where to check the figures'),
        latest: z.object({ effectiveFrom: z.string(), percent: z.string() }).nullable(),
        verifiedThrough: z
          .string()
          .describe('last day the shipped table (and the operator figures) vouch for'),
        confirmed: z.array(z.string()).describe('ecb/boe: later days an operator confirmed'),
      }),
    )
    .describe('each table as penalties use it: shipped defaults with the operator figures over them'),
});
export type RatesView = z.infer<typeof RatesViewSchema>;
export class RatesViewDto extends createZodDto(RatesViewSchema) {}
