import { CASE_STATUSES, DateString, InvoiceInputSchema } from '@relance/domain';
import { pdfUrlProblem } from '@relance/workflows';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import type { FieldError } from '../common/problem';

// Requests: each schema validates the body or query and documents it in /openapi.json.

export class RegisterInvoiceDto extends createZodDto(InvoiceInputSchema) {}

/**
 * The registration's `pdfUrl` as the worker will fetch it: https on port 443 without credentials
 * unless its host is on RELANCE_PDF_FETCH_ALLOW_HOSTS. Checked after the schema, which cannot
 * know the deployment's allow-list; the worker applies the same rule to cases stored before it.
 */
export function pdfUrlIssues(body: { pdfUrl?: string }, allowHosts: readonly string[]): FieldError[] {
  const problem = body.pdfUrl === undefined ? undefined : pdfUrlProblem(body.pdfUrl, allowHosts);
  return problem ? [{ path: 'pdfUrl', message: problem }] : [];
}

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
