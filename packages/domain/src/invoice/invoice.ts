import { z } from 'zod';
import { DomainError } from '../errors';
import { parseMoney } from '../money';
import { PolicySchema } from '../policy';
import {
  Country,
  Currency,
  DateString,
  DecimalAmount,
  Email,
  HttpUrl,
  PublicHttpUrl,
  JurisdictionSchema,
  Locale,
  RatePercent,
  SingleLine,
  TimeZone,
} from './fields';

export const ClientSchema = z
  .object({
    id: SingleLine.min(1).max(200),
    name: SingleLine.min(1).max(200),
    company: SingleLine.min(1).max(200).optional(),
    email: Email,
    cc: z.array(Email).max(10).optional(),
    phone: SingleLine.max(40).optional(),
    locale: Locale,
    timezone: TimeZone,
    type: z.enum(['business', 'consumer']),
    country: Country,
  })
  .strict();

/** 1 MiB request limit leaves room for a ~700 KB PDF in base64. */
const MAX_PDF_BASE64 = 1_000_000;

/** The registration body of `POST /v1/invoices` (apps/api/README.md). */
export const InvoiceInputSchema = z
  .object({
    externalId: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[A-Za-z0-9._:-]+$/, 'may contain letters, digits and . _ : - only'),
    number: SingleLine.min(1).max(100),
    issueDate: DateString,
    dueDate: DateString,
    currency: Currency,
    total: DecimalAmount,
    net: DecimalAmount.optional(),
    tax: DecimalAmount.optional(),
    amountDue: DecimalAmount,
    client: ClientSchema,
    jurisdiction: JurisdictionSchema.optional(),
    paymentUrl: PublicHttpUrl.optional(),
    pdfUrl: HttpUrl.optional(),
    pdfBase64: z
      .string()
      .max(MAX_PDF_BASE64)
      .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64')
      .optional(),
    penalties: z.object({ ratePercent: RatePercent }).strict().optional(),
    /** The name of one of the tenant's policies, or an inline policy. */
    policy: z.union([SingleLine.min(1).max(64), PolicySchema]).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    const minor: Record<string, number> = {};
    for (const field of ['total', 'net', 'tax', 'amountDue'] as const) {
      const value = v[field];
      if (value === undefined) continue;
      try {
        minor[field] = parseMoney(value, v.currency).minor;
      } catch (err) {
        // An unknown currency is reported once, on `currency`.
        if (err instanceof DomainError && err.code !== 'money.unknown_currency') {
          ctx.addIssue({ code: 'custom', path: [field], message: err.message });
        }
      }
    }
    if (minor.amountDue !== undefined && minor.total !== undefined && minor.amountDue > minor.total) {
      ctx.addIssue({ code: 'custom', path: ['amountDue'], message: 'must not exceed total' });
    }
    if (minor.amountDue === 0)
      ctx.addIssue({ code: 'custom', path: ['amountDue'], message: 'must be greater than zero' });
    if (
      minor.net !== undefined &&
      minor.tax !== undefined &&
      minor.total !== undefined &&
      minor.net + minor.tax !== minor.total
    ) {
      ctx.addIssue({ code: 'custom', path: ['total'], message: 'must equal net + tax' });
    }
    if (v.dueDate < v.issueDate)
      ctx.addIssue({ code: 'custom', path: ['dueDate'], message: 'must not be before issueDate' });
    if (v.pdfUrl && v.pdfBase64)
      ctx.addIssue({ code: 'custom', path: ['pdfBase64'], message: 'give pdfUrl or pdfBase64, not both' });
  });

export type InvoiceInput = z.infer<typeof InvoiceInputSchema>;
export type ClientInput = z.infer<typeof ClientSchema>;
