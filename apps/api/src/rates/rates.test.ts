import type { ExecutionContext } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { Problem } from '../common/problem';
import { loadApiConfig, type ApiConfig } from '../config';
import { AdminTokenGuard } from './admin-token.guard';
import { RateFigureBodySchema } from './schemas';

const TOKEN = 'adm_0123456789abcdef0123456789';

describe('RateFigureBodySchema', () => {
  it('accepts a figure of each table', () => {
    for (const body of [
      { table: 'ecb', effectiveFrom: '2026-07-01', percent: '2.15' },
      { table: 'boe', effectiveFrom: '2026-06-30', percent: '3.75', source: 'MPC decision of 18 June 2026' },
      { table: 'fr-legal-other', effectiveFrom: '2026-07-01', percent: '2.6', replace: true },
      { table: 'fr-legal-individuals', effectiveFrom: '2027-01-01', percent: '0' },
    ])
      expect(RateFigureBodySchema.safeParse(body).success, JSON.stringify(body)).toBe(true);
  });

  it('names every invalid field at once: unknown table, bad date, three decimals', () => {
    const r = RateFigureBodySchema.safeParse({ table: 'fed', effectiveFrom: '2026-02-30', percent: '2.155' });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['table', 'must be one of ecb, boe, fr-legal-other, fr-legal-individuals'],
      ['effectiveFrom', expect.stringMatching(/date/)],
      ['percent', 'must be an annual percent with at most 2 decimals, like "2.15"'],
    ]);
  });

  it('refuses a percent over 100, a negative one, an unknown field, and a taux légal off a half-year start', () => {
    const issues = (body: object) =>
      RateFigureBodySchema.safeParse(body).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues({ table: 'ecb', effectiveFrom: '2026-07-01', percent: '100.01' })).toEqual([
      'percent: must be between 0 and 100',
    ]);
    expect(issues({ table: 'ecb', effectiveFrom: '2026-07-01', percent: '-0.10' })).toHaveLength(1);
    expect(issues({ table: 'ecb', effectiveFrom: '2026-07-01', percent: '2.15', rate: '2.15' })).toEqual([
      ': Unrecognized key: "rate"',
    ]);
    expect(issues({ table: 'fr-legal-other', effectiveFrom: '2026-08-01', percent: '2.60' })).toEqual([
      "effectiveFrom: the taux légal is set per half-year: give the half-year's first day, 2026-01-01 or 2026-07-01",
    ]);
  });
});

describe('AdminTokenGuard', () => {
  const context = (authorization?: string) =>
    ({
      switchToHttp: () => ({ getRequest: () => ({ headers: authorization ? { authorization } : {} }) }),
    }) as unknown as ExecutionContext;
  const guard = (token?: string) => new AdminTokenGuard({ admin: { token } } as ApiConfig);
  const problem = (fn: () => unknown): Problem => {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(Problem);
      return e as Problem;
    }
    throw new Error('expected a Problem');
  };

  it('answers 503 "admin API disabled" while RELANCE_ADMIN_TOKEN is unset, whatever the request', () => {
    const p = problem(() => guard().canActivate(context(`Bearer ${TOKEN}`)));
    expect([p.getStatus(), p.detail]).toEqual([
      503,
      'admin API disabled: set RELANCE_ADMIN_TOKEN to enable the /v1/admin routes',
    ]);
  });

  it('lets the admin token through and answers 401 to anything else, a tenant key included', () => {
    expect(guard(TOKEN).canActivate(context(`Bearer ${TOKEN}`))).toBe(true);
    for (const header of [undefined, `Bearer ${TOKEN}x`, TOKEN, 'Bearer rk_abcdefgh_tenantkey']) {
      const p = problem(() => guard(TOKEN).canActivate(context(header)));
      expect(p.getStatus()).toBe(401);
      expect(p.headers['WWW-Authenticate']).toBe('Bearer realm="admin"');
    }
  });
});

describe('loadApiConfig — RELANCE_ADMIN_TOKEN', () => {
  const env = {
    DATABASE_URL: 'postgres://relance:secret@db.internal:5432/relance',
    RELANCE_SECRET_KEY: '9f3c1be07a52d4e86c0f7b19a2e5d3c4b8f60a17e29d5c3b4a6f8e1d0c2b7a95',
  };
  it('is off by default, read when set, and refused when short (never echoed)', () => {
    expect(loadApiConfig(env).admin).toEqual({ token: undefined });
    expect(loadApiConfig({ ...env, RELANCE_ADMIN_TOKEN: TOKEN }).admin).toEqual({ token: TOKEN });
    expect(() => loadApiConfig({ ...env, RELANCE_ADMIN_TOKEN: 'short-token' })).toThrow(
      /RELANCE_ADMIN_TOKEN: must be at least 24 characters/,
    );
    expect(() => loadApiConfig({ ...env, RELANCE_ADMIN_TOKEN: 'short-token' })).not.toThrow(/short-token/);
  });
});
