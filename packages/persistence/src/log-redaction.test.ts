import { describe, expect, it } from 'vitest';
import { redact, sensitive } from './log-redaction';

describe('redact (issue 18: by substring)', () => {
  it('hides every field whose name contains token, secret, key, password or authorization, in any case or spelling', () => {
    const names = [
      'resendApiKey',
      'x-api-key',
      'X-Auth-Token',
      'ADMIN_TOKEN',
      'refreshToken',
      'clientSecret',
      'WEBHOOK_SECRETS',
      'dbPassword',
      'Proxy-Authorization',
      'privateKey',
      'RELANCE_SECRET_KEY_PREVIOUS',
      'keys',
    ];
    const fields = Object.fromEntries(names.map((n) => [n, 'leak-me']));
    const out = redact({ ...fields, nested: [{ deeper: fields }] }) as Record<string, unknown>;
    expect(JSON.stringify(out)).not.toContain('leak-me');
    for (const n of names) expect(out[n], n).toBe('[redacted]');
  });

  it('still hides the listed fields that name no such word (signatures, cookies, PDFs, SQL parameters, the database URL)', () => {
    for (const n of [
      'cookie',
      'relance-signature',
      'svix-signature',
      'pdfBase64',
      'parameters',
      'DATABASE_URL',
    ])
      expect(sensitive(n), n).toBe(true);
  });

  it('keeps the fields a log line needs', () => {
    const line = {
      invoiceId: 'i-1',
      tenant: 'acme',
      status: 503,
      path: '/v1/invoices',
      email: 'a@b.example',
    };
    expect(redact(line)).toEqual(line);
  });
});
