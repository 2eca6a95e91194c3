import { Currency, DateString, PositiveAmount, SingleLine } from '@relance/domain';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { Id, Reason } from './schemas';

// Amendments from the billing system (apps/api/README.md "Amendments"): bodies validated and documented.

export const CreditNoteBodySchema = z
  .object({
    id: Id.describe('your credit note id: recorded once per id; the same id with another body answers 409'),
    amount: PositiveAmount.describe(
      'in the invoice currency, more than zero, at most the balance, with at most its minor digits, e.g. "200.00"',
    ),
    issuedOn: DateString.describe('the day the credit note (avoir) was issued'),
    currency: Currency.optional().describe('when given, must be the invoice currency'),
    reason: Reason.optional(),
  })
  .strict();
export class CreditNoteBodyDto extends createZodDto(CreditNoteBodySchema) {}

export const DueDateBodySchema = z
  .object({ dueDate: DateString.describe('the new due date, not before the issue date') })
  .strict();
export class DueDateBodyDto extends createZodDto(DueDateBodySchema) {}

export const LetterBodySchema = z
  .object({
    postedOn: DateString.describe('the day the registered letter was posted'),
    trackingNumber: SingleLine.min(1).max(100).optional(),
    receivedOn: DateString.optional().describe(
      'the day it was received (acknowledgement of receipt); repeat with the same postedOn and trackingNumber to add it later',
    ),
  })
  .strict();
export class LetterBodyDto extends createZodDto(LetterBodySchema) {}
