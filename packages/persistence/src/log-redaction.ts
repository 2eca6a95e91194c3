import pino from 'pino';

/**
 * Keys whose values never reach a log line, at any depth, compared without case and punctuation
 * ("Relance-Signature" = "relanceSignature"): any key containing one of SENSITIVE_PARTS (a field
 * named later, `resendApiKey`, `x-auth-token`, is covered without being listed), and these:
 * cookies, signatures, invoice PDFs (`pdfBase64`: large, and personal data), the parameters of
 * SQL statements (TypeORM's QueryFailedError carries them: payloads, secrets, emails), and the
 * database URL (its password).
 */
const SENSITIVE_PARTS = /token|secret|key|password|authorization/;

const SENSITIVE = new Set(
  [
    'cookie',
    'signature',
    'relance-signature',
    'svix-signature',
    'pdfBase64',
    'parameters',
    'databaseUrl',
  ].map((k) => normalise(k)),
);

function normalise(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Whether the value of a field named `key` stays out of the logs. */
export function sensitive(key: string): boolean {
  const k = normalise(key);
  return SENSITIVE.has(k) || SENSITIVE_PARTS.test(k);
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
    out[key] = sensitive(key) ? '[redacted]' : redact(v, depth + 1, seen);
  return out;
}
