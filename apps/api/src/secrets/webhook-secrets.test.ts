import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox, SecretKeyMismatch } from '@relance/persistence';
import { isSealedEntry, openEntries, sealEntry, sealLegacyEntries } from './webhook-secrets';

const box = new SecretBox(randomBytes(32));

describe('webhook secret entries', () => {
  it('stores a secret encrypted under an id, and reads it back', () => {
    const entry = sealEntry(box, 'tenant-a', 'whsec_one');
    expect(entry).toMatch(/^[A-Za-z0-9_-]{8}:enc:v2:/);
    expect(entry).not.toContain('whsec_one');
    expect(isSealedEntry(entry)).toBe(true);
    expect(openEntries(box, 'tenant-a', [entry])).toEqual([{ id: entry.slice(0, 8), secret: 'whsec_one' }]);
  });

  it("does not decrypt under another tenant: an entry copied to another tenant's row is useless", () => {
    const entry = sealEntry(box, 'tenant-a', 'whsec_one');
    expect(() => openEntries(box, 'tenant-b', [entry])).toThrow(SecretKeyMismatch);
  });

  it('encrypts plaintext entries written before encryption, keeping their id, and leaves sealed ones alone', () => {
    const sealed = sealEntry(box, 'tenant-a', 'whsec_new');
    const legacy = 'whsec_old_plaintext';
    const [before] = openEntries(box, 'tenant-a', [legacy]);
    const rewritten = sealLegacyEntries(box, 'tenant-a', [legacy, sealed])!;
    expect(rewritten[1]).toBe(sealed);
    expect(rewritten.every(isSealedEntry)).toBe(true);
    expect(rewritten.join()).not.toContain(legacy);
    expect(openEntries(box, 'tenant-a', rewritten)).toEqual([
      before,
      openEntries(box, 'tenant-a', [sealed])[0],
    ]);
    expect(sealLegacyEntries(box, 'tenant-a', rewritten)).toBeUndefined();
  });
});
