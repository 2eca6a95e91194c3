/* eslint-disable @typescript-eslint/no-explicit-any -- edits the generated OpenAPI document */

/** The registration example of apps/api/README.md, shown in /docs. */
export const REGISTRATION_EXAMPLE = {
  externalId: 'INV-2026-0042',
  number: 'F-2026-0042',
  issueDate: '2026-09-15',
  dueDate: '2026-10-15',
  currency: 'EUR',
  total: '1200.00',
  net: '1000.00',
  tax: '200.00',
  amountDue: '1200.00',
  client: {
    id: 'C-17',
    name: 'Jeanne Martin',
    company: 'ACME SARL',
    email: 'compta@acme.example',
    cc: [],
    phone: '+33 1 23 45 67 89',
    locale: 'fr',
    timezone: 'Europe/Paris',
    type: 'business',
    country: 'FR',
  },
  jurisdiction: 'FR',
  paymentUrl: 'https://pay.example/i/42',
  penalties: { ratePercent: '12.00' },
};

/**
 * Field descriptions for the registration body, whose schema lives in @relance/domain: rules a
 * validator enforces beyond its pattern (cross-field checks, codes) are said here.
 */
const REGISTRATION_FIELDS: Record<string, string> = {
  externalId: 'your invoice id, unique per tenant; registration is idempotent on it',
  number: 'the invoice number shown to the client',
  issueDate: 'YYYY-MM-DD',
  dueDate: 'YYYY-MM-DD, not before issueDate',
  currency: 'ISO 4217 code, e.g. "EUR"',
  total:
    'total including tax, decimal string with the currency minor digits; equals net + tax when both are given',
  amountDue: 'outstanding balance at registration, > 0 and ≤ total',
  client: 'the debtor; email and timezone (IANA) are validated',
  jurisdiction: "penalty rules: FR, GB, or EU (Directive 2011/7/EU defaults); absent → the tenant's",
  pdfBase64: 'the invoice PDF, attached to reminders; or give pdfUrl (not both)',
  pdfUrl:
    'where the worker downloads the invoice PDF once (attached to reminders): https on port 443, on a public address, ' +
    'no user name or password in the URL, no redirect, at most 10 MiB; 422 otherwise',
  penalties:
    'ratePercent: contractual annual late-payment rate; statutory rules (and their floor) apply otherwise',
  policy:
    "an inline policy, or the name of one of the tenant's policies; absent → the tenant's default policy",
};

export function describeRegistration(document: any): void {
  const schema = document?.components?.schemas?.RegisterInvoiceDto;
  if (!schema?.properties) return;
  for (const [field, description] of Object.entries(REGISTRATION_FIELDS)) {
    if (schema.properties[field]) schema.properties[field].description = description;
  }
}
