import { searchAttributeFlags } from '@relance/devstack';
import { describe, expect, it } from 'vitest';
import { currentSearchAttributes, SA, startSearchAttributes } from './search-attributes';

describe('the search attributes', () => {
  it('are registered, by the dev server and deploy/temporal/search-attributes.txt, exactly as SA defines them', () => {
    const flags = searchAttributeFlags();
    expect(flags.filter((_, i) => i % 2 === 0).every((f) => f === '--search-attribute')).toBe(true);
    const registered = flags.filter((_, i) => i % 2 === 1).map((f) => f.toLowerCase());
    const defined = Object.values(SA).map((key) => `${key.name}=${key.type}`.toLowerCase());
    expect(registered.sort()).toEqual(defined.sort());
  });
});

describe('startSearchAttributes', () => {
  const input = (currency: string, amountDue: string) => ({
    tenant: 'acme',
    externalId: 'INV-1',
    number: 'F-1',
    dueDate: '2026-12-15',
    currency,
    total: amountDue,
    amountDue,
    client: {
      name: 'C',
      email: 'c@example.com',
      locale: 'fr' as const,
      timezone: 'Europe/Paris',
      country: 'FR',
    },
    jurisdiction: 'FR' as const,
    policy: { steps: [] },
  });

  it('gives every attribute, the moving ones as the new case would upsert them', () => {
    const pairs = startSearchAttributes(input('EUR', '1200.50'), 'client-7');
    expect(Object.fromEntries(pairs.map(({ key, value }) => [key.name, value]))).toEqual({
      RelanceTenant: 'acme',
      RelanceStatus: 'pending',
      RelanceStage: 'none',
      RelanceBalance: 1200.5,
      RelanceClient: 'client-7',
      RelanceDueDate: new Date('2026-12-15T00:00:00Z'),
    });
    expect(pairs.map(({ key }) => key.name).sort()).toEqual(
      Object.values(SA)
        .map((k) => k.name)
        .sort(),
    );
    expect(pairs.slice(1, 4)).toEqual(
      currentSearchAttributes({ status: 'pending', stage: 'none', balanceMinor: 120050 }, 'EUR'),
    );
  });

  it('reads the balance in the currency’s own minor digits', () => {
    const balance = (currency: string, amount: string) =>
      startSearchAttributes(input(currency, amount), 'c').find(({ key }) => key.name === 'RelanceBalance')
        ?.value;
    expect(balance('JPY', '1200')).toBe(1200);
    expect(balance('TND', '10.125')).toBe(10.125);
  });
});
