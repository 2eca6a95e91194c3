import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Keys look like `rk_<8-char prefix>_<secret>`; only the SHA-256 of the whole key is stored. */
export function mintApiKey(): string {
  return `rk_${randomBytes(6).toString('base64url').slice(0, 8)}_${randomBytes(24).toString('base64url')}`;
}

export function keyPrefix(key: string): string {
  const m = /^rk_([A-Za-z0-9_-]{8})_/.exec(key);
  return m ? m[1]! : key.slice(0, 8);
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Constant-time comparison of two hex digests. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

export function mintSecret(): string {
  return `whsec_${randomBytes(24).toString('base64url')}`;
}
