import type { TenantEntity } from '@relance/persistence';
import { describe, expect, it, vi } from 'vitest';
import { OpenedSecrets } from './opened-secrets';

const tenant = (entries: string[], id = 't-1') => ({ id, webhookSecrets: entries }) as TenantEntity;

describe('OpenedSecrets', () => {
  it('decrypts the stored secrets of a tenant once, not per delivery', () => {
    const open = vi.fn((t: TenantEntity) => t.webhookSecrets.map((e) => `clear:${e}`));
    const cache = new OpenedSecrets(open);
    for (let i = 0; i < 5; i++) expect(cache.of(tenant(['a:enc']))).toEqual(['clear:a:enc']);
    expect(open).toHaveBeenCalledTimes(1);
  });

  it('never answers for secrets that changed: an added or removed secret is seen at once', () => {
    const open = vi.fn((t: TenantEntity) => t.webhookSecrets.map((e) => `clear:${e}`));
    const cache = new OpenedSecrets(open);
    cache.of(tenant(['a:enc']));
    expect(cache.of(tenant(['a:enc', 'b:enc']))).toEqual(['clear:a:enc', 'clear:b:enc']);
    expect(cache.of(tenant(['b:enc']))).toEqual(['clear:b:enc']);
    expect(cache.of(tenant([]))).toEqual([]);
    // Another tenant with the same entries is decrypted under its own id (the context differs).
    expect(cache.of(tenant(['b:enc'], 't-2'))).toEqual(['clear:b:enc']);
    expect(open).toHaveBeenCalledTimes(5);
  });

  it('decrypts again after its time to live, and keeps at most maxEntries values', () => {
    const open = vi.fn((t: TenantEntity) => [...t.webhookSecrets]);
    const cache = new OpenedSecrets(open, 1_000, 2);
    cache.of(tenant(['a']), 0);
    cache.of(tenant(['a']), 999);
    expect(open).toHaveBeenCalledTimes(1);
    cache.of(tenant(['a']), 1_000);
    expect(open).toHaveBeenCalledTimes(2);
    cache.of(tenant(['b']), 1_000);
    cache.of(tenant(['c']), 1_000); // evicts ['a'], the oldest
    cache.of(tenant(['a']), 1_001);
    expect(open).toHaveBeenCalledTimes(5);
  });
});
