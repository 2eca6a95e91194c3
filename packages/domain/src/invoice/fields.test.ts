import { describe, expect, it } from 'vitest';
import { HttpUrl, MultiLine, PositiveAmount, PublicHttpUrl, SingleLine } from './fields';
import { InvoiceInputSchema } from './invoice';
import { TenantSettingsSchema } from '../tenant/tenant';

const ok = (schema: { safeParse: (v: unknown) => { success: boolean } }, v: unknown) =>
  schema.safeParse(v).success;

describe('SingleLine', () => {
  it('accepts ordinary text, accents and symbols included', () => {
    for (const s of ['Jeanne Martin', 'Maître Durand & Associés', 'F-2026/0042 « test »', ''])
      expect(ok(SingleLine, s)).toBe(true);
  });

  it('refuses CR, LF and every other control character: C0, DEL, C1, U+2028 and U+2029', () => {
    const bad = [
      '\r',
      '\n',
      '\t',
      '\0',
      '\u001b',
      '\u001f',
      '\u007f',
      '\u0080',
      '\u0085',
      '\u009f',
      '\u2028',
      '\u2029',
    ];
    for (const c of bad)
      expect(ok(SingleLine, `Studio${c}Bcc: x@evil.example`), JSON.stringify(c)).toBe(false);
  });

  it('keeps the string methods: min and max chain as on z.string()', () => {
    expect(ok(SingleLine.min(1).max(3), '')).toBe(false);
    expect(ok(SingleLine.min(1).max(3), 'abcd')).toBe(false);
    expect(ok(SingleLine.min(1).max(3), 'abc')).toBe(true);
  });
});

describe('MultiLine', () => {
  it('keeps newlines and tabs, refuses the other control characters', () => {
    expect(ok(MultiLine, 'line 1\r\nline 2\n\tindented')).toBe(true);
    for (const c of ['\0', '\u0007', '\u000b', '\u000c', '\u001b', '\u007f', '\u0085'])
      expect(ok(MultiLine, `a${c}b`), JSON.stringify(c)).toBe(false);
  });
});

describe('HttpUrl', () => {
  it('accepts http and https URLs only', () => {
    expect(ok(HttpUrl, 'https://pay.example/i/42')).toBe(true);
    expect(ok(HttpUrl, 'http://pay.example/i/{externalId}')).toBe(true);
    for (const u of [
      'javascript:alert(1)',
      'data:text/html,hi',
      'file:///etc/passwd',
      'ftp://x.example/a',
      'pay.example/i/42',
    ])
      expect(ok(HttpUrl, u), u).toBe(false);
  });

  it('refuses a URL carrying a line break (the URL parser would silently drop it)', () => {
    expect(ok(HttpUrl, 'https://pay.example/i/42\r\nBcc: x@evil.example')).toBe(false);
  });
});

describe('PublicHttpUrl (issue 18: payment links)', () => {
  it('refuses credentials in the link, however written, since it is mailed to the debtor', () => {
    for (const u of [
      'https://user:pass@pay.example/i/42',
      'https://user@pay.example/i/42',
      'https://:pass@pay.example/',
      'HTTP://u:p@pay.example',
      'https://%ZZ@93.184.215.14/i.pdf',
      'https:\\\\u:p@pay.example/',
    ])
      expect(ok(PublicHttpUrl, u), u).toBe(false);
  });

  it('accepts links with an @ past the host (path, query, fragment) and templates', () => {
    for (const u of [
      'https://pay.example/i/42',
      'https://pay.example/to/a@b.example',
      'https://pay.example/?email=a@b.example',
      'https://pay.example/#a@b',
      'https://pay.example:8443/i/{externalId}',
    ])
      expect(ok(PublicHttpUrl, u), u).toBe(true);
  });

  it('is what paymentUrl and paymentUrlTemplate take (pdfUrl has its own rule)', () => {
    const invoice = InvoiceInputSchema.shape.paymentUrl.safeParse('https://u:p@pay.example/i/1');
    expect(invoice.success).toBe(false);
    const tenant = TenantSettingsSchema.shape.paymentUrlTemplate.safeParse(
      'https://u:p@pay.example/{number}',
    );
    expect(tenant.error?.issues[0]?.message).toMatch(/^must not contain a user name or password/);
  });
});

describe('PositiveAmount', () => {
  it('refuses zero however written, accepts the smallest positive amounts', () => {
    for (const z of ['0', '0.00', '000.000']) expect(ok(PositiveAmount, z)).toBe(false);
    for (const a of ['0.01', '1', '10.00']) expect(ok(PositiveAmount, a)).toBe(true);
  });
});
