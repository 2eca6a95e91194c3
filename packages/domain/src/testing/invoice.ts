import type { ClientInput, InvoiceInput } from '../invoice';

/** The client of the registration example of apps/api/README.md: a French business, reminded in French. */
export function sampleClient(overrides: Partial<ClientInput> = {}): ClientInput {
  return {
    id: 'C-17',
    name: 'Jeanne Martin',
    company: 'ACME SARL',
    email: 'compta@acme.example',
    locale: 'fr',
    timezone: 'Europe/Paris',
    type: 'business',
    country: 'FR',
    ...overrides,
  };
}

/** A valid registration body: 1 200,00 € due 2026-11-01, nothing paid, owed by `sampleClient()`. */
export function sampleInvoice(overrides: Partial<InvoiceInput> = {}): InvoiceInput {
  return {
    externalId: 'INV-1',
    number: 'F-1',
    issueDate: '2026-10-01',
    dueDate: '2026-11-01',
    currency: 'EUR',
    total: '1200.00',
    amountDue: '1200.00',
    client: sampleClient(),
    ...overrides,
  };
}
