import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseSecretKey, SecretBox, SecretKeyMismatch } from './secret-box';

describe('parseSecretKey', () => {
  const key = randomBytes(32);

  it('reads 32 bytes given as hex, base64 or base64url', () => {
    expect(parseSecretKey(key.toString('hex'))).toEqual(key);
    expect(parseSecretKey(key.toString('base64'))).toEqual(key);
    expect(parseSecretKey(key.toString('base64url'))).toEqual(key);
  });

  it('refuses keys of another length and passphrases', () => {
    expect(parseSecretKey(randomBytes(16).toString('hex'))).toBeUndefined();
    expect(parseSecretKey(randomBytes(31).toString('base64'))).toBeUndefined();
    expect(parseSecretKey('correct horse battery staple')).toBeUndefined();
  });
});

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  it('round-trips a secret without leaving it readable, with a fresh IV each time', () => {
    const sealed = box.seal('whsec_abc', 'tenant-1/id-1');
    expect(sealed).toMatch(/^enc:v1:/);
    expect(sealed).not.toContain('whsec_abc');
    expect(SecretBox.isSealed(sealed)).toBe(true);
    expect(box.seal('whsec_abc', 'tenant-1/id-1')).not.toBe(sealed);
    expect(box.open(sealed, 'tenant-1/id-1')).toBe('whsec_abc');
  });

  it('refuses another context (a value copied to another tenant) and another key', () => {
    const sealed = box.seal('whsec_abc', 'tenant-1/id-1');
    expect(() => box.open(sealed, 'tenant-2/id-1')).toThrow(SecretKeyMismatch);
    expect(() => new SecretBox(randomBytes(32)).open(sealed, 'tenant-1/id-1')).toThrow(/RELANCE_SECRET_KEY/);
  });

  it('detects tampering', () => {
    const sealed = box.seal('whsec_abc', 'ctx');
    const flipped = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'B' : 'A') + sealed.slice(-1);
    expect(() => box.open(flipped, 'ctx')).toThrow(SecretKeyMismatch);
    expect(SecretBox.isSealed('whsec_plain')).toBe(false);
  });
});
