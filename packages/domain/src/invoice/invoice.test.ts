import { describe, expect, it } from 'vitest';
import { toIssues } from '../policy/schema';
import { sampleClient, sampleInvoice } from '../testing';
import { InvoiceInputSchema, type ClientInput } from './invoice';

const body = (overrides: Record<string, unknown> = {}, client: Partial<ClientInput> = {}) => ({
  ...sampleInvoice({ number: 'F-2026-0001', dueDate: '2026-10-31', total: '100.00', amountDue: '100.00' }),
  client: sampleClient(client),
  ...overrides,
});

function issues(input: unknown) {
  const r = InvoiceInputSchema.safeParse(input);
  return r.success ? [] : toIssues(r.error).map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('InvoiceInputSchema: policy', () => {
  it('reports an inline policy with steps out of order at the step, with the policy rule, not "Invalid input"', () => {
    const policy = {
      steps: [
        { id: 'a', after: 'P8D', action: 'reminder', tone: 'friendly' },
        { id: 'b', after: 'P1D', action: 'reminder', tone: 'firm' },
      ],
    };
    expect(issues(body({ policy }))).toEqual([
      {
        path: 'policy.steps.1.after',
        message: 'must come strictly after steps[0] ("P8D") whatever the due date',
      },
    ]);
  });

  it('reports an unknown field of an inline policy at its own path', () => {
    const policy = {
      steps: [{ id: 'a', after: 'P1D', action: 'reminder', tone: 'friendly' }],
      colour: 'red',
    };
    expect(issues(body({ policy }))).toEqual([{ path: 'policy.colour', message: 'unknown field' }]);
  });

  it('reports a policy name that is too long as a string problem, and a number as neither form', () => {
    expect(issues(body({ policy: 'x'.repeat(65) }))[0]?.path).toBe('policy');
    expect(issues(body({ policy: 'x'.repeat(65) }))[0]?.message).toMatch(/<=64 characters/);
    expect(issues(body({ policy: 42 }))).toEqual([
      { path: 'policy', message: 'must be one of: string, object' },
    ]);
  });

  it('accepts a policy name and a valid inline policy', () => {
    expect(issues(body({ policy: 'gentle' }))).toEqual([]);
    expect(
      issues(body({ policy: { steps: [{ id: 'a', after: 'P1D', action: 'reminder', tone: 'friendly' }] } })),
    ).toEqual([]);
  });
});

describe('InvoiceInputSchema: single-line fields and URLs', () => {
  it('refuses CR/LF in the number and every client single-line field, naming each', () => {
    const paths = issues(
      body(
        { number: 'F-1\r\nBcc: x@evil.example' },
        { id: 'C\n1', name: 'Jeanne\rMartin', company: 'ACME\u2028SARL', phone: '+33\t1' },
      ),
    ).map((i) => i.path);
    expect(paths.sort()).toEqual(['client.company', 'client.id', 'client.name', 'client.phone', 'number']);
  });

  it('accepts only http(s) payment and PDF URLs', () => {
    expect(
      issues(body({ paymentUrl: 'javascript:alert(1)', pdfUrl: 'file:///etc/passwd' })).map((i) => i.path),
    ).toEqual(['paymentUrl', 'pdfUrl']);
    expect(issues(body({ paymentUrl: 'https://pay.example/i/1' }))).toEqual([]);
  });
});
