import { DateString, MultiLine } from '@relance/domain';
import { CALL_OUTCOMES } from '@relance/workflows';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { Reason } from './schemas';

// The creditor's word on a case (SPEC §3.2b): a hand-off decision, a call's outcome.

export const HandoffBodySchema = z
  .object({
    approve: z.boolean().describe('true: hand the case to the legal contact now; false: decline'),
    reason: Reason.optional().describe('why the hand-off is declined (kept on the timeline)'),
    keepChasing: z
      .boolean()
      .optional()
      .describe(
        'declining only: true puts the case on hold (paused) for you to chase by hand, resumable; ' +
          'false or absent closes it unrecovered with the reason',
      ),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.approve && b.keepChasing !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['keepChasing'],
        message: 'only when declining (approve: false)',
      });
  });
export class HandoffBodyDto extends createZodDto(HandoffBodySchema) {}

export const CallOutcomeBodySchema = z
  .object({
    outcome: z
      .enum(CALL_OUTCOMES)
      .describe('promised applies a promise, disputed a dispute, as their own routes'),
    note: MultiLine.min(1).max(1000).optional(),
    promiseDate: DateString.optional().describe(
      'required when outcome is promised: the client pays by this date',
    ),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.outcome === 'promised' && b.promiseDate === undefined)
      ctx.addIssue({ code: 'custom', path: ['promiseDate'], message: 'required when outcome is promised' });
    if (b.outcome !== 'promised' && b.promiseDate !== undefined)
      ctx.addIssue({ code: 'custom', path: ['promiseDate'], message: 'only when outcome is promised' });
  });
export class CallOutcomeBodyDto extends createZodDto(CallOutcomeBodySchema) {}
