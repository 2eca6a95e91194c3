import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'enc:v1';
const SEALED = /^enc:v1:([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]{22,})$/;

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

export class SecretKeyMismatch extends Error {
  constructor() {
    super('a stored secret cannot be decrypted: RELANCE_SECRET_KEY is not the key it was encrypted with');
  }
}

/**
 * AES-256-GCM for secrets at rest: `enc:v1:<iv>:<ciphertext+tag>` (base64url). The `context`
 * (e.g. the tenant and the secret id) is authenticated with it, so a value copied to another row
 * does not decrypt there.
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('the secret key must be 32 bytes');
  }

  static isSealed(value: string): boolean {
    return SEALED.test(value);
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${VERSION}:${iv.toString('base64url')}:${body.toString('base64url')}`;
  }

  open(sealed: string, context: string): string {
    const m = SEALED.exec(sealed);
    if (!m) throw new Error('not a sealed secret');
    const iv = Buffer.from(m[1]!, 'base64url');
    const body = Buffer.from(m[2]!, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
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
}
