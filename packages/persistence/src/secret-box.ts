import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

// v1 (before key ids): enc:v1:<iv>:<ciphertext+tag>; v2: enc:v2:<key id>:<iv>:<ciphertext+tag>.
const SEALED_V1 = /^enc:v1:([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]{22,})$/;
const SEALED_V2 = /^enc:v2:([A-Za-z0-9_-]{8}):([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]{22,})$/;

/** `RELANCE_SECRET_KEY`: 32 bytes as 64 hex digits or base64 (`openssl rand -hex 32`); undefined otherwise. */
export function parseSecretKey(text: string): Buffer | undefined {
  const trimmed = text.trim();
  const bytes = /^[0-9a-f]{64}$/i.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : /^[A-Za-z0-9+/_-]{43}={0,1}$/.test(trimmed)
      ? Buffer.from(trimmed, trimmed.includes('-') || trimmed.includes('_') ? 'base64url' : 'base64')
      : undefined;
  return bytes?.length === 32 ? bytes : undefined;
}

/**
 * Why a 32-byte key is not random enough, or undefined. 32 random bytes have about 30 distinct
 * values and no short period: keys typed or derived by hand (all zero, `abab…`, 00 01 02 …) fail.
 */
export function weakKeyReason(key: Buffer): string | undefined {
  const distinct = new Set(key).size;
  if (distinct === 1) return 'all its bytes are equal';
  for (let period = 2; period <= 16; period++)
    if (key.every((b, i) => i < period || b === key[i - period]))
      return `it repeats a pattern of ${period} bytes`;
  const step = (key[1]! - key[0]! + 256) % 256;
  if (key.every((b, i) => i === 0 || (b - key[i - 1]! + 256) % 256 === step))
    return 'it is a counting sequence';
  if (distinct < 16) return `it has only ${distinct} distinct byte values`;
  return undefined;
}

/** A public name of a key, stored with each ciphertext: which key opens it, without revealing it. */
export function secretKeyId(key: Buffer): string {
  return createHash('sha256').update('relance/secret-key-id/').update(key).digest('base64url').slice(0, 8);
}

export class SecretKeyMismatch extends Error {
  constructor(keyId?: string) {
    super(
      'a stored secret cannot be decrypted: RELANCE_SECRET_KEY is not the key it was encrypted with' +
        (keyId ? ` (key id ${keyId}; during a rotation, give that key as RELANCE_SECRET_KEY_PREVIOUS)` : ''),
    );
  }
}

/**
 * AES-256-GCM for secrets at rest: `enc:v2:<key id>:<iv>:<ciphertext+tag>` (base64url). The
 * `context` (e.g. the tenant and the secret id) is authenticated with it, so a value copied to
 * another row does not decrypt there. `previous` keys open what they sealed (during a rotation);
 * new values are always sealed with `key`.
 */
export class SecretBox {
  readonly keyId: string;
  private readonly keys: Map<string, Buffer>;

  constructor(
    private readonly key: Buffer,
    previous: Buffer[] = [],
  ) {
    for (const k of [key, ...previous])
      if (k.length !== 32) throw new Error('the secret key must be 32 bytes');
    this.keyId = secretKeyId(key);
    this.keys = new Map([key, ...previous].map((k) => [secretKeyId(k), k]));
  }

  static isSealed(value: string): boolean {
    return SEALED_V2.test(value) || SEALED_V1.test(value);
  }

  /** Sealed with this box's current key (nothing to do for a rotation). */
  isCurrent(sealed: string): boolean {
    return SEALED_V2.exec(sealed)?.[1] === this.keyId;
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `enc:v2:${this.keyId}:${iv.toString('base64url')}:${body.toString('base64url')}`;
  }

  open(sealed: string, context: string): string {
    const v2 = SEALED_V2.exec(sealed);
    if (v2) {
      const key = this.keys.get(v2[1]!);
      if (!key) throw new SecretKeyMismatch(v2[1]);
      return decrypt(key, v2[2]!, v2[3]!, context);
    }
    const v1 = SEALED_V1.exec(sealed);
    if (!v1) throw new Error('not a sealed secret');
    // Sealed before key ids: whichever key opens it (GCM's tag tells a wrong key apart).
    for (const key of this.keys.values()) {
      try {
        return decrypt(key, v1[1]!, v1[2]!, context);
      } catch {
        // the next key
      }
    }
    throw new SecretKeyMismatch();
  }
}

function decrypt(key: Buffer, ivText: string, bodyText: string, context: string): string {
  const iv = Buffer.from(ivText, 'base64url');
  const body = Buffer.from(bodyText, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(body.subarray(body.length - 16));
  try {
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new SecretKeyMismatch();
  }
}
