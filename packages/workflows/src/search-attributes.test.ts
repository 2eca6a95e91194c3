import { searchAttributeFlags } from '@relance/devstack';
import { describe, expect, it } from 'vitest';
import { SA } from './search-attributes';

describe('the search attributes', () => {
  it('are registered, by the dev server and deploy/temporal/search-attributes.txt, exactly as SA defines them', () => {
    const flags = searchAttributeFlags();
    expect(flags.filter((_, i) => i % 2 === 0).every((f) => f === '--search-attribute')).toBe(true);
    const registered = flags.filter((_, i) => i % 2 === 1).map((f) => f.toLowerCase());
    const defined = Object.values(SA).map((key) => `${key.name}=${key.type}`.toLowerCase());
    expect(registered.sort()).toEqual(defined.sort());
  });
});
