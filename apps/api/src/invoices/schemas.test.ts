import { describe, expect, it } from 'vitest';
import { ClientContactBodySchema } from '../cases/schemas';
import { pdfUrlIssues } from './schemas';

const paths = (body: unknown) => {
  const r = ClientContactBodySchema.safeParse(body);
  return r.success ? [] : r.error.issues.map((i) => i.path.join('.') || '(body)');
};

describe('ClientContactBodySchema', () => {
  it('accepts any one of email, phone and cc, cc: [] included (it removes the copies)', () => {
    expect(ClientContactBodySchema.safeParse({ email: 'new@acme.example' }).success).toBe(true);
    expect(ClientContactBodySchema.safeParse({ phone: '+33 1 23 45 67 89' }).success).toBe(true);
    expect(ClientContactBodySchema.safeParse({ cc: [] }).success).toBe(true);
  });

  it('refuses an empty body: a change names at least one field', () => {
    expect(paths({})).toEqual(['(body)']);
  });

  it('validates each field as the registration does, and refuses unknown fields', () => {
    expect(paths({ email: 'not-an-email' })).toEqual(['email']);
    expect(paths({ cc: ['ok@acme.example', 'nope'] })).toEqual(['cc.1']);
    expect(paths({ phone: '+33 1\r\nBcc: x@evil.example' })).toEqual(['phone']);
    expect(paths({ email: 'new@acme.example', name: 'Someone else' })).toEqual(['(body)']);
  });
});

describe('pdfUrlIssues (the registration pdfUrl as the worker fetches it)', () => {
  const issues = (pdfUrl: string, allowHosts: string[] = []) => pdfUrlIssues({ pdfUrl }, allowHosts);

  it.each([
    'https://%ZZ@93.184.215.14/i.pdf', // issue 18: this one crashed every worker
    'https://user:%ZZ@pdf.example/i.pdf',
    'https://user:pass@pdf.example/i.pdf',
    'https://user@pdf.example/i.pdf',
    'https://:pass@pdf.example/i.pdf',
  ])('refuses credentials in %s, naming pdfUrl', (url) => {
    expect(issues(url)).toEqual([{ path: 'pdfUrl', message: 'must not contain a user name or password' }]);
    expect(issues(url, ['pdf.example', '93.184.215.14'])).toHaveLength(1);
  });

  it('refuses http, other ports than 443, and what is not a URL', () => {
    expect(issues('http://pdf.example/i.pdf')[0]?.message).toMatch(/must be an https:\/\/ URL/);
    expect(issues('https://pdf.example:8443/i.pdf')[0]?.message).toMatch(/port 443 \(got 8443\)/);
    expect(issues('https://pdf.example:22/i.pdf')[0]?.path).toBe('pdfUrl');
    expect(issues('not a url')[0]?.message).toBe('must be an absolute URL');
  });

  it('accepts https on 443, and http or any port for an allow-listed development host', () => {
    expect(issues('https://pdf.example/i.pdf')).toEqual([]);
    expect(issues('https://pdf.example:443/i.pdf')).toEqual([]);
    expect(pdfUrlIssues({}, [])).toEqual([]);
    expect(issues('http://127.0.0.1:41234/i.pdf', ['127.0.0.1'])).toEqual([]);
    expect(issues('https://files.example:8443/i.pdf', ['files.example:8443'])).toEqual([]);
    expect(issues('https://files.example:8444/i.pdf', ['files.example:8443'])).toHaveLength(1);
  });
});
