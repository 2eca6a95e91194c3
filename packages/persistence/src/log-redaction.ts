import pino from 'pino';

/**
 * Keys whose values never reach a log line, at any depth, compared without case and punctuation
 * ("Relance-Signature" = "relanceSignature"): credentials, webhook secrets, the key of the secrets
 * at rest, invoice PDFs (`pdfBase64`: large, and personal data), and the parameters of SQL
 * statements (TypeORM's QueryFailedError carries them: payloads, secrets, emails).
 */
const SENSITIVE = new Set(
  [
    'authorization',
    'cookie',
    'apiKey',
    'password',
    'secret',
    'secrets',
    'webhookSecret',
    'webhookSecrets',
    'secretKey',
    'RELANCE_SECRET_KEY',
    'token',
    'signature',
    'relance-signature',
    'svix-signature',
    'pdfBase64',
    'parameters',
    'databaseUrl',
    'DATABASE_URL',
    'RESEND_API_KEY',
    'TEMPORAL_API_KEY',
    'METRICS_TOKEN',
  ].map((k) => normalise(k)),
);

function normalise(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const MAX_DEPTH = 10;

/** A copy of `value` with every sensitive key's value replaced; errors are serialised first. */
export function redact(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  seen.add(value);
  if (value instanceof Error) return redact(pino.stdSerializers.err(value), depth, seen);
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1, seen));
  if (Buffer.isBuffer(value) || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value))
    out[key] = SENSITIVE.has(normalise(key)) ? '[redacted]' : redact(v, depth + 1, seen);
  return out;
}
