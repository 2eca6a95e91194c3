import { describe, expect, it } from 'vitest';
import { ClientContactBodySchema } from './schemas';

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
