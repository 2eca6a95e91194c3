import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseSecretKey, SecretBox, SecretKeyMismatch, secretKeyId, weakKeyReason } from './secret-box';

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
    expect(sealed).toMatch(/^enc:v2:/);
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

describe('weakKeyReason (issue 18)', () => {
  it('refuses keys that are not random: equal bytes, short patterns, counting sequences, few byte values', () => {
    expect(weakKeyReason(Buffer.alloc(32, 0))).toBe('all its bytes are equal');
    expect(weakKeyReason(Buffer.alloc(32, 0xa1))).toBe('all its bytes are equal');
    expect(weakKeyReason(Buffer.from('ab'.repeat(16), 'latin1'))).toBe('it repeats a pattern of 2 bytes');
    expect(weakKeyReason(Buffer.from('0123456789abcdef'.repeat(4), 'hex'))).toBe(
      'it repeats a pattern of 8 bytes',
    );
    expect(weakKeyReason(Buffer.from(Array.from({ length: 32 }, (_, i) => i)))).toBe(
      'it is a counting sequence',
    );
    // The first 32 digits of pi as bytes: no pattern, but 9 values only (no 0).
    const fewValues = Buffer.from([...'31415926535897932384626433832795'].map(Number));
    expect(weakKeyReason(fewValues)).toBe('it has only 9 distinct byte values');
  });

  it('accepts random keys (1,000 drawn)', () => {
    for (let i = 0; i < 1000; i++) expect(weakKeyReason(randomBytes(32))).toBeUndefined();
  });
});

describe('SecretBox key ids and former keys (issue 18)', () => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);

  /** A value sealed by the release before key ids: enc:v1:<iv>:<ciphertext+tag>. */
  const sealV1 = (key: Buffer, plaintext: string, context: string) => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `enc:v1:${iv.toString('base64url')}:${body.toString('base64url')}`;
  };

  it('stores the id of the key with each ciphertext', () => {
    const box = new SecretBox(newKey);
    expect(box.keyId).toBe(secretKeyId(newKey));
    expect(box.seal('whsec_abc', 'ctx')).toMatch(new RegExp(`^enc:v2:${box.keyId}:`));
    expect(secretKeyId(oldKey)).not.toBe(secretKeyId(newKey));
  });

  it('still opens values sealed before key ids, with the current key or a former one', () => {
    const v1 = sealV1(oldKey, 'whsec_old', 'ctx');
    expect(SecretBox.isSealed(v1)).toBe(true);
    expect(new SecretBox(oldKey).open(v1, 'ctx')).toBe('whsec_old');
    expect(new SecretBox(newKey, [oldKey]).open(v1, 'ctx')).toBe('whsec_old');
    expect(() => new SecretBox(newKey).open(v1, 'ctx')).toThrow(SecretKeyMismatch);
  });

  it('opens with the key the id names, seals with the current one, and names a missing key by its id', () => {
    const sealedOld = new SecretBox(oldKey).seal('whsec_x', 'ctx');
    const rotating = new SecretBox(newKey, [oldKey]);
    expect(rotating.open(sealedOld, 'ctx')).toBe('whsec_x');
    expect(rotating.isCurrent(sealedOld)).toBe(false);
    expect(rotating.isCurrent(rotating.seal('whsec_x', 'ctx'))).toBe(true);
    expect(() => new SecretBox(newKey).open(sealedOld, 'ctx')).toThrow(
      `RELANCE_SECRET_KEY is not the key it was encrypted with (key id ${secretKeyId(oldKey)}`,
    );
  });
});
